// A standalone Gmail emulator for a dev session: `tsx dev/gmail/serve.ts`.
// Env: GMAIL_EMULATOR_PORT (4010), GMAIL_EMULATOR_HOST (127.0.0.1), GMAIL_EMULATOR_STATE (.data/gmail-emulator.json).
import { startGmailEmulator } from './emulator.js';

const emulator = await startGmailEmulator({
  port: Number(process.env.GMAIL_EMULATOR_PORT ?? 4010),
  host: process.env.GMAIL_EMULATOR_HOST ?? '127.0.0.1',
  statePath: process.env.GMAIL_EMULATOR_STATE ?? '.data/gmail-emulator.json',
});
console.log(
  `Gmail emulator on ${emulator.url} (users: ${emulator.users.join(', ')}; faults: ${emulator.url}/_faults)`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}

// npm run mailbox -- import --user EMAIL --label NAME FILE_OR_DIR…
// Loads .eml files into the local Gmail emulator through the Gmail API (GMAIL_EMULATOR_URL).
import { parseArgs } from 'node:util';
import { DEFAULT_USER, importEmails } from '../dev/gmail/index.js';

const USAGE = `usage: mailbox import [--user EMAIL] --label NAME FILE_OR_DIR...

  --user   mailbox to load (default ${DEFAULT_USER})
  --label  Gmail label to put the messages under (created if missing)

Directories are searched recursively for .eml files.
Env: GMAIL_EMULATOR_URL (default http://127.0.0.1:4010), GMAIL_CLIENT_ID, GMAIL_CLIENT_SECRET.`;

class UsageError extends Error {}

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string', default: DEFAULT_USER },
      label: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const [command, ...files] = positionals;
  if (command !== 'import') throw new UsageError(command ? `unknown command: ${command}` : 'missing command');
  if (!values.label) throw new UsageError('missing --label');
  if (files.length === 0) throw new UsageError('missing FILE_OR_DIR');
  return { user: values.user, label: values.label, files };
}

async function assertReachable(url: string): Promise<void> {
  try {
    await fetch(`${url}/_faults`, { signal: AbortSignal.timeout(5_000) });
  } catch {
    throw new Error(
      `cannot reach the Gmail emulator at ${url} (is \`npm run dev\` running? set GMAIL_EMULATOR_URL)`,
    );
  }
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  if (!command) {
    console.log(USAGE);
    return 0;
  }
  const emulatorUrl = (process.env.GMAIL_EMULATOR_URL ?? 'http://127.0.0.1:4010').replace(/\/+$/, '');
  await assertReachable(emulatorUrl);
  const { imported, labelId } = await importEmails({
    emulatorUrl,
    ...command,
    clientId: process.env.GMAIL_CLIENT_ID,
    clientSecret: process.env.GMAIL_CLIENT_SECRET,
  });
  console.log(
    `imported ${imported} message(s) into ${command.user} under label "${command.label}" (${labelId})`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage =
      err instanceof UsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
    console.error(`mailbox: ${err instanceof Error ? err.message : String(err)}`);
    if (usage) console.error(USAGE);
    process.exit(1);
  },
);

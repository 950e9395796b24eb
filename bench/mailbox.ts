import { DEFAULT_USER, seedMessages } from '../dev/gmail/index.js';
import { fanoutMailbox, type GeneratedMailbox, generateMailbox } from './emails.js';
import type { BenchStack } from './setup.js';

export const BENCH_LABEL = 'Bookings';
export const FANOUT_LABEL = 'Fanout';

export interface SeededMailbox extends GeneratedMailbox {
  labelId: string;
  fanoutLabelId: string;
  seconds: number;
  bytes: number;
}

/**
 * N generated e-mails under one label of the emulator's user (imported through the Gmail API, as
 * `npm run mailbox` does), and five more under a second label for the fan-out connections. Every
 * benchmark connection watches one of these two labels from a workspace of its own.
 */
export async function seedMailbox(stack: BenchStack, n: number): Promise<SeededMailbox> {
  const t0 = performance.now();
  const generated = generateMailbox(n);
  const target = { emulatorUrl: stack.emulator.url, user: DEFAULT_USER, concurrency: 16 };
  const { labelId } = await seedMessages({ ...target, label: BENCH_LABEL, raws: generated.raws });
  const { labelId: fanoutLabelId } = await seedMessages({
    ...target,
    label: FANOUT_LABEL,
    raws: fanoutMailbox(),
  });
  return {
    ...generated,
    labelId,
    fanoutLabelId,
    seconds: (performance.now() - t0) / 1000,
    bytes: generated.raws.reduce((sum, r) => sum + Buffer.byteLength(r), 0),
  };
}

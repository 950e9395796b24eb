import { afterAll, beforeAll, inject } from 'vitest';
import { type PushStack, startPushStack } from '../../testing/push.js';
import type { StackOptions } from '../../testing/stack.js';
import { sharedServers } from './stack.js';

export type { PushStack } from '../../testing/push.js';

/** The run's Pub/Sub emulator (test/global-setup.ts), or null where it is not installed. */
export const pubsubEmulatorHost = (): string | null => inject('pubsubEmulatorHost') || null;

/** One push stack (testing/push.ts) for the whole file. */
export function usePushStack(
  use: (push: PushStack) => void,
  options: { stack?: StackOptions; healthyPollMinutes?: number } = {},
): void {
  let push: PushStack | undefined;
  beforeAll(async () => {
    push = await startPushStack(sharedServers(), { pubsubHost: pubsubEmulatorHost(), ...options });
    use(push);
  });
  afterAll(async () => {
    await push?.stop();
  });
}

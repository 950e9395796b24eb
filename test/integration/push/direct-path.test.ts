import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusQuery } from '../../../contracts/workflows.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../../testing/connections.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { type PushStack, startPushStack } from '../../../testing/push.js';
import { sharedServers } from '../../support/stack.js';

/**
 * The fallback `npm run dev` takes on a machine without the Pub/Sub emulator: the Gmail emulator
 * posts the push envelope itself (through the relay that signs it). Run here whether or not the
 * emulator is installed, so both paths stay tested.
 */
let push: PushStack;
beforeAll(async () => {
  push = await startPushStack(sharedServers(), { pubsubHost: null });
});
afterAll(async () => {
  await push?.stop();
});

describe('Gmail push without the Pub/Sub emulator', () => {
  it('reads a new mail by push, the Gmail emulator posting the envelope itself', async () => {
    expect(push.path.mode).toBe('direct');
    const conn = await createConnectedConnection(push.stack, { label: 'PushDirect' });
    const handle = await startConnectionWorkflow(push.stack, conn);
    await expect
      .poll(
        async () => {
          const s = await handle.query(statusQuery);
          return s.push.state === 'watching' && s.runCount === 1 && s.currentRun === null;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe(true);
    const [id] = await deliver(push.stack, conn.label, [airbnbConfirmation()]);
    await expect
      .poll(
        async () =>
          (
            await push.stack
              .sql`SELECT 1 FROM gmail_messages WHERE connection_id = ${conn.connectionId} AND gmail_message_id = ${id!}`
          ).length,
        { timeout: 30_000, interval: 100 },
      )
      .toBe(1);
    const runs = await push.stack.sql<{ trigger: string }[]>`
      SELECT trigger FROM sync_runs WHERE connection_id = ${conn.connectionId} ORDER BY started_at`;
    expect(runs.map((r) => r.trigger)).toEqual(['initial', 'push']);
    expect(push.path.relay.delivered().statuses[204]).toBeGreaterThanOrEqual(1);
    await handle.terminate();
  });
});

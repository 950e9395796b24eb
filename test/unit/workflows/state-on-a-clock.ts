import type { ConnectionWorkflowInput } from '../../../contracts/workflows.js';
import { ConnectionState } from '../../../workflows/connection-state.js';

export const T0 = Date.parse('2026-06-01T10:00:00.000Z');
export const MINUTE = 60_000;

export const INPUT: ConnectionWorkflowInput = {
  connectionId: 'c1',
  workspaceId: 'w1',
  label: 'Airbnb',
  intervalMinutes: 15,
  syncState: 'active',
  initialSync: false,
};

/** A connection's state on a clock the test moves by hand, from T0. */
export function stateAt(input: Partial<ConnectionWorkflowInput> = {}, opts = { push: false }) {
  const clock = { now: T0 };
  const s = new ConnectionState({ ...INPUT, ...input }, () => clock.now, opts);
  return { s, clock };
}

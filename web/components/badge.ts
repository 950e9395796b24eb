import type { Connection } from '../../api/connection-record.js';
import type { ConnectionStatus } from '../../api/connection-status.js';
import { gmailHealthOf } from '../../contracts/connection-state.js';
import { isErrorCode, REAUTH_CODES } from '../../contracts/errors.js';

export type BadgeKey = 'not_connected' | 'needs_reauth' | 'syncing' | 'paused' | 'error' | 'connected';

/** Each badge's words and symbol: the state is never told by colour alone. */
export const BADGES: Record<BadgeKey, { text: string; symbol: string }> = {
  not_connected: { text: 'Not connected', symbol: '○' },
  needs_reauth: { text: 'Needs re-auth', symbol: '⚠' },
  syncing: { text: 'Syncing', symbol: '↻' },
  paused: { text: 'Paused', symbol: '‖' },
  error: { text: 'Error', symbol: '✕' },
  connected: { text: 'Connected', symbol: '✓' },
};

type Facts = { connection: Connection; status: ConnectionStatus };

/**
 * First rule that holds wins. The state is the one the status answered (the workflow's, or the same
 * rule over Postgres: contracts/connection-state.ts); the badge only adds what the state name does
 * not say: whether there is a grant at all, and why a connection waits for a reconnect.
 */
const RULES: [BadgeKey, (f: Facts) => boolean][] = [
  ['not_connected', (f) => gmailHealthOf(f.connection.gmailStatus) === null],
  ['needs_reauth', (f) => f.status.state === 'needs_reauth' && grantLost(f)],
  ['syncing', (f) => f.status.state === 'syncing'],
  ['paused', (f) => f.status.state === 'paused'],
  // waiting for a reconnect for another reason: the consent found no such label
  ['error', (f) => f.status.state === 'error' || f.status.state === 'needs_reauth'],
  ['connected', () => true],
];

/** Google took access back, or no key opens the tokens (as far as the last error says). */
function grantLost(f: Facts): boolean {
  const code = f.status.lastError?.code ?? f.connection.lastError?.code;
  return code === undefined || (isErrorCode(code) && REAUTH_CODES.includes(code));
}

export function badgeOf(facts: Facts): BadgeKey {
  return RULES.find(([, holds]) => holds(facts))![0];
}

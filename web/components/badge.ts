import type { Connection } from '../../api/connection-record.js';
import type { ConnectionStatus } from '../../api/connection-status.js';
import { CODE } from '../../contracts/errors.js';

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

/** First rule that holds wins: the order is the precedence (a paused, revoked connection needs re-auth). */
const RULES: [BadgeKey, (f: Facts) => boolean][] = [
  ['needs_reauth', (f) => f.status.gmail === 'needs_reauth' && wasRevoked(f)],
  ['not_connected', (f) => f.connection.gmailStatus !== 'connected' && f.connection.gmailStatus !== 'error'],
  ['syncing', (f) => f.status.state === 'syncing'],
  ['paused', (f) => f.status.state === 'paused' || f.connection.syncState === 'paused'],
  ['error', (f) => f.status.state === 'error' || f.connection.gmailStatus === 'error'],
  ['connected', () => true],
];

/** Google took access back (as opposed to a person disconnecting, which forgets the tokens). */
function wasRevoked(f: Facts): boolean {
  return (
    f.status.state === 'needs_reauth' ||
    f.status.lastError?.code === CODE.AUTH_REVOKED ||
    f.connection.lastError?.code === CODE.AUTH_REVOKED
  );
}

export function badgeOf(facts: Facts): BadgeKey {
  return RULES.find(([, holds]) => holds(facts))![0];
}

import type { ConnectionStateName, GmailHealth, LastRun, SyncState } from './workflows.js';

/**
 * "What state is this connection in", decided once: by the connection workflow (its status query
 * and its `ConnectionState` search attribute), by the API when no workflow answers (the status
 * read from Postgres), by the rebuild of a lost workflow and its start options, and through those
 * by the web app's badge.
 *
 * Imported by workflow code: no I/O and no Node built-ins here.
 */

/** `connections.gmail_status`: the Gmail grant as Postgres records it. */
export const GMAIL_STATUSES = ['pending', 'connected', 'error', 'revoked'] as const;
export type GmailStatus = (typeof GMAIL_STATUSES)[number];

/**
 * The Gmail health each `gmail_status` stands for. `error` is a grant that waits for a person to
 * consent again, whatever the cause (Google took it back, no configured key opens its tokens, the
 * consent found no such label): the workflow parks until `reconnected`. `pending` (never
 * connected) and `revoked` (disconnected by a person) have no grant to be healthy or not: no
 * workflow watches them.
 */
const GMAIL_HEALTH: Record<GmailStatus, GmailHealth | null> = {
  pending: null,
  connected: 'ok',
  error: 'needs_reauth',
  revoked: null,
};

/** The Gmail health a connection workflow carries for this status; null: no workflow should run. */
export const gmailHealthOf = (status: GmailStatus): GmailHealth | null => GMAIL_HEALTH[status];

/** What the state name is decided from; the workflow and Postgres can both say each of them. */
export interface StateFacts {
  /** null: no grant at all (see gmailHealthOf) */
  gmail: GmailHealth | null;
  syncState: SyncState;
  /** a sync run is in flight (or, in the status answer, due to start at once) */
  running: boolean;
  /** how the latest finished run ended, if there was one */
  lastRun: LastRun['status'] | null;
}

/** First rule that holds wins: the order is the precedence (a paused, revoked connection needs re-auth). */
const STATE_RULES: [ConnectionStateName, (f: StateFacts) => boolean][] = [
  ['needs_reauth', (f) => f.gmail === 'needs_reauth'],
  ['paused', (f) => f.syncState === 'paused'],
  ['syncing', (f) => f.running],
  ['error', (f) => f.lastRun === 'failed'],
  ['idle', () => true],
];

export function stateNameOf(facts: StateFacts): ConnectionStateName {
  return STATE_RULES.find(([, holds]) => holds(facts))![0];
}

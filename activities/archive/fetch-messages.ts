import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CODE } from '../../contracts/errors.js';
import type { MessageFlag } from '../../contracts/message-flags.js';
import type { Fact } from '../../extraction/fact.js';
import type { StoredEmail } from '../../extraction/stored-email.js';
import { callGmail, type GmailCall, gmailStatusOf } from '../../gmail/call-gmail.js';
import type { Gmail } from '../../gmail/client.js';
import type { ActivityDeps } from '../deps.js';
import { archiveWithinBudget } from '../extract/budget/budgeted-message.js';
import type { MessagePool } from '../extract/budget/message-pool.js';

/** One message read from Gmail, parsed and extracted while its bytes are in memory. */
export interface FetchedMessage {
  id: string;
  threadId: string | null;
  historyId: string | null;
  internalDate: Date | null;
  raw: Buffer;
  stored: StoredEmail;
  flags: MessageFlag[];
  facts: Fact[];
  /** The start of its text when nobody could read it (flag `unrecognized`), else null. */
  excerpt: string | null;
}

export interface FetchOutcome {
  /** Messages handed to `take` (the others vanished from Gmail, or were not reached). */
  fetched: number;
  /** What stopped the fetching, or null when every id was asked for. */
  failure: unknown;
}

/**
 * Reads the ids' messages from Gmail, `deps.archiveConcurrency` at a time, handing each to `take` as
 * it arrives (parsed and extracted on the message pool); a message deleted since it was listed is
 * skipped. Stops taking new ids on the first failure other than a 5xx, or once `take` refuses, and
 * reports the failure instead of throwing, so the caller keeps what was read before it.
 */
export async function fetchMessages(
  deps: ActivityDeps,
  gmail: Gmail,
  connectionId: string,
  ids: readonly string[],
  take: (message: FetchedMessage) => boolean,
): Promise<FetchOutcome> {
  const call = callGmail(deps, connectionId);
  let fetched = 0;
  let failure: unknown = null;
  // Gmail unavailable (a 5xx, or the network) is one call's bad luck: the rest of the page is still
  // read, and the retry asks only for what failed; anything else (429, auth, quota) stops the page
  // at once
  let serverError: unknown = null;
  let stopped = false;
  let next = 0;
  const worker = async () => {
    while (next < ids.length && failure === null && !stopped) {
      const id = ids[next++]!;
      try {
        const message = await fetchOne(call, gmail, id, deps.messagePool);
        if (message) {
          fetched += 1;
          stopped = !take(message);
        }
      } catch (err) {
        if (err instanceof ApplicationFailure && err.type === CODE.GMAIL_UNAVAILABLE) serverError ??= err;
        else failure ??= err;
      }
      heartbeat({ fetched });
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.archiveConcurrency, ids.length) }, worker));
  return { fetched, failure: failure ?? serverError };
}

async function fetchOne(
  call: GmailCall,
  gmail: Gmail,
  id: string,
  pool: MessagePool,
): Promise<FetchedMessage | null> {
  try {
    const res = await call('messages.get', () =>
      gmail.users.messages.get({ userId: 'me', id, format: 'raw' }),
    );
    const raw = Buffer.from(res.data.raw ?? '', 'base64url');
    const internalDate = res.data.internalDate ? new Date(Number(res.data.internalDate)) : null;
    const archived = await archiveWithinBudget(pool, raw, res.data.sizeEstimate ?? raw.length, internalDate);
    return {
      id,
      threadId: res.data.threadId ?? null,
      historyId: res.data.historyId ?? null,
      internalDate,
      raw,
      ...archived,
    };
  } catch (err) {
    if (gmailStatusOf(err) === 404) return null;
    throw err;
  }
}

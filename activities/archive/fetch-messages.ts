import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/index.js';
import { CODE } from '../../contracts/errors.js';
import type { MessageFlag } from '../../contracts/message-flags.js';
import type { Fact } from '../../extraction/fact.js';
import { parseHeaderOnly } from '../../extraction/parse-email.js';
import { type StoredEmail, toStored } from '../../extraction/stored-email.js';
import { callGmail, type GmailCall, gmailStatusOf } from '../../gmail/call-gmail.js';
import { getMessageCapped, rawAnswerLimit } from '../../gmail/capped-message.js';
import type { Gmail } from '../../gmail/client.js';
import type { ActivityDeps } from '../deps.js';
import { archiveWithinBudget } from '../extract/budget/budgeted-message.js';
import type { MessageHold } from './message-bytes.js';

/** One message read from Gmail, parsed and extracted while its bytes are in memory. */
export interface FetchedMessage {
  id: string;
  threadId: string | null;
  historyId: string | null;
  internalDate: Date | null;
  /** The raw RFC 822 message; null for one over the size cap (only its headers are kept). */
  raw: Buffer | null;
  /** Its size: the bytes read, or what Gmail says for one that was not read. */
  sizeBytes: number;
  stored: StoredEmail;
  flags: MessageFlag[];
  facts: Fact[];
  /** The start of its text when nobody could read it (flag `unrecognized`), else null. */
  excerpt: string | null;
  /** Gives its bytes back to the worker's budget: once written, or dropped. */
  release(): void;
}

export interface FetchOutcome {
  /** Messages handed to `take` (the others vanished from Gmail, or were not reached). */
  fetched: number;
  /** What stopped the fetching, or null when every id was asked for. */
  failure: unknown;
}

/**
 * A header block larger than this is not read for a message over the cap: Gmail's own limit on a
 * message's headers is far below it, so more is an attack, and the message is archived bare.
 */
const METADATA_LIMIT_BYTES = 256 * 1024;

/**
 * Reads the ids' messages from Gmail, `deps.archiveConcurrency` at a time, handing each to `take` as
 * it arrives (parsed and extracted on the message pool); a message deleted since it was listed is
 * skipped. Every message holds its bytes in the worker's budget (`deps.messageBytes`) from before
 * its download until `take`'s writer has written it, so the pages of every connection together never
 * hold more mail than the budget. Stops taking new ids on the first failure other than a 5xx, or
 * once `take` refuses, and reports the failure instead of throwing, so the caller keeps what was
 * read before it.
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
        const message = await fetchOne(deps, call, gmail, connectionId, id);
        if (message) {
          fetched += 1;
          stopped = !take(message);
          if (stopped) message.release();
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

/**
 * One message, within the size cap and the byte budget: its raw form is read as a stream and left
 * the moment it passes the cap; such a message is archived from its metadata (headers and Gmail's
 * size, no body) with the flag `too_large`, and never asked for again. Null when it is gone.
 */
async function fetchOne(
  deps: ActivityDeps,
  call: GmailCall,
  gmail: Gmail,
  connectionId: string,
  id: string,
): Promise<FetchedMessage | null> {
  const maxRaw = deps.messagePool.budget.maxMessageBytes;
  const hold = await deps.messageBytes.hold();
  try {
    const read = await call('messages.get', () =>
      getMessageCapped(gmail, { id, format: 'raw' }, rawAnswerLimit(maxRaw), (bytes) => hold.need(bytes)),
    );
    const message = read.over
      ? await tooLarge(call, gmail, id, hold)
      : await parsed(deps, read.message, connectionId, hold);
    // keyed by the id the page listed, whatever the resource says
    return { ...message, id, release: () => hold.release() };
  } catch (err) {
    hold.release();
    if (gmailStatusOf(err) === 404) return null;
    throw err;
  }
}

type Read = Omit<FetchedMessage, 'release'>;

/** A message within the cap: decoded, parsed and extracted on the pool; it holds what it keeps. */
async function parsed(
  deps: ActivityDeps,
  resource: gmail_v1.Schema$Message,
  connectionId: string,
  hold: MessageHold,
): Promise<Read> {
  const raw = Buffer.from(resource.raw ?? '', 'base64url');
  resource.raw = null;
  const internalDate = dateOf(resource);
  // the bytes themselves say how large it is: Gmail's estimate is only an estimate
  const archived = await archiveWithinBudget(deps.messagePool, raw, raw.length, internalDate, connectionId);
  const tooBig = archived.flags.includes('too_large');
  const kept = tooBig ? 0 : raw.length;
  hold.settle(kept + (archived.stored.body_text?.length ?? 0) + (archived.stored.body_html?.length ?? 0));
  return {
    ...identity(resource),
    internalDate,
    raw: tooBig ? null : raw,
    sizeBytes: raw.length,
    ...archived,
  };
}

/** A message past the cap: what its metadata says (headers, Gmail's size), flagged `too_large`. */
async function tooLarge(call: GmailCall, gmail: Gmail, id: string, hold: MessageHold): Promise<Read> {
  hold.settle(0);
  const meta = await call('messages.get', () =>
    getMessageCapped(gmail, { id, format: 'metadata' }, METADATA_LIMIT_BYTES),
  );
  const resource: gmail_v1.Schema$Message = meta.over ? { id } : meta.message;
  const internalDate = dateOf(resource);
  const headerBlock = (resource.payload?.headers ?? []).map((h) => `${h.name}: ${h.value}\r\n`).join('');
  const stored = toStored(parseHeaderOnly(Buffer.from(`${headerBlock}\r\n`), 'too_large'), internalDate);
  return {
    ...identity(resource),
    internalDate,
    raw: null,
    sizeBytes: resource.sizeEstimate ?? 0,
    stored,
    flags: ['too_large'],
    facts: [],
    excerpt: null,
  };
}

function identity(resource: gmail_v1.Schema$Message) {
  return {
    id: resource.id ?? '',
    threadId: resource.threadId ?? null,
    historyId: resource.historyId ?? null,
  };
}

function dateOf(resource: gmail_v1.Schema$Message): Date | null {
  return resource.internalDate ? new Date(Number(resource.internalDate)) : null;
}

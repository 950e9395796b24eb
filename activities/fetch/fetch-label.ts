import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { CODE } from '../../contracts/errors.js';
import { callGmail, type GmailCall, gmailStatusOf } from '../../gmail/call-gmail.js';
import type { Gmail } from '../../gmail/client.js';
import { gmailForConnection } from '../../gmail/connected-gmail.js';
import type { ActivityDeps } from '../deps.js';

export const PAGE_SIZE = 500;

export interface FetchLabelPageInput {
  connectionId: string;
  labelId: string;
  mode: 'full' | 'incremental';
  pageToken: string | null;
  /** Incremental mode: the saved cursor. */
  startHistoryId: string | null;
  /** Ids per page, at most Gmail's 500. */
  pageSize?: number;
  /** The history id a push announced: an empty first listing behind it is asked again (below). */
  awaitHistoryId?: string;
}

/**
 * A push may arrive before Gmail's history shows the change: an incremental listing that finds
 * nothing while the mailbox's history id is still below the notified one is asked again after
 * these pauses (under 4 s in all), then the run ends empty and polling is the safety net.
 */
export const LAGGING_HISTORY_RETRY_MS = [250, 500, 1_000, 2_000];

export interface LabelPage {
  messageIds: string[];
  nextPageToken: string | null;
  /** The cursor to save once this page is archived (null: keep the old one). */
  historyIdAfterPage: string | null;
  /** Gmail no longer has history from the saved cursor: the caller must relist the label. */
  historyExpired: boolean;
}

/**
 * One page of message ids under the label: `messages.list` for a full relist, `history.list` for
 * what was added since the cursor. A full relist saves the mailbox's history id from *before*
 * listing, so mail that lands during the relist is seen again next time rather than lost.
 */
export function fetchLabelPage(deps: ActivityDeps) {
  return async (input: FetchLabelPageInput): Promise<LabelPage> => {
    const gmail = await gmailForConnection(
      { sql: deps.sql, cipher: deps.cipher, settings: deps.gmailSettings },
      input.connectionId,
    );
    const call = callGmail(deps, input.connectionId);
    if (input.pageToken === null) await assertLabelExists(call, gmail, input.labelId);
    if (input.mode === 'full') return listFull(call, gmail, input);
    for (let retry = 0; ; retry++) {
      const page = await listHistory(call, gmail, input);
      const pause = LAGGING_HISTORY_RETRY_MS[retry];
      if (pause === undefined || !historyBehind(input, page)) return page;
      await sleep(pause);
    }
  };
}

/** Nothing listed yet, and Gmail's history has not reached the id a push announced. */
function historyBehind(input: FetchLabelPageInput, page: LabelPage): boolean {
  if (!input.awaitHistoryId || input.pageToken !== null || page.historyExpired) return false;
  if (page.messageIds.length > 0) return false;
  const reached = page.historyIdAfterPage;
  return reached === null || isBelow(reached, input.awaitHistoryId);
}

/** Decimal history ids: the shorter is the smaller. */
function isBelow(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

async function assertLabelExists(call: GmailCall, gmail: Gmail, labelId: string) {
  try {
    await call('labels.get', () => gmail.users.labels.get({ userId: 'me', id: labelId }));
  } catch (err) {
    if (gmailStatusOf(err) === 404) {
      throw ApplicationFailure.nonRetryable(`Gmail label ${labelId} no longer exists`, CODE.LABEL_NOT_FOUND);
    }
    throw err;
  }
}

async function listFull(call: GmailCall, gmail: Gmail, input: FetchLabelPageInput): Promise<LabelPage> {
  const startedAt =
    input.pageToken === null
      ? ((await call('getProfile', () => gmail.users.getProfile({ userId: 'me' }))).data.historyId ?? null)
      : null;
  const res = await call('messages.list', () =>
    gmail.users.messages.list({
      userId: 'me',
      labelIds: [input.labelId],
      maxResults: Math.min(PAGE_SIZE, input.pageSize ?? PAGE_SIZE),
      includeSpamTrash: false,
      ...(input.pageToken ? { pageToken: input.pageToken } : {}),
    }),
  );
  return {
    messageIds: (res.data.messages ?? []).map((m) => m.id!).filter(Boolean),
    nextPageToken: res.data.nextPageToken ?? null,
    historyIdAfterPage: startedAt,
    historyExpired: false,
  };
}

async function listHistory(call: GmailCall, gmail: Gmail, input: FetchLabelPageInput): Promise<LabelPage> {
  try {
    const res = await call('history.list', () =>
      gmail.users.history.list({
        userId: 'me',
        startHistoryId: input.startHistoryId!,
        labelId: input.labelId,
        historyTypes: ['messageAdded', 'labelAdded'],
        maxResults: Math.min(PAGE_SIZE, input.pageSize ?? PAGE_SIZE),
        ...(input.pageToken ? { pageToken: input.pageToken } : {}),
      }),
    );
    const records = res.data.history ?? [];
    const ids = new Set<string>();
    for (const record of records) {
      for (const added of record.messagesAdded ?? []) if (added.message?.id) ids.add(added.message.id);
      for (const added of record.labelsAdded ?? []) {
        if (added.message?.id && (added.labelIds ?? []).includes(input.labelId)) ids.add(added.message.id);
      }
    }
    const nextPageToken = res.data.nextPageToken ?? null;
    // mid-listing, the cursor may only advance to the last record seen; at the end, to the mailbox's
    const lastRecord = records.at(-1)?.id ?? null;
    return {
      messageIds: [...ids],
      nextPageToken,
      historyIdAfterPage: nextPageToken ? lastRecord : (res.data.historyId ?? lastRecord),
      historyExpired: false,
    };
  } catch (err) {
    if (gmailStatusOf(err) === 404)
      return { messageIds: [], nextPageToken: null, historyIdAfterPage: null, historyExpired: true };
    throw err;
  }
}

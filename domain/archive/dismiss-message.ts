import { CODE, codesOf } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import { logActivity } from '../activity-log.js';
import { CodedError } from '../coded-error.js';

export const DISMISS_MESSAGE_ERRORS = codesOf(CODE.NOT_FOUND, CODE.MESSAGE_NOT_UNRECOGNIZED);
export type DismissMessageErrorCode = (typeof DISMISS_MESSAGE_ERRORS)[number];

/** Why a message could not be dismissed; the API answers with the same code. */
export class DismissMessageError extends CodedError<DismissMessageErrorCode> {
  override readonly name = 'DismissMessageError';
}

/** Which door a person used: the API's bearer token or the web app's session. */
export type DismissedBy = 'api' | 'web';

/**
 * A person says a mail nobody could read is not a booking: it leaves the review queue, keeps its
 * flag (what the extractor said stays true) and no longer counts in the connection's share of
 * unread mail. Only `unrecognized` mail can be dismissed; a second dismissal changes nothing (the
 * first one's time and door stand). The caller has checked that the connection is the workspace's.
 */
export async function dismissUnrecognizedMessage(
  sql: Sql,
  input: { workspaceId: string; connectionId: string; gmailMessageId: string; by: DismissedBy },
): Promise<void> {
  await sql.begin(async (tx) => {
    const [message] = await tx<{ flags: string[]; dismissed: boolean }[]>`
      SELECT flags, dismissed_at IS NOT NULL AS dismissed FROM gmail_messages
      WHERE connection_id = ${input.connectionId} AND gmail_message_id = ${input.gmailMessageId}
      FOR UPDATE`;
    if (!message) throw new DismissMessageError(CODE.NOT_FOUND, `message ${input.gmailMessageId} not found`);
    if (!message.flags.includes('unrecognized')) throw new DismissMessageError(CODE.MESSAGE_NOT_UNRECOGNIZED);
    if (message.dismissed) return;
    await tx`UPDATE gmail_messages SET dismissed_at = now(), dismissed_by = ${input.by}
      WHERE connection_id = ${input.connectionId} AND gmail_message_id = ${input.gmailMessageId}`;
    await logActivity(tx, {
      workspaceId: input.workspaceId,
      connectionId: input.connectionId,
      event: 'connector_review_mail_dismissed',
      context: { messageId: input.gmailMessageId, by: input.by },
    });
  });
}

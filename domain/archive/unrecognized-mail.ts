import type { Queryable } from '../../db/client.js';
import { recordEvent } from '../events/record-event.js';

/**
 * Mail nobody could read (flag `unrecognized`, extraction's `readMail`): every write of the flag
 * after a message is archived, and the outbox event that tells the host's systems, in one place.
 * The archive step writes the flag with the message (page-writer.ts) and calls `recordUnrecognized`
 * in the same transaction; the extract stage and reprocess set it to what the current extractor
 * says with `setUnrecognized`, so a mail the extractor now reads loses it and one it no longer
 * reads gains it. A person's dismissal ("not a booking") is kept either way.
 */

/** A message that has just been flagged, as the event and the metric need it. */
export interface FlaggedMessage {
  workspaceId: string;
  connectionId: string;
  gmailMessageId: string;
  sender: string | null;
}

/** Where the API answers for one archived message (api/routes/messages.ts). */
export function messagePath(connectionId: string, gmailMessageId: string): string {
  return `/api/connections/${connectionId}/messages/${encodeURIComponent(gmailMessageId)}`;
}

/**
 * One `message.unrecognized` event per newly flagged message, inside the caller's transaction. Thin:
 * the ids and where to read the rest, never the mail's subject, sender or text.
 */
export async function recordUnrecognized(tx: Queryable, messages: readonly FlaggedMessage[]): Promise<void> {
  for (const m of messages) {
    await recordEvent(tx, {
      workspaceId: m.workspaceId,
      type: 'message.unrecognized',
      data: {
        connectionId: m.connectionId,
        messageId: m.gmailMessageId,
        path: messagePath(m.connectionId, m.gmailMessageId),
      },
    });
  }
}

/** What the extractor said of one archived message (its archive id). */
export interface MessageReading {
  id: number;
  unrecognized: boolean;
  /** The start of its text, made when it is unrecognized. */
  excerpt: string | null;
}

/**
 * Sets the flag of each read message to what its reading said (with its excerpt; a message read
 * now keeps none), and records the event for those that gain it. Returns the messages that gained
 * it; losing it tells nobody: the mail is read now, and its facts go through matching like any other.
 */
export async function setUnrecognized(
  tx: Queryable,
  readings: readonly MessageReading[],
): Promise<FlaggedMessage[]> {
  const gained = readings.filter((r) => r.unrecognized).map((r) => ({ id: r.id, excerpt: r.excerpt }));
  const lost = readings.filter((r) => !r.unrecognized).map((r) => r.id);
  const flagged =
    gained.length === 0
      ? []
      : await tx<FlaggedMessage[]>`
          UPDATE gmail_messages m SET flags = array_append(m.flags, 'unrecognized'), excerpt = g.excerpt
          FROM json_to_recordset(${tx.json(gained)}::json) AS g(id bigint, excerpt text)
          WHERE m.id = g.id AND NOT ('unrecognized' = ANY(m.flags))
          RETURNING m.workspace_id AS "workspaceId", m.connection_id AS "connectionId",
            m.gmail_message_id AS "gmailMessageId", m.sender`;
  if (lost.length > 0) {
    await tx`UPDATE gmail_messages SET flags = array_remove(flags, 'unrecognized'), excerpt = NULL
      WHERE id = ANY(${lost}) AND 'unrecognized' = ANY(flags)`;
  }
  await recordUnrecognized(tx, flagged);
  return flagged;
}

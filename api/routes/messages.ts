import { z } from '@hono/zod-openapi';
import { CODE } from '../../contracts/errors.js';
import { isMessageFlag, MESSAGE_FLAGS } from '../../contracts/message-flags.js';
import type { Sql } from '../../db/client.js';
import { DismissMessageError, dismissUnrecognizedMessage } from '../../domain/archive/dismiss-message.js';
import { findOwnedConnection } from '../connection-record.js';
import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { createRouter } from '../router.js';
import { BigintCursor, IdParams, iso, json, PageQuery, page, Timestamp, toPage } from '../schemas.js';
import { ownedRoute } from '../workspace-route.js';

const MessageFlag = z.enum(MESSAGE_FLAGS).openapi('MessageFlag');

const ArchivedMessage = z
  .object({
    gmailMessageId: z.string(),
    subject: z.string().nullable(),
    from: z.string().nullable(),
    internalDate: Timestamp.nullable(),
    sizeBytes: z.number().int().nullable(),
    flags: z.array(MessageFlag).openapi({ description: 'empty unless the archive found something' }),
    excerpt: z.string().nullable().openapi({
      description:
        'mail nobody could read (flag unrecognized): the start of its text, plain text, at most 2,000 characters; null for other mail',
    }),
    dismissedAt: Timestamp.nullable().openapi({
      description: 'when a person said this unread mail is not a booking (POST …/dismiss)',
    }),
    dismissedBy: z
      .enum(['api', 'web'])
      .nullable()
      .openapi({ description: "the door they used: the API's token or the web app" }),
  })
  .openapi('ArchivedMessage');
export type ArchivedMessage = z.infer<typeof ArchivedMessage>;

const ArchivedMessagePage = page(ArchivedMessage).openapi('ArchivedMessagePage');
export type ArchivedMessagePage = z.infer<typeof ArchivedMessagePage>;

// only the two spellings: `?flagged=yes` is a mistake to report, not a filter to guess at
const Bool = (description: string) =>
  z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .openapi({ type: 'boolean', description });

const MessageQuery = PageQuery.extend({
  cursor: BigintCursor.optional(),
  flagged: Bool('only messages with at least one flag'),
  flag: MessageFlag.optional().openapi({ description: 'only messages with this flag' }),
  dismissed: Bool('only messages a person dismissed (true), or that no one has (false)'),
});

/** A Gmail message id as Gmail (and the emulator) writes it: opaque, case-sensitive, URL-safe. */
export const GmailMessageId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a Gmail message id')
  .openapi({ param: { name: 'messageId', in: 'path' }, example: '18f3c2a9b7d4e1f0' });
const MessageParams = IdParams.extend({ messageId: GmailMessageId });

const list = ownedRoute('messages', 'get /api/connections/{id}/messages', {
  summary: "The connection's archived e-mails, with what the archive flagged in them",
  query: MessageQuery,
  responses: { 200: json(ArchivedMessagePage, 'One page of messages, newest first') },
});

const one = ownedRoute('messages', 'get /api/connections/{id}/messages/{messageId}', {
  summary: 'One archived e-mail of the connection (what a `message.unrecognized` event points at)',
  params: MessageParams,
  responses: { 200: json(ArchivedMessage, 'The message') },
});

const dismiss = ownedRoute('messages', 'post /api/connections/{id}/messages/{messageId}/dismiss', {
  summary: 'Say that an e-mail nobody could read is not a booking: it leaves the review queue',
  params: MessageParams,
  errors: [409],
  responses: { 200: json(ArchivedMessage, 'The message, dismissed (a second dismissal changes nothing)') },
});

interface MessageRow {
  id: string;
  gmail_message_id: string;
  subject: string | null;
  sender: string | null;
  internal_date: Date | null;
  size_bytes: number | null;
  flags: string[];
  excerpt: string | null;
  dismissed_at: Date | null;
  dismissed_by: 'api' | 'web' | null;
}

function messageColumns(sql: Sql) {
  return sql`m.id::text AS id, m.gmail_message_id, m.subject, m.sender, m.internal_date, m.size_bytes,
    m.flags, m.excerpt, m.dismissed_at, m.dismissed_by`;
}

export function messageRoutes({ sql }: AppDeps) {
  const readOne = async (connectionId: string, gmailMessageId: string): Promise<ArchivedMessage> => {
    const [row] = await sql<MessageRow[]>`
      SELECT ${messageColumns(sql)} FROM gmail_messages m
      WHERE m.connection_id = ${connectionId} AND m.gmail_message_id = ${gmailMessageId}`;
    if (!row) throw new AppError(CODE.NOT_FOUND, `message ${gmailMessageId} not found`);
    return toMessage(row);
  };
  return createRouter()
    .openapi(list, async (c) => {
      const conn = await findOwnedConnection(sql, c.get('workspaceId'), c.req.valid('param').id);
      const q = c.req.valid('query');
      // a message without a date sorts as the oldest; the same expression orders and resumes
      const rows = await sql<MessageRow[]>`
        SELECT ${messageColumns(sql)}
        FROM gmail_messages m
        WHERE m.connection_id = ${conn.id}
          ${q.flagged ? sql`AND cardinality(m.flags) > 0` : sql``}
          ${q.flag ? sql`AND ${q.flag} = ANY(m.flags)` : sql``}
          ${q.dismissed === undefined ? sql`` : q.dismissed ? sql`AND m.dismissed_at IS NOT NULL` : sql`AND m.dismissed_at IS NULL`}
          ${
            q.cursor
              ? sql`AND (coalesce(m.internal_date, '-infinity'), m.id) <
                  (SELECT coalesce(internal_date, '-infinity'), id FROM gmail_messages
                   WHERE id = ${q.cursor}::bigint AND connection_id = ${conn.id})`
              : sql``
          }
        ORDER BY coalesce(m.internal_date, '-infinity') DESC, m.id DESC
        LIMIT ${q.limit + 1}`;
      return c.json(toPage(rows, q.limit, toMessage), 200);
    })
    .openapi(one, async (c) => {
      const { id, messageId } = c.req.valid('param');
      const conn = await findOwnedConnection(sql, c.get('workspaceId'), id);
      return c.json(await readOne(conn.id, messageId), 200);
    })
    .openapi(dismiss, async (c) => {
      const { id, messageId } = c.req.valid('param');
      const workspaceId = c.get('workspaceId');
      const conn = await findOwnedConnection(sql, workspaceId, id);
      const by = c.get('door') ?? 'api';
      try {
        await dismissUnrecognizedMessage(sql, {
          workspaceId,
          connectionId: conn.id,
          gmailMessageId: messageId,
          by,
        });
      } catch (err) {
        if (err instanceof DismissMessageError)
          throw new AppError(err.code, err.message, undefined, { cause: err });
        throw err;
      }
      return c.json(await readOne(conn.id, messageId), 200);
    });
}

function toMessage(r: MessageRow): ArchivedMessage {
  return {
    gmailMessageId: r.gmail_message_id,
    subject: r.subject,
    from: r.sender,
    internalDate: iso(r.internal_date),
    sizeBytes: r.size_bytes,
    // the column is plain text[]: a code this build does not know is left out, not a broken answer
    flags: r.flags.filter(isMessageFlag),
    excerpt: r.excerpt,
    dismissedAt: iso(r.dismissed_at),
    dismissedBy: r.dismissed_by,
  };
}

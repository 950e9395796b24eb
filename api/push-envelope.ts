import { z } from '@hono/zod-openapi';
import { CODE } from '../contracts/errors.js';
import { AppError } from './errors.js';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** The body a Pub/Sub push subscription POSTs (its wrapped form); data is the Gmail notification. */
export const PushEnvelope = z
  .object({
    message: z
      .object({
        data: z.string().min(1).max(4096).regex(BASE64, 'must be base64').openapi({
          description: 'base64 of the JSON {"emailAddress": …, "historyId": …} Gmail published',
          example: 'eyJlbWFpbEFkZHJlc3MiOiJob3N0QGV4YW1wbGUuY29tIiwiaGlzdG9yeUlkIjoiMTIzNDUifQ==',
        }),
        messageId: z.string().min(1).max(256).optional(),
        message_id: z.string().min(1).max(256).optional(),
        publishTime: z.string().max(64).optional(),
        publish_time: z.string().max(64).optional(),
        attributes: z.record(z.string(), z.string()).optional(),
      })
      .refine((m) => (m.messageId ?? m.message_id) !== undefined, {
        message: 'messageId is required',
        path: ['messageId'],
      }),
    subscription: z
      .string()
      .min(1)
      .max(512)
      .openapi({ example: 'projects/my-project/subscriptions/gmail-push' }),
  })
  .openapi('PushEnvelope');
export type PushEnvelope = z.infer<typeof PushEnvelope>;

const HistoryId = z.union([
  z.string().regex(/^\d{1,20}$/, 'must be a decimal history id'),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);
const GmailNotification = z.object({
  emailAddress: z.string().email().max(320),
  historyId: HistoryId.transform(String),
});
export type GmailNotification = z.output<typeof GmailNotification>;

/** The notification inside `message.data`; anything else is 400 naming the field. */
export function notificationOf(envelope: PushEnvelope): GmailNotification {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(envelope.message.data, 'base64').toString('utf8'));
  } catch {
    throw malformed('body.message.data', 'is not base64 of a JSON object');
  }
  const parsed = GmailNotification.safeParse(decoded);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw malformed(['body.message.data', ...issue.path.map(String)].join('.'), issue.message);
}

/** The Pub/Sub message id, whichever spelling the subscription used. */
export const messageIdOf = (envelope: PushEnvelope): string =>
  (envelope.message.messageId ?? envelope.message.message_id)!;

function malformed(path: string, message: string): AppError {
  return new AppError(CODE.VALIDATION_FAILED, 'invalid body', [{ path, message }]);
}

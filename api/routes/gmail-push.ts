import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { pushVerificationOf } from '../../config/env.js';
import { CODE } from '../../contracts/errors.js';
import type { Sql } from '../../db/client.js';
import type { PushNotificationMetrics } from '../../metrics/push-notifications.js';
import type { ApiEnv, AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { messageIdOf, notificationOf, PushEnvelope } from '../push-envelope.js';
import { type PushTokenVerifier, pushTokenVerifier } from '../push-token.js';
import { createRouter } from '../router.js';
import { errorResponses, jsonBody } from '../schemas.js';
import { notifyPush } from '../workflow-client.js';

const push = createRoute({
  method: 'post',
  path: '/api/gmail/push',
  tags: ['gmail'],
  summary: 'Pub/Sub push endpoint for Gmail notifications',
  description:
    "Called by Google Cloud Pub/Sub, not by a workspace: authenticated by the push subscription's OIDC token " +
    '(audience this endpoint, issuer Google, the configured service account). Answers 204 at once: each ' +
    'connected connection of the mailbox is asked for a run (trigger `push`), coalesced by its workflow; a ' +
    'message id already handled, or a mailbox no connection reads, is acknowledged and starts nothing.',
  security: [{ pubsubOidc: [] }],
  middleware: [] as MiddlewareHandler<ApiEnv>[],
  request: { body: jsonBody(PushEnvelope) },
  responses: {
    204: { description: 'Acknowledged' },
    ...errorResponses(401, 503),
  },
});

/** `POST /api/gmail/push`: public (Pub/Sub carries no workspace token), guarded by the OIDC check. */
export function gmailPushRoutes(deps: AppDeps, metrics: PushNotificationMetrics) {
  const verify = pushTokenVerifier(pushVerificationOf(deps.env));
  const target = { temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE };
  const route = { ...push, middleware: [pushToken(verify, metrics)] };
  return createRouter().openapi(
    route,
    async (c) => {
      const envelope = c.req.valid('json');
      const notification = counted(metrics, () => notificationOf(envelope));
      const messageId = messageIdOf(envelope);
      if (!(await firstReceipt(deps.sql, messageId))) {
        metrics.record('duplicate');
        return c.body(null, 204);
      }
      const connections = await connectionsOfMailbox(deps.sql, notification.emailAddress);
      if (connections.length === 0) {
        metrics.record('unknown_mailbox');
        c.get('log').info(
          { event: 'push_unknown_mailbox', messageId },
          'push for a mailbox no connection reads',
        );
        return c.body(null, 204);
      }
      try {
        await Promise.all(
          connections.map((id) => notifyPush(target, id, { historyId: notification.historyId })),
        );
      } catch (err) {
        // Temporal did not take it: forget the receipt, so Pub/Sub's redelivery is not a duplicate
        await deps.sql`DELETE FROM gmail_push_receipts WHERE message_id = ${messageId}`;
        throw err;
      }
      metrics.record('accepted');
      return c.body(null, 204);
    },
    (result) => {
      if (!result.success) {
        metrics.record('malformed');
        const fields = result.error.issues.map((issue) => ({
          path: ['body', ...issue.path.map(String)].join('.'),
          message: issue.message,
        }));
        throw new AppError(CODE.VALIDATION_FAILED, 'invalid body', fields);
      }
      return undefined;
    },
  );
}

/** A notification that does not decode is counted as malformed on its way to the 400. */
function counted<T>(metrics: PushNotificationMetrics, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    metrics.record('malformed');
    throw err;
  }
}

/** The OIDC check, before the body is read: a caller without a valid token learns nothing else. */
function pushToken(verify: PushTokenVerifier, metrics: PushNotificationMetrics): MiddlewareHandler<ApiEnv> {
  return async function pushToken(c, next) {
    const verdict = await verify(c.req.header('Authorization'));
    if (!verdict.ok) {
      metrics.record('unauthorized');
      c.get('log').info({ event: 'push_refused', reason: verdict.reason }, 'push token refused');
      throw new AppError(CODE.PUSH_UNAUTHORIZED);
    }
    await next();
  };
}

/** True the first time a Pub/Sub message id is seen (a day's worth are kept; older ones go as new ones come). */
async function firstReceipt(sql: Sql, messageId: string): Promise<boolean> {
  const [inserted] = await sql`
    WITH pruned AS (DELETE FROM gmail_push_receipts WHERE received_at < now() - interval '1 day')
    INSERT INTO gmail_push_receipts (message_id) VALUES (${messageId})
    ON CONFLICT (message_id) DO NOTHING RETURNING 1 AS first`;
  return inserted !== undefined;
}

/** The connected connections of a mailbox (any workspace), marked as notified now. */
async function connectionsOfMailbox(sql: Sql, emailAddress: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    UPDATE connections SET last_push_at = now()
    WHERE lower(gmail_address) = lower(${emailAddress}) AND gmail_status = 'connected'
    RETURNING id`;
  return rows.map((r) => r.id);
}

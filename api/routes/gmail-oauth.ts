import { createRoute, z } from '@hono/zod-openapi';
import type { Auth } from 'googleapis';
import { getCookie } from 'hono/cookie';
import { CODE } from '../../contracts/errors.js';
import { logActivity } from '../../domain/activity-log.js';
import type { ConnectionRow } from '../../domain/connection-row.js';
import { createOAuthClient } from '../../gmail/client.js';
import { type SealedTokens, TokenKeyUnknownError } from '../../security/token-cipher.js';
import { Connection, findOwnedConnection, toConnection, writingLabel } from '../connection-record.js';
import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { gmailWithTokens, readAccount } from '../gmail-account.js';
import { startGmailConsent } from '../gmail-consent.js';
import { expiredBindingCookie, OAUTH_BINDING_COOKIE } from '../oauth-cookie.js';
import { codeVerifierFor, redeemState } from '../oauth-state.js';
import { refuseSystemLabel } from '../reservation-label.js';
import { createRouter } from '../router.js';
import { errorResponses, json } from '../schemas.js';
import { startOrReconnect } from '../workflow-client.js';
import { ownedRoute } from '../workspace-route.js';

const CallbackQuery = z
  .object({
    // any other string is answered 400 INVALID_STATE, so the document names the signed shape
    state: z.string().min(1).max(2048).openapi({
      description: 'the state gmail/start issued: base64url claims, a dot, the base64url HMAC-SHA256',
      pattern: '^[A-Za-z0-9_-]{1,2004}\\.[A-Za-z0-9_-]{43}$',
    }),
    code: z.string().min(1).max(2048).optional(),
    error: z.string().max(200).optional().openapi({ description: "Google's refusal, e.g. access_denied" }),
  })
  .refine((q) => q.code !== undefined || q.error !== undefined, {
    message: 'code or error is required',
    path: ['code'],
  });

const start = ownedRoute('gmail', 'get /api/connections/{id}/gmail/start', {
  summary: "Redirect to Google's consent page for this connection",
  errors: [422],
  responses: {
    302: {
      description:
        'To the consent page, with a signed, single-use state valid for 10 minutes and a PKCE S256 challenge. ' +
        'Sets the HttpOnly, SameSite=Lax cookie `cn_oauth_binding` (path /api/connections/gmail/callback) ' +
        'that the callback requires: follow the redirect in the browser that will come back to the callback.',
      headers: z.object({ Location: z.string(), 'Set-Cookie': z.string() }),
    },
  },
});
const callback = createRoute({
  method: 'get',
  path: '/api/connections/gmail/callback',
  tags: ['gmail'],
  summary: "Google's redirect back: check the browser binding and the label, store the tokens, start syncing",
  description:
    'Requires the `cn_oauth_binding` cookie gmail/start set (403 OAUTH_BINDING_MISMATCH without it, nothing stored). ' +
    'The code is exchanged with the PKCE verifier of the state.',
  request: { query: CallbackQuery },
  responses: {
    200: json(Connection, 'The connected connection'),
    ...errorResponses(403, 409, 422, 429, 502, 503),
  },
});

/** `gmail/start`: behind workspace auth, on the workspace router. */
export function gmailStartRoutes(deps: AppDeps) {
  return createRouter().openapi(start, async (c) => {
    const conn = await findOwnedConnection(deps.sql, c.get('workspaceId'), c.req.valid('param').id);
    const consent = await startGmailConsent(deps, conn);
    c.header('Set-Cookie', consent.setCookie);
    return c.redirect(consent.location, 302);
  });
}

/** The callback: public (Google's redirect carries no token), bound to the browser by its cookie. */
export function gmailCallbackRoutes(deps: AppDeps) {
  const { sql, env, gmailSettings } = deps;
  return createRouter().openapi(callback, async (c) => {
    const query = c.req.valid('query');
    const claims = await redeemState(
      sql,
      env.OAUTH_STATE_SECRET,
      query.state,
      getCookie(c, OAUTH_BINDING_COOKIE),
    );
    const conn = await findOwnedConnection(sql, claims.workspaceId, claims.connectionId);
    const label = conn.reservation_label;
    if (!label) throw new AppError(CODE.LABEL_NOT_CONFIGURED, 'set reservationLabel before connecting Gmail');
    const verifier = codeVerifierFor(env.OAUTH_STATE_SECRET, claims.nonce);
    const { row, started } = await recordingFailure(deps, conn, async () => {
      refuseSystemLabel(label, 'reservationLabel');
      const row = await authorize(deps, conn, label, query, verifier);
      const started = await startOrReconnect(
        { temporal: deps.temporal, taskQueue: env.TEMPORAL_TASK_QUEUE },
        {
          connectionId: row.id,
          workspaceId: row.workspace_id,
          label,
          intervalMinutes: row.sync_interval_minutes,
          syncState: row.sync_state,
          initialSync: true,
        },
      );
      return { row, started };
    });
    await logActivity(sql, {
      workspaceId: row.workspace_id,
      connectionId: row.id,
      event: 'connector_connect_succeeded',
      context: { gmailAddress: row.gmail_address, labelId: row.gmail_label_id, workflowRunId: started.runId },
    });
    c.header('Set-Cookie', expiredBindingCookie(gmailSettings.redirectUri));
    return c.json(toConnection(row), 200);
  });
}

/**
 * Code (with its PKCE verifier) → tokens → Gmail account → label checks → the connection, connected,
 * with the tokens stored sealed in that same statement: a consent refused at any step stores nothing.
 */
async function authorize(
  deps: AppDeps,
  conn: ConnectionRow,
  label: string,
  query: z.infer<typeof CallbackQuery>,
  codeVerifier: string,
): Promise<ConnectionRow> {
  if (!query.code) throw new AppError(CODE.OAUTH_DENIED, `Google answered: ${query.error ?? 'no code'}`);
  const tokens = await keepRefreshToken(deps, conn.id, await exchangeCode(deps, query.code, codeVerifier));
  const account = await readAccount(gmailWithTokens(deps.gmailSettings, tokens), label);
  if (!account.labelId) {
    await markLabelMissing(deps, conn.id, label, account.emailAddress);
    throw new AppError(CODE.LABEL_NOT_FOUND, `Gmail has no label "${label}"`, { label });
  }
  if (account.systemLabel)
    throw new AppError(CODE.LABEL_NOT_ALLOWED, `"${label}" is a Gmail system label`, { label });
  return markConnected(deps, conn, { labelId: account.labelId, emailAddress: account.emailAddress }, tokens);
}

async function exchangeCode(deps: AppDeps, code: string, codeVerifier: string): Promise<Auth.Credentials> {
  try {
    const { tokens } = await createOAuthClient(deps.gmailSettings).getToken({ code, codeVerifier });
    return tokens;
  } catch (err) {
    const status = (err as { response?: { status?: number } }).response?.status;
    if (status === 400) throw new AppError(CODE.OAUTH_CODE_REJECTED, undefined, undefined, { cause: err });
    throw new AppError(CODE.GMAIL_UNAVAILABLE, 'Google did not exchange the authorization code', undefined, {
      cause: err,
    });
  }
}

/** Google sends a refresh token only with a fresh consent; a re-consent without one keeps the old. */
async function keepRefreshToken(
  deps: AppDeps,
  connectionId: string,
  tokens: Auth.Credentials,
): Promise<Auth.Credentials> {
  if (tokens.refresh_token) return tokens;
  const [row] = await deps.sql<{ oauth_tokens: SealedTokens | null }[]>`
    SELECT oauth_tokens FROM connections WHERE id = ${connectionId}`;
  const previous = row?.oauth_tokens ? openPrevious(deps, row.oauth_tokens, connectionId) : null;
  return { ...tokens, refresh_token: previous?.refresh_token ?? null };
}

/** Tokens sealed with a key that is gone are as good as none: this consent replaces them. */
function openPrevious(deps: AppDeps, sealed: SealedTokens, connectionId: string) {
  try {
    return deps.cipher.open(sealed, connectionId);
  } catch (err) {
    if (err instanceof TokenKeyUnknownError) return null;
    throw err;
  }
}

async function markLabelMissing(
  deps: AppDeps,
  connectionId: string,
  label: string,
  emailAddress: string | null,
) {
  await deps.sql`
    UPDATE connections SET
      gmail_status = 'error', gmail_address = ${emailAddress}, gmail_label_id = NULL,
      last_error_at = now(), last_error_code = ${CODE.LABEL_NOT_FOUND},
      last_error_message = ${`Gmail has no label "${label}"`}, updated_at = now()
    WHERE id = ${connectionId}`;
}

async function markConnected(
  deps: AppDeps,
  conn: ConnectionRow,
  account: { labelId: string; emailAddress: string | null },
  tokens: Auth.Credentials,
): Promise<ConnectionRow> {
  const { sql } = deps;
  // another mailbox or label: the saved history cursor means nothing there
  const sameSource = conn.gmail_address === account.emailAddress && conn.gmail_label_id === account.labelId;
  const sealed = deps.cipher.seal(tokens, conn.id);
  return writingLabel(
    sql,
    sql`
      UPDATE connections SET
        oauth_tokens = ${sql.json(sealed as never)}, token_generation = token_generation + 1,
        gmail_status = 'connected', gmail_label_id = ${account.labelId}, gmail_address = ${account.emailAddress},
        history_id = ${sameSource ? sql`history_id` : null},
        last_error_at = NULL, last_error_code = NULL, last_error_message = NULL, updated_at = now()
      WHERE id = ${conn.id}`,
    `another connection of this workspace now watches "${conn.reservation_label}"`,
  );
}

/** Runs a connect step; an AppError it throws is recorded as `connector_connect_failed`. */
async function recordingFailure<R>(deps: AppDeps, conn: ConnectionRow, step: () => Promise<R>): Promise<R> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof AppError) {
      await logActivity(deps.sql, {
        workspaceId: conn.workspace_id,
        connectionId: conn.id,
        event: 'connector_connect_failed',
        context: { error: err.code, message: err.message },
      });
    }
    throw err;
  }
}

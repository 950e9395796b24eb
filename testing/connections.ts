import type { Client } from '@temporalio/client';
import { hashToken, newApiToken } from '../api/token-hash.js';
import { type ConnectionWorkflowInput, connectionWorkflowId, statusQuery } from '../contracts/workflows.js';
import type { Sql } from '../db/client.js';
import {
  authorizeUser,
  DEFAULT_USER,
  GMAIL_READONLY_SCOPE,
  type GmailEmulator,
  seedMessages,
  type Tokens,
} from '../dev/gmail/index.js';
import type { OAuthTokens, TokenCipher } from '../security/token-cipher.js';
import { ConnectionId, ConnectionState, GmailLabel, WorkspaceId } from '../workflows/search-attributes.js';
import { waitFor } from './wait-for.js';

/** What seeding a connection needs of a stack. */
export interface SeedTarget {
  sql: Sql;
  emulator: GmailEmulator;
  cipher: TokenCipher;
}

export interface TestConnection {
  workspaceId: string;
  connectionId: string;
  label: string;
  labelId: string;
  /** The workspace's API token (its sha256 is what the row holds). */
  apiToken: string;
  refreshToken: string;
}

/** A workspace (with an API token) and a connected connection on `label`, tokens really issued by the emulator. */
export async function createConnectedConnection(
  target: SeedTarget,
  opts: { label?: string; user?: string; intervalMinutes?: number; workspaceName?: string } = {},
): Promise<TestConnection> {
  const label = opts.label ?? 'Airbnb';
  const user = opts.user ?? DEFAULT_USER;
  const apiToken = newApiToken();
  const [ws] = await target.sql<{ id: string }[]>`
    INSERT INTO workspaces (name, api_token_hash)
    VALUES (${opts.workspaceName ?? 'test'}, ${hashToken(apiToken)}) RETURNING id`;
  const { labelId } = await seedMessages({ emulatorUrl: target.emulator.url, user, label, raws: [] });
  const [conn] = await target.sql<{ id: string }[]>`
    INSERT INTO connections (workspace_id, platform, reservation_label, gmail_label_id, gmail_address, gmail_status, sync_interval_minutes)
    VALUES (${ws!.id}, 'airbnb', ${label}, ${labelId}, ${user}, 'connected', ${opts.intervalMinutes ?? 15}) RETURNING id`;
  const tokens = await reauthorize(target, conn!.id, user);
  return {
    workspaceId: ws!.id,
    connectionId: conn!.id,
    label,
    labelId,
    apiToken,
    refreshToken: tokens.refresh_token,
  };
}

/** Tokens really issued by the emulator's consent page and token endpoint. */
export async function issueTokens(emulator: GmailEmulator, user = DEFAULT_USER): Promise<Tokens> {
  const { tokens } = await authorizeUser({ emulatorUrl: emulator.url, user, scopes: [GMAIL_READONLY_SCOPE] });
  return tokens;
}

/** What the OAuth callback does on a (re)connect: fresh tokens, sealed, and the connection marked connected. */
export async function reauthorize(target: SeedTarget, connectionId: string, user = DEFAULT_USER) {
  const tokens = await issueTokens(target.emulator, user);
  const sealed = target.cipher.seal(tokens, connectionId);
  await target.sql`UPDATE connections SET gmail_status = 'connected', oauth_tokens = ${target.sql.json(sealed as never)},
    token_generation = token_generation + 1, last_error_at = NULL, last_error_code = NULL,
    last_error_message = NULL, updated_at = now() WHERE id = ${connectionId}`;
  return tokens;
}

/** Makes googleapis refresh before its next call (as it does hourly in production). */
export async function expireAccessToken(target: Omit<SeedTarget, 'emulator'>, connectionId: string) {
  const { sql, cipher } = target;
  const [row] = await sql<
    { oauth_tokens: never }[]
  >`SELECT oauth_tokens FROM connections WHERE id = ${connectionId}`;
  const tokens = cipher.open(row!.oauth_tokens, connectionId) as OAuthTokens;
  const sealed = cipher.seal({ ...tokens, access_token: 'expired', expiry_date: 1 }, connectionId);
  await sql`UPDATE connections SET oauth_tokens = ${sql.json(sealed as never)} WHERE id = ${connectionId}`;
}

/** Puts raw e-mails into the user's label through the Gmail API; returns their Gmail ids. */
export async function deliver(
  target: { emulator: GmailEmulator },
  label: string,
  raws: ReadonlyArray<string | Uint8Array>,
  { user = DEFAULT_USER, concurrency }: { user?: string; concurrency?: number } = {},
): Promise<string[]> {
  const { ids } = await seedMessages({ emulatorUrl: target.emulator.url, user, label, raws, concurrency });
  return ids;
}

/**
 * Starts the connection's workflow as the API's OAuth callback does, on the stack's task queue
 * unless told otherwise; `searchAttributes` sets them at start instead of leaving it to the workflow.
 */
export function startConnectionWorkflow(
  target: { client: Client; taskQueue: string },
  conn: Pick<TestConnection, 'connectionId' | 'workspaceId' | 'label'>,
  opts: Partial<ConnectionWorkflowInput> & { taskQueue?: string; searchAttributes?: boolean } = {},
) {
  const { taskQueue = target.taskQueue, searchAttributes, ...overrides } = opts;
  const input: ConnectionWorkflowInput = {
    connectionId: conn.connectionId,
    workspaceId: conn.workspaceId,
    label: conn.label,
    intervalMinutes: 15,
    syncState: 'active',
    initialSync: true,
    ...overrides,
  };
  return target.client.workflow.start('connectionWorkflow', {
    taskQueue,
    workflowId: connectionWorkflowId(conn.connectionId),
    args: [input],
    ...(searchAttributes
      ? {
          typedSearchAttributes: [
            { key: WorkspaceId, value: conn.workspaceId },
            { key: ConnectionId, value: conn.connectionId },
            { key: GmailLabel, value: conn.label },
            { key: ConnectionState, value: 'idle' },
          ],
        }
      : {}),
  });
}

/**
 * The connection's first sync and nothing after: starts its workflow, waits for the first run to
 * end and terminates the workflow, so a test reads a settled archive. Throws unless the run completed.
 */
export async function syncOnce(
  target: { client: Client; taskQueue: string },
  conn: Pick<TestConnection, 'connectionId' | 'workspaceId' | 'label'>,
): Promise<void> {
  const handle = await startConnectionWorkflow(target, conn);
  const run = await waitFor(
    'the first run',
    async () => (await handle.query(statusQuery)).lastRun ?? undefined,
    { timeoutMs: 60_000 },
  );
  await handle.terminate();
  if (run.status !== 'completed') throw new Error(`the first sync ended ${run.status}`);
}

import { randomUUID } from 'node:crypto';
import type { WebhookEventType } from '../contracts/webhook-events.js';
import type { Sql } from '../db/client.js';
import { newEndpointSecret, sealSecret } from '../domain/webhooks/endpoint-secret.js';
import type { TokenCipher } from '../security/token-cipher.js';

/**
 * A workspace with one webhook endpoint, written as the API writes them (the secret sealed to the
 * endpoint), for drills and the benchmark, which run no API. Returns the secret the API would
 * have shown once.
 */
export async function createWebhookEndpoint(
  target: { sql: Sql; cipher: TokenCipher },
  opts: { url: string; events: WebhookEventType[]; workspaceName?: string },
): Promise<{ workspaceId: string; endpointId: string; secret: string }> {
  const { sql } = target;
  const [ws] = await sql<{ id: string }[]>`
    INSERT INTO workspaces (name, api_token_hash)
    VALUES (${opts.workspaceName ?? 'webhooks'}, ${randomUUID()}) RETURNING id`;
  const endpointId = randomUUID();
  const secret = newEndpointSecret();
  await sql`
    INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret)
    VALUES (${endpointId}, ${ws!.id}, ${opts.url}, ${opts.events},
            ${sql.json(sealSecret(target.cipher, secret, endpointId) as never)})`;
  return { workspaceId: ws!.id, endpointId, secret };
}

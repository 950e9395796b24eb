import { randomUUID } from 'node:crypto';
import { importFeed } from '../activities/ical/import-feed.js';
import { hashToken, newApiToken } from '../api/token-hash.js';
import { DEFAULT_USER, type Tokens } from '../dev/gmail/index.js';
import { startConnectionWorkflow as startHarnessWorkflow } from '../testing/connections.js';
import type { Platform } from './emails.js';
import type { BenchStack } from './setup.js';

export interface BenchConnection {
  workspaceId: string;
  apiToken: string;
  connectionId: string;
  label: string;
  labelId: string;
}

/**
 * `count` workspaces, each with one connected connection on `label` (labels are unique per workspace,
 * so many connections may watch the same Gmail label from different workspaces). Tokens are sealed
 * with each connection's id as associated data, as the OAuth callback would.
 */
export async function createConnections(
  stack: BenchStack,
  opts: { count: number; label: string; labelId: string; tokens: Tokens; name: string },
): Promise<BenchConnection[]> {
  const made: BenchConnection[] = [];
  for (let i = 0; i < opts.count; i++) {
    made.push({
      workspaceId: randomUUID(),
      apiToken: newApiToken(),
      connectionId: randomUUID(),
      label: opts.label,
      labelId: opts.labelId,
    });
  }
  const chunk = 500;
  for (let start = 0; start < made.length; start += chunk) {
    const part = made.slice(start, start + chunk);
    const workspaces = part.map((c, i) => ({
      id: c.workspaceId,
      name: `${opts.name} ${start + i + 1}`,
      api_token_hash: hashToken(c.apiToken),
    }));
    await stack.sql`INSERT INTO workspaces ${stack.sql(workspaces)}`;
    const connections = part.map((c) => ({
      id: c.connectionId,
      workspace_id: c.workspaceId,
      platform: 'airbnb',
      reservation_label: c.label,
      gmail_label_id: c.labelId,
      gmail_address: DEFAULT_USER,
      gmail_status: 'connected',
      sync_interval_minutes: 10080,
      // postgres.js serialises it for the jsonb column
      oauth_tokens: stack.deps.cipher.seal(opts.tokens, c.connectionId) as never,
    }));
    await stack.sql`INSERT INTO connections ${stack.sql(connections)}`;
  }
  return made;
}

/** The workspace's four iCal feeds (one per platform), imported with the product's importFeed. */
export async function importFeeds(
  stack: BenchStack,
  workspaceId: string,
  feeds: Record<Platform, string>,
): Promise<{ bookings: number }> {
  let bookings = 0;
  for (const platform of Object.keys(feeds) as Platform[]) {
    const url = `https://calendar.bench.example/${platform}/${workspaceId}.ics`;
    const [feed] = await stack.sql<{ id: string }[]>`
      INSERT INTO ical_feeds (workspace_id, platform, url, name)
      VALUES (${workspaceId}, ${platform}, ${url}, ${`bench ${platform}`}) RETURNING id`;
    const counts = await importFeed(
      { sql: stack.sql },
      async () => feeds[platform],
    )({ feedId: feed!.id, today: '2026-01-01' });
    bookings += counts.inserted;
  }
  return { bookings };
}

/** Starts the connection's long-lived workflow the way the API's OAuth callback does, weekly syncs. */
export function startConnectionWorkflow(
  stack: BenchStack,
  c: BenchConnection,
  opts: { taskQueue: string; initialSync: boolean },
) {
  return startHarnessWorkflow(stack, c, { ...opts, intervalMinutes: 10080, searchAttributes: true });
}

/** Like Promise.all(items.map(fn)) with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
) {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConflictPage } from '../../../api/routes/conflicts.js';
import type { FeedList } from '../../../api/routes/ical-feeds.js';
import { type DemoChannel, serveDemoFeed } from '../../../dev/demo-feed-server.js';
import { DEFAULT_USER, seedMessages } from '../../../dev/gmail/index.js';
import { seedDemo } from '../../../dev/seed.js';
import { freePort } from '../../../testing/ports.js';
import { serveApp, WEB_ADMIN_TOKEN } from '../../../testing/web-server.js';
import { startWebhookReceiver } from '../../../testing/webhook-receiver.js';
import { startStack } from '../../support/stack.js';
import { eventually } from '../api/harness.js';

/**
 * What `npm run dev` runs, for tests that treat it as a black box: the demo seeded through the API
 * and the emulator's consent page (dev/seed.ts), its three calendars served on loopback by the demo
 * feed server, a worker, the app over HTTP, and a host's webhook receiver on loopback (as `npm run
 * dev` serves its demo receiver). A channel's calendar changes by serving more events for it
 * (`extra`), as the channel's own calendar would.
 */
const DEMO_FEED = new URL('../../../dev/demo/feed.ics', import.meta.url).pathname;
const DEMO_FILES: Record<DemoChannel, string> = {
  airbnb: DEMO_FEED,
  vrbo: new URL('../../../dev/demo/vrbo.ics', import.meta.url).pathname,
  booking: new URL('../../../dev/demo/booking.ics', import.meta.url).pathname,
};

/** `offset` days from today, `YYYY-MM-DD`. */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** One iCal event, nights [from, to). */
export function event(uid: string, from: string, to: string, summary: string, description?: string): string {
  const compact = (iso: string) => iso.replaceAll('-', '');
  return [
    'BEGIN:VEVENT',
    `DTSTART;VALUE=DATE:${compact(from)}`,
    `DTEND;VALUE=DATE:${compact(to)}`,
    `SUMMARY:${summary}`,
    `UID:${uid}`,
    ...(description ? [`DESCRIPTION:${description}`] : []),
    'END:VEVENT',
  ].join('\r\n');
}

export async function startDemoStack(name: string) {
  const extra: Record<DemoChannel, string[]> = { airbnb: [], vrbo: [], booking: [] };
  const served = (channel: DemoChannel): string | null => {
    if (extra[channel].length === 0) return null;
    const text = readFileSync(DEMO_FILES[channel], 'utf8').replace(/\r?\n/g, '\r\n');
    return text.replace('END:VCALENDAR', `${extra[channel].join('\r\n')}\r\nEND:VCALENDAR`);
  };
  const feeds = await serveDemoFeed({ port: await freePort(), file: DEMO_FEED, override: served });
  const feedHost = new URL(feeds.url).host;
  const receiver = await startWebhookReceiver();
  const stack = await startStack({ name, allowPrivateHosts: [feedHost, receiver.host] });
  const app = await serveApp(stack, { OUTBOUND_ALLOW_PRIVATE_HOSTS: `${feedHost},${receiver.host}` });
  const dataDir = await mkdtemp(join(tmpdir(), `${name}-`));
  const demo = await seedDemo({
    apiUrl: app.url,
    adminToken: WEB_ADMIN_TOKEN,
    emulatorUrl: stack.emulator.url,
    feedUrls: feeds.urls,
    dataDir,
    log: () => {},
  });
  await eventually(
    async () =>
      (
        await stack.sql`SELECT 1 FROM sync_runs WHERE connection_id = ${demo.connectionId} AND status = 'completed'`
      )[0],
    90_000,
    'the first sync',
  );

  async function call<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${demo.apiToken}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async function importedAt(feedId: string) {
    const { items } = await call<FeedList>('GET', '/api/ical-feeds');
    return items.find((f) => f.id === feedId)?.lastImportedAt ?? null;
  }
  return {
    stack,
    app,
    demo,
    receiver,
    extra,
    call,
    importedAt,
    openConflicts: async () => (await call<ConflictPage>('GET', '/api/conflicts?status=open')).items,
    /** Imports the channel's calendar now (resume starts a fresh import) and waits for it. */
    async reimport(channel: DemoChannel) {
      const feedId = demo.feedIds![channel]!;
      const before = await importedAt(feedId);
      await call('POST', `/api/ical-feeds/${feedId}/resume`);
      await eventually(
        async () => ((await importedAt(feedId)) !== before ? true : undefined),
        30_000,
        `${channel} import`,
      );
    },
    /** Mail arriving in the demo's watched label of the emulator's mailbox (read at the next sync). */
    async deliver(...raws: string[]) {
      await seedMessages({ emulatorUrl: stack.emulator.url, user: DEFAULT_USER, label: 'Airbnb', raws });
    },
    /** "Sync now", then wait for that run (its child workflow id) to complete. */
    async syncNowAndWait() {
      const { workflowId } = await call<{ workflowId: string }>(
        'POST',
        `/api/connections/${demo.connectionId}/sync`,
      );
      return eventually(
        async () => {
          const [run] = await stack.sql<{ status: string; finished_at: Date | null }[]>`
            SELECT status, finished_at FROM sync_runs WHERE workflow_id = ${workflowId}`;
          return run?.status === 'completed' && run.finished_at ? { finishedAt: run.finished_at } : undefined;
        },
        60_000,
        'the sync',
      );
    },
    async stop() {
      feeds.server.close();
      await app.stop();
      await stack.stop();
      await receiver.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type DemoStack = Awaited<ReturnType<typeof startDemoStack>>;

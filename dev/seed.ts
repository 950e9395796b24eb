import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoChannel } from './demo-feed-server.js';
import { approveConsent, DEFAULT_USER, importEmails } from './gmail/index.js';

export interface DemoAccount {
  workspaceId: string;
  apiToken: string;
  connectionId: string;
  /** The Airbnb calendar's feed. */
  feedId: string | null;
  /** The demo place, on three channels (absent in a demo seeded before properties existed). */
  propertyId?: string;
  feedIds?: Partial<Record<DemoChannel, string>>;
}

/** The demo place: one loft, sold on Airbnb, Vrbo and Booking.com (dev/demo/README.md). */
export const DEMO_PROPERTY = 'Loft Santa Croce';

const DEMO_DIR = fileURLToPath(new URL('./demo', import.meta.url));
export const DEMO_USER = DEFAULT_USER;
export const DEMO_LABEL = 'Airbnb';

/**
 * Seeds the demo through the same doors a person uses: the admin route, the API, the emulator's
 * consent page. Done once; later starts read `.data/demo.json`.
 */
export async function seedDemo(opts: {
  apiUrl: string;
  adminToken: string;
  emulatorUrl: string;
  /** Each channel's calendar of the demo place (dev/demo-feed-server.ts). */
  feedUrls: Record<DemoChannel, string>;
  dataDir: string;
  log: (line: string) => void;
}): Promise<DemoAccount> {
  const file = join(opts.dataDir, 'demo.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as DemoAccount;

  const { imported } = await importEmails({
    emulatorUrl: opts.emulatorUrl,
    user: DEMO_USER,
    label: DEMO_LABEL,
    files: [join(DEMO_DIR, 'emails')],
  });
  opts.log(`mailbox: ${imported} demo e-mails under label "${DEMO_LABEL}" for ${DEMO_USER}`);

  const workspace = await call<{ id: string; apiToken: string }>(
    opts.apiUrl,
    'POST',
    '/api/workspaces',
    { name: 'Demo host' },
    { 'X-Admin-Token': opts.adminToken },
  );
  const auth = { Authorization: `Bearer ${workspace.apiToken}` };
  const property = await call<{ id: string }>(
    opts.apiUrl,
    'POST',
    '/api/properties',
    { name: DEMO_PROPERTY },
    auth,
  );
  const feedIds: Partial<Record<DemoChannel, string>> = {};
  for (const [platform, url] of Object.entries(opts.feedUrls) as [DemoChannel, string][]) {
    const feed = await call<{ id: string }>(
      opts.apiUrl,
      'POST',
      '/api/ical-feeds',
      { platform, url, propertyId: property.id },
      auth,
    );
    feedIds[platform] = feed.id;
    opts.log(`feed: ${url} (${DEMO_PROPERTY})`);
  }
  // the calendars first, so the first sync's mail finds its stays (and learns the listing names)
  await waitForImports(opts.apiUrl, auth, Object.values(feedIds));
  const connection = await call<{ id: string }>(
    opts.apiUrl,
    'POST',
    '/api/connections',
    { platform: 'airbnb', reservationLabel: DEMO_LABEL },
    auth,
  );
  await connectThroughConsent(opts.apiUrl, connection.id, auth);
  opts.log(`connection ${connection.id}: Gmail connected, first sync started`);

  const demo: DemoAccount = {
    workspaceId: workspace.id,
    apiToken: workspace.apiToken,
    connectionId: connection.id,
    feedId: feedIds.airbnb ?? null,
    propertyId: property.id,
    feedIds,
  };
  await writeFile(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return demo;
}

/** Waits until each feed's first import is done (or 60 s: the mail is matched again later anyway). */
async function waitForImports(apiUrl: string, auth: Record<string, string>, feedIds: string[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${apiUrl}/api/ical-feeds`, { headers: auth });
    const { items } = (await res.json()) as { items: { id: string; lastImportedAt: string | null }[] };
    if (feedIds.every((id) => items.some((f) => f.id === id && f.lastImportedAt))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** start → the emulator's consent page (approved as the demo user) → the API's callback. */
async function connectThroughConsent(apiUrl: string, connectionId: string, auth: Record<string, string>) {
  const start = await fetch(`${apiUrl}/api/connections/${connectionId}/gmail/start`, {
    headers: auth,
    redirect: 'manual',
  });
  const consentUrl = start.headers.get('location');
  if (start.status !== 302 || !consentUrl) throw new Error(`gmail/start answered ${start.status}`);
  // the browser's part: keep the binding cookie start set and send it back to the callback
  const binding = start.headers.getSetCookie().map((c) => c.split(';', 1)[0]!);
  const { redirectUrl } = await approveConsent(consentUrl, DEMO_USER);
  const callback = await fetch(redirectUrl, { headers: { cookie: binding.join('; ') } });
  if (!callback.ok) throw new Error(`OAuth callback answered ${callback.status}: ${await callback.text()}`);
}

async function call<T>(
  base: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

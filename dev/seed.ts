import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { approveConsent, DEFAULT_USER, importEmails } from './gmail/index.js';

export interface DemoAccount {
  workspaceId: string;
  apiToken: string;
  connectionId: string;
  feedId: string | null;
}

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
  feedUrl: string;
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
  const feed = await call<{ id: string }>(
    opts.apiUrl,
    'POST',
    '/api/ical-feeds',
    { platform: 'airbnb', url: opts.feedUrl },
    auth,
  );
  opts.log(`feed: ${opts.feedUrl}`);
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
    feedId: feed.id,
  };
  await writeFile(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return demo;
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

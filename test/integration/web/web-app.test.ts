import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_HELP } from '../../../contracts/error-help.js';
import { CODE } from '../../../contracts/errors.js';
import { serveDemoFeed } from '../../../dev/demo-feed-server.js';
import { DEFAULT_USER, seedMessages } from '../../../dev/gmail/index.js';
import { seriousViolations } from '../../../testing/accessibility.js';
import { launchChromium } from '../../../testing/browser.js';
import { expireAccessToken } from '../../../testing/connections.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { freePort } from '../../../testing/ports.js';
import { type ServedApp, serveApp, WEB_ADMIN_TOKEN } from '../../../testing/web-server.js';
import { startWebhookReceiver, verifyWith, type WebhookReceiver } from '../../../testing/webhook-receiver.js';
import { type Stack, startStack } from '../../support/stack.js';
import { eventually } from '../api/harness.js';
import { seedReviewItem } from '../api/review-fixtures.js';

/**
 * The web app in a real Chromium against the real stack (Temporal dev server, Postgres, the Gmail
 * emulator, a worker): one browser for the file, one page per signed-in workspace, reused from step
 * to step, so the steps run in order and each starts where the last one left the page.
 */
const SCREENSHOTS = new URL('../../../docs/screenshots/', import.meta.url);
const DEMO_FEED = new URL('../../../dev/demo/feed.ics', import.meta.url).pathname;

let stack: Stack;
let app: ServedApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
// fromPopup: a page other than the main one (the consent popups, the phone-sized tab that consents in place)
const requests: { url: string; fromPopup: boolean }[] = [];
let feed: Awaited<ReturnType<typeof serveDemoFeed>>;
let receiver: WebhookReceiver;
let tokenA = '';
let workspaceA = '';

async function newWorkspace(name: string) {
  const res = await app.request('/api/workspaces', {
    method: 'POST',
    headers: { 'X-Admin-Token': WEB_ADMIN_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = (await res.json()) as { id: string; apiToken: string };
  return { id: body.id, token: body.apiToken };
}

async function signIn(p: Page, token: string) {
  await p.goto(`${app.url}/app`);
  await p.getByLabel('API token').fill(token);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
}

const card = (p: Page, label: string) =>
  p.locator('article.card', { has: p.getByRole('heading', { name: new RegExp(`· ${label}$`) }) });

/** Connect Gmail in the popup: the emulator's consent page, the account, and the popup closes itself. */
async function consentInPopup(p: Page, button: string, cardLocator: ReturnType<typeof card>) {
  const popupOpened = p.waitForEvent('popup');
  await cardLocator.getByRole('button', { name: button }).click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent('close');
  await popup
    .getByRole('button', { name: new RegExp(DEFAULT_USER) })
    .first()
    .click();
  await closed;
}

beforeAll(async () => {
  // a loopback iCal feed the worker may fetch (allowed by name, like npm run dev's demo feed)
  feed = await serveDemoFeed({ port: await freePort(), file: DEMO_FEED });
  const feedHost = new URL(feed.url).host;
  // and a webhook receiver of the host's, on loopback too: one allowance covers both
  receiver = await startWebhookReceiver();
  const allowed = [feedHost, receiver.host];
  stack = await startStack({
    name: 'web',
    allowPrivateHosts: allowed,
    webhooks: { retrySchedule: [300, 600] },
  });
  app = await serveApp(stack, { OUTBOUND_ALLOW_PRIVATE_HOSTS: allowed.join(',') });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  // every request of every page of this context, the consent popups' included
  context.on('page', (p) => p.on('request', (r) => requests.push({ url: r.url(), fromPopup: p !== page })));
  page.on('request', (r) => requests.push({ url: r.url(), fromPopup: false }));
  ({ id: workspaceA, token: tokenA } = await newWorkspace('Seaside rentals'));
  await seedMessages({
    emulatorUrl: stack.emulator.url,
    user: DEFAULT_USER,
    label: 'Airbnb',
    raws: [airbnbConfirmation(), airbnbConfirmation(), airbnbConfirmation()],
  });
  await seedMessages({
    emulatorUrl: stack.emulator.url,
    user: DEFAULT_USER,
    label: 'Vrbo',
    raws: [airbnbConfirmation()],
  });
});

afterAll(async () => {
  await browser?.close();
  feed?.server.close();
  await receiver?.stop();
  await app?.stop();
  await stack?.stop();
});

describe('the web app, in Chromium, against the real stack', () => {
  it('signs in with the API token and adds a connection', async () => {
    await page.goto(`${app.url}/app`);
    await page.waitForURL(/\/app\/sign-in$/);
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, tokenA);
    await page.getByLabel('Gmail label').fill('Airbnb');
    await page.getByRole('button', { name: 'Add connection' }).click();
    const airbnb = card(page, 'Airbnb');
    await expect(airbnb.getByTestId('badge').textContent()).resolves.toContain('Not connected');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('connects Gmail through the popup and shows the first sync to its counts without a reload', async () => {
    const airbnb = card(page, 'Airbnb');
    const before = await page.evaluate(() => performance.timeOrigin);
    // slow mail for the first run, so the live state is there to see while it lasts
    stack.emulator.faults.latency(4_000, ['messages.get']);
    try {
      await consentInPopup(page, 'Connect Gmail', airbnb);
      await airbnb.getByTestId('badge').getByText('Syncing').waitFor();
      await airbnb.getByTestId('progress').waitFor();
      await airbnb.getByText('host@example.com · Connected').waitFor();
      expect(await airbnb.getByRole('button', { name: 'Syncing…' }).isDisabled()).toBe(true);
    } finally {
      stack.emulator.faults.latency(0);
    }
    await airbnb.getByTestId('last-run').getByText('3 e-mails scanned').waitFor();
    await expect(airbnb.getByTestId('badge').textContent()).resolves.toContain('Connected');
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(before);
    await page.screenshot({ path: new URL('connections.png', SCREENSHOTS).pathname, fullPage: true });
  });

  it('syncs now, pauses and resumes from the card', async () => {
    const airbnb = card(page, 'Airbnb');
    await airbnb.getByRole('button', { name: 'Sync now' }).click();
    await airbnb.getByText('Sync started.').waitFor();
    await airbnb.getByRole('button', { name: 'Pause' }).click();
    await airbnb.getByTestId('badge').getByText('Paused').waitFor();
    expect(await airbnb.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    await airbnb.getByRole('button', { name: 'Resume' }).click();
    await airbnb.getByText('Resumed: syncing now.').waitFor();
    await airbnb.getByRole('button', { name: 'Pause' }).waitFor();
    // edit the interval in place
    await airbnb.getByText('Edit', { exact: true }).click();
    await airbnb.getByLabel('Sync every (minutes)').fill('30');
    await airbnb.getByRole('button', { name: 'Save' }).click();
    await airbnb.getByText('every 30 minutes').waitFor();
    // the manual run and the resume's run, each in the history with its counts and its execution
    await page.goto(`${app.url}/app`);
    await card(page, 'Airbnb').getByRole('link', { name: 'Run history' }).click();
    await page.getByRole('heading', { name: 'Run history' }).waitFor();
    const triggers = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(triggers.filter((t) => t === 'resume')).toHaveLength(1);
    expect(triggers).toEqual(expect.arrayContaining(['manual', 'initial']));
    const link = page.getByRole('link', { name: /Temporal UI: sync-/ }).first();
    expect(await link.getAttribute('href')).toMatch(
      /^http:\/\/127\.0\.0\.1:8233\/namespaces\/default\/workflows\/sync-/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('run-history.png', SCREENSHOTS).pathname, fullPage: true });
  });

  it('shows a revoked grant as Needs re-auth, and Reconnect brings it back', async () => {
    await page.goto(`${app.url}/app`);
    const airbnb = card(page, 'Airbnb');
    const id = (await airbnb.getAttribute('id'))!.replace('conn-', '');
    await airbnb.getByRole('button', { name: 'Pause' }).waitFor(); // idle again
    await expireAccessToken(stack, id);
    stack.emulator.faults.invalidGrant(true);
    try {
      await airbnb.getByRole('button', { name: 'Sync now' }).click();
      await airbnb.getByTestId('badge').getByText('Needs re-auth').waitFor();
      await airbnb.getByText(ERROR_HELP[CODE.AUTH_REVOKED].explanation).waitFor();
    } finally {
      stack.emulator.faults.invalidGrant(false);
    }
    await consentInPopup(page, 'Reconnect', airbnb);
    await airbnb.getByTestId('badge').getByText('Connected').waitFor();
    const [row] = await stack.sql<
      { gmail_status: string }[]
    >`SELECT gmail_status FROM connections WHERE id = ${id}`;
    expect(row?.gmail_status).toBe('connected');
  });

  it('explains LABEL_NOT_FOUND on the card when the label is not in Gmail', async () => {
    await page.goto(`${app.url}/app`);
    const add = page.getByRole('region', { name: 'Add a connection' });
    await add.getByLabel('Gmail label').fill('No such label');
    await add.getByRole('button', { name: 'Add connection' }).click();
    const missing = card(page, 'No such label');
    await consentInPopup(page, 'Connect Gmail', missing);
    await missing.getByText(ERROR_HELP[CODE.LABEL_NOT_FOUND].explanation).waitFor();
    await expect(missing.getByTestId('badge').textContent()).resolves.toContain('Error');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('without a popup (a phone), connects in the tab and comes back to the card', async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${app.url}/app`);
      const add = phone.getByRole('region', { name: 'Add a connection' });
      await add.getByLabel('Platform').selectOption('vrbo');
      await add.getByLabel('Gmail label').fill('Vrbo');
      await add.getByRole('button', { name: 'Add connection' }).click();
      const vrbo = card(phone, 'Vrbo');
      await vrbo.getByRole('button', { name: 'Connect Gmail' }).click();
      await phone.waitForURL((url) => url.origin === new URL(stack.emulator.url).origin);
      await phone
        .getByRole('button', { name: new RegExp(DEFAULT_USER) })
        .first()
        .click();
      await phone.waitForURL(/\/app#conn-/);
      await card(phone, 'Vrbo').getByTestId('last-run').getByText('1 e-mail scanned').waitFor();
      expect(await seriousViolations(phone)).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('resolves and dismisses review items in place, changing the booking as the API does', async () => {
    const [airbnbId] = await stack.sql<{ id: string }[]>`
      SELECT id FROM connections WHERE workspace_id = ${workspaceA} AND reservation_label = 'Airbnb'`;
    const viaWeb = await seedReviewItem(stack.sql, { workspaceId: workspaceA, connectionId: airbnbId!.id });
    const toDismiss = await seedReviewItem(stack.sql, {
      workspaceId: workspaceA,
      connectionId: airbnbId!.id,
    });
    await stack.sql`UPDATE ical_feeds SET name = 'Harbour flat' WHERE id IN ${stack.sql([viaWeb.feedId, toDismiss.feedId])}`;
    // the same item in a twin workspace, resolved through the JSON API, is what the web app must match
    const twin = await newWorkspace('Twin');
    const [twinConn] = await stack.sql<{ id: string }[]>`
      INSERT INTO connections (workspace_id, platform, reservation_label) VALUES (${twin.id}, 'airbnb', 'Twin') RETURNING id`;
    const viaApi = await seedReviewItem(stack.sql, { workspaceId: twin.id, connectionId: twinConn!.id });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review', level: 1 }).waitFor();
    // the first sync's own items (no feed to match yet) are there too: filter to the seeded reason
    const [counted] = await stack.sql<{ pipeline: number }[]>`
      SELECT count(*)::int AS pipeline FROM enrichment_review_items WHERE workspace_id = ${workspaceA} AND reason <> 'ambiguous'`;
    const pipeline = counted?.pipeline ?? 0;
    expect(pipeline).toBeGreaterThan(0);
    expect(await page.locator('[data-review-item]').count()).toBe(pipeline + 2);
    await page.getByLabel('Reason').selectOption({ label: 'Several bookings could match' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/reason=ambiguous/);
    expect(await page.locator('[data-review-item]').count()).toBe(2);
    const first = page.locator(`#review-${viaWeb.itemId}`);
    await first.getByText('Ada Lovelace arrives Jul 10').waitFor(); // the evidence line
    await first.getByText('Harbour flat').first().waitFor(); // the candidate's listing
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('review.png', SCREENSHOTS).pathname, fullPage: true });

    await first
      .getByRole('button', { name: /^Resolve/ })
      .first()
      .click();
    await page.getByText(/Resolved: the booking of/).waitFor();
    const resolved = await app.request(`/api/review-items/${viaApi.itemId}/resolve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${twin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ bookingId: viaApi.bookingIds[0] }),
    });
    expect(resolved.status).toBe(200);
    const booking = (id: string) => stack.sql`
      SELECT b.guest_name, b.guest_count, b.payout_amount::float8 AS payout, b.payout_currency, b.status,
        b.enrichment_status, b.raw_data->>'enrichment_reason' AS reason,
        b.confirmation_code = f.confirmation_code AS code_from_fact
      FROM bookings b JOIN reservation_facts f ON f.id = (b.raw_data->>'fact_id')::uuid WHERE b.id = ${id}`;
    const [web] = await booking(viaWeb.bookingIds[0]!);
    const [api] = await booking(viaApi.bookingIds[0]!);
    expect(web).toEqual(api);
    expect(web).toMatchObject({ guest_name: 'Ada Lovelace', reason: 'manual', code_from_fact: true });

    // the keyboard: d dismisses the item in focus
    const second = page.locator(`#review-${toDismiss.itemId}`);
    await second.focus();
    await page.keyboard.press('d');
    await page.getByText('Dismissed: no booking changed.').waitFor();
    const statuses = await stack.sql<{ id: string; status: string }[]>`
      SELECT id, status FROM enrichment_review_items WHERE id IN ${stack.sql([viaWeb.itemId, toDismiss.itemId])}`;
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
      [viaWeb.itemId]: 'resolved',
      [toDismiss.itemId]: 'dismissed',
    });
    await page.getByRole('link', { name: 'Resolved' }).click();
    await page.locator(`#review-${viaWeb.itemId}`).getByText('✓ Chosen').waitFor();
  });

  it('lists bookings by listing with what came from mail, and the activity in words', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bookings' }).click();
    await page.getByRole('heading', { name: 'Harbour flat' }).first().waitFor();
    await page.locator('.from-mail', { hasText: 'Ada Lovelace' }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('bookings.png', SCREENSHOTS).pathname, fullPage: true });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await page
      .getByText(/Gmail sync completed — 3 e-mails archived/)
      .first()
      .waitFor();
    await page.getByText('Review item resolved — the booking took what the e-mail said').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('activity.png', SCREENSHOTS).pathname, fullPage: true });
    await page.getByRole('link', { name: 'Review', exact: true }).last().click();
    const events = await page
      .locator('[data-event]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    expect(new Set(events)).toEqual(new Set(['connector_review_resolved', 'connector_review_dismissed']));
  });

  it('adds, pauses and deletes feeds, with the last import and its result', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feeds' }).click();
    const add = page.getByRole('region', { name: 'Add a calendar' });
    await add.getByLabel('iCal link').fill(feed.url);
    await add.getByLabel('Name (the listing)').fill('Demo cottage');
    await add.getByRole('button', { name: 'Add calendar' }).click();
    await page.getByRole('heading', { name: 'Demo cottage' }).waitFor();
    // imported at once by its workflow: wait for the row, then the page shows when and what
    await eventually(
      async () =>
        (
          await stack.sql`SELECT 1 FROM ical_feeds WHERE name = 'Demo cottage' AND last_imported_at IS NOT NULL`
        )[0],
      60_000,
      'the first import',
    );
    await page.reload();
    await page
      .locator('article.card', { hasText: 'Demo cottage' })
      .getByText(/\d+ new, 0 updated, 0 cancelled/)
      .waitFor();
    const feeds = page.locator('article.card', { hasText: 'Harbour flat' });
    expect(await feeds.count()).toBe(2);
    await feeds.first().getByRole('button', { name: 'Pause' }).click();
    await page.locator('article.card', { hasText: 'Harbour flat' }).first().getByText('‖ Paused').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('feeds.png', SCREENSHOTS).pathname, fullPage: true });
    const paused = page.locator('article.card', { hasText: 'Harbour flat' }).first();
    await paused.getByText('Delete…').click();
    await paused.getByRole('button', { name: 'Yes, delete this feed' }).click();
    await page.getByRole('heading', { name: 'Feeds', level: 1 }).waitFor();
    expect(await page.locator('article.card', { hasText: 'Harbour flat' }).count()).toBe(1);
  });

  it('adds webhook endpoints, shows each secret once, the delivery log, a redeliver, and a disabled endpoint', async () => {
    // one endpoint that answers 500 once and then takes everything, one that answers 410 Gone
    receiver.answer(({ path, seenBefore }) => ({
      status: path === '/gone' ? 410 : seenBefore === 0 ? 500 : 204,
    }));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No endpoints yet.').waitFor();
    const add = page.getByRole('region', { name: 'Add an endpoint' });
    await add.getByLabel('Endpoint URL').fill(receiver.url);
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    const gone = receiver.url.replace('/hooks', '/gone');
    await add.getByLabel('Endpoint URL').fill(gone);
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByTestId('secret').waitFor();
    expect((await page.getByTestId('secret').textContent())!.trim()).not.toBe(secret);
    // shown once: a reload of the page has no secret on it
    await page.goto(`${app.url}/app/webhooks`);
    expect(await page.getByTestId('secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // an item opened and dismissed through the API: both endpoints subscribe to review_item.*
    const [airbnbId] = await stack.sql<{ id: string }[]>`
      SELECT id FROM connections WHERE workspace_id = ${workspaceA} AND reservation_label = 'Airbnb'`;
    const seeded = await seedReviewItem(stack.sql, { workspaceId: workspaceA, connectionId: airbnbId!.id });
    const dismissed = await app.request(`/api/review-items/${seeded.itemId}/dismiss`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokenA}` },
    });
    expect(dismissed.status).toBe(200);
    await receiver.until('the retried delivery', (r) => r.accepted().length === 1);
    const [accepted] = receiver.accepted();
    expect(verifyWith(secret, accepted!)).toMatchObject({ type: 'review_item.resolved' });

    // the other endpoint's workflow runs on its own: wait until it has disabled it
    await eventually(
      async () =>
        (await stack.sql`SELECT 1 FROM webhook_endpoints WHERE url = ${gone} AND disabled_at IS NOT NULL`)[0],
      30_000,
      'the 410 endpoint disabled',
    );
    await page.reload();
    const goneCard = page.locator('article.card', { hasText: gone });
    await goneCard.getByText('Disabled: it answered 410 Gone').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('webhooks.png', SCREENSHOTS).pathname, fullPage: true });

    const live = page.locator('article.card', { hasText: receiver.url });
    await live.getByRole('link', { name: 'Delivery log' }).click();
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    const row = page.locator('tbody tr').first();
    await row.getByText('✓ Delivered').waitFor();
    expect(await row.locator('td.num').textContent()).toBe('2');
    await row.getByText('HTTP 204').waitFor();
    await row.getByRole('button', { name: /^Redeliver/ }).click();
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await receiver.until('the redelivery', (r) => r.accepted().length === 2);
    expect(receiver.accepted()[1]!.webhookId).toBe(accepted!.webhookId);
    await page.reload();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await page.getByText('(sent again)').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('webhook-log.png', SCREENSHOTS).pathname, fullPage: true });

    // the activity says so too
    await page.goto(`${app.url}/app/activity?category=webhooks`);
    await page.getByText('Webhook endpoint disabled — it answered 410 Gone').waitFor();
  });

  it("never shows one workspace's data to another's session", async () => {
    const other = await newWorkspace('Mountain cabins');
    const elsewhere = await browser.newContext();
    try {
      const p = await elsewhere.newPage();
      await signIn(p, other.token);
      await p.getByText('No connections yet.').waitFor();
      const [conn] = await stack.sql<{ id: string }[]>`
        SELECT id FROM connections WHERE workspace_id = ${workspaceA} LIMIT 1`;
      const cardOfA = await p.goto(`${app.url}/app/connections/${conn!.id}/card`);
      expect(cardOfA?.status()).toBe(403);
      const runsOfA = await p.goto(`${app.url}/app/connections/${conn!.id}/runs`);
      expect(runsOfA?.status()).toBe(403);
      for (const path of [
        '/app/review?status=resolved',
        '/app/bookings',
        '/app/activity',
        '/app/feeds',
        '/app/webhooks',
      ]) {
        await p.goto(`${app.url}${path}`);
        expect(await p.content()).not.toMatch(
          /Ada Lovelace|Harbour flat|host@example\.com|Gmail sync completed|\/hooks|\/gone/,
        );
      }
      const [hook] = await stack.sql<{ id: string }[]>`
        SELECT id FROM webhook_endpoints WHERE workspace_id = ${workspaceA} LIMIT 1`;
      expect((await p.goto(`${app.url}/app/webhooks/${hook!.id}`))?.status()).toBe(403);
      // sign out ends the session in Postgres: the cookie is worth nothing afterwards
      const [cookie] = await elsewhere.cookies(`${app.url}/app`);
      await p.getByRole('button', { name: 'Sign out', exact: true }).click();
      await p.getByLabel('API token').waitFor();
      const sessions = await stack.sql`SELECT 1 FROM web_sessions WHERE workspace_id = ${other.id}`;
      expect(sessions).toHaveLength(0);
      const replayed = await fetch(`${app.url}/app`, {
        headers: { Cookie: `${cookie!.name}=${cookie!.value}` },
        redirect: 'manual',
      });
      expect(replayed.status).toBe(303);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses a form post from another origin, and a request without a session', async () => {
    const cookies = await context.cookies(`${app.url}/app`);
    const session = cookies.find((c) => c.name === 'cn_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/app' });
    const [conn] = await stack.sql<
      { id: string }[]
    >`SELECT id FROM connections WHERE workspace_id = ${workspaceA} LIMIT 1`;
    const forged = await fetch(`${app.url}/app/connections/${conn!.id}/pause`, {
      method: 'POST',
      headers: {
        Cookie: `cn_session=${session!.value}`,
        Origin: 'http://127.0.0.2:9',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: '',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    const anonymous = await fetch(`${app.url}/app`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/app/sign-in');
  });

  it('serves the API docs from its own origin', async () => {
    await page.goto(`${app.url}/docs`);
    await page.getByText('Connections API').first().waitFor();
  });

  it('loaded nothing from outside: the app only from its origin, the consent page only in the popup', () => {
    const emulator = new URL(stack.emulator.url).origin;
    const outside = requests.filter(({ url, fromPopup }) => {
      const origin = new URL(url).origin;
      return origin !== app.url && !(fromPopup && origin === emulator);
    });
    expect(outside).toEqual([]);
    expect(requests.some((r) => r.fromPopup && r.url.startsWith(emulator))).toBe(true);
    expect(requests.length).toBeGreaterThan(20);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_HELP } from '../../../contracts/error-help.js';
import { CODE } from '../../../contracts/errors.js';
import { DEFAULT_USER, seedMessages } from '../../../dev/gmail/index.js';
import { launchChromium } from '../../../testing/browser.js';
import { expireAccessToken } from '../../../testing/connections.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { type ServedApp, serveApp, WEB_ADMIN_TOKEN } from '../../../testing/web-server.js';
import { type Stack, startStack } from '../../support/stack.js';
import { seedReviewItem } from '../api/review-fixtures.js';

/**
 * The web app in a real Chromium against the real stack (Temporal dev server, Postgres, the Gmail
 * emulator, a worker): one browser for the file, one page per signed-in workspace, reused from step
 * to step, so the steps run in order and each starts where the last one left the page.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = new URL('../../../docs/screenshots/', import.meta.url);

let stack: Stack;
let app: ServedApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: { url: string; fromPopup: boolean }[] = [];
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

/** axe-core run inside the page (evaluate is not subject to the page's CSP): serious and critical only. */
async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(`${AXE};0`);
  // a string, not a function: this file is type-checked without the DOM library
  const violations = (await p.evaluate(
    `axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`,
  )) as { id: string; impact: string; targets: string[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.targets.join(', ')}`);
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
  stack = await startStack({ name: 'web' });
  app = await serveApp(stack);
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
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stack?.stop();
});

describe('the web app, in Chromium, against the real stack', () => {
  it('signs in with the API token and adds a connection', async () => {
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
    await consentInPopup(page, 'Connect Gmail', airbnb);
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
    // the manual run and the resume's run, each in the history with its counts and its execution
    await page.goto(`${app.url}/app`);
    await card(page, 'Airbnb').getByRole('link', { name: 'Run history' }).click();
    await page.getByRole('heading', { name: 'Run history' }).waitFor();
    const triggers = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(triggers).toEqual(expect.arrayContaining(['manual', 'initial']));
    const link = page.getByRole('link', { name: /^sync-/ }).first();
    expect(await link.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:8233\/namespaces\/default\/workflows\/sync-/);
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
    const [row] = await stack.sql<{ gmail_status: string }[]>`SELECT gmail_status FROM connections WHERE id = ${id}`;
    expect(row?.gmail_status).toBe('connected');
  });

  it('explains LABEL_NOT_FOUND on the card when the label is not in Gmail', async () => {
    await page.goto(`${app.url}/app`);
    await page.getByLabel('Gmail label', { exact: true }).last().fill('No such label');
    await page.getByRole('button', { name: 'Add connection' }).click();
    const missing = card(page, 'No such label');
    await consentInPopup(page, 'Connect Gmail', missing);
    await missing.getByText(ERROR_HELP[CODE.LABEL_NOT_FOUND].explanation).waitFor();
    await expect(missing.getByTestId('badge').textContent()).resolves.toContain('Error');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

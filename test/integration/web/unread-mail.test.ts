import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../../../testing/accessibility.js';
import { launchChromium } from '../../../testing/browser.js';
import {
  createConnectedConnection,
  deliver,
  syncOnce,
  type TestConnection,
} from '../../../testing/connections.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import {
  smoobuBookingCom,
  unrecognizedRelayUpdate,
  unrecognizedWithMarkup,
} from '../../../testing/relayed-mail.js';
import { type ServedApp, serveApp } from '../../../testing/web-server.js';
import { type Stack, useStack } from '../../support/stack.js';

/**
 * Issue 22's "never silent", in a real Chromium against the real stack: mail nothing could read,
 * synced by the connection's workflow from the Gmail emulator, shows in the review queue as "We
 * could not read this e-mail" with its subject, sender, date and text, and a person dismisses it
 * ("Not a booking") with the mouse or the keyboard.
 */
const SCREENSHOTS = new URL('../../../docs/screenshots/', import.meta.url);

let stack: Stack;
let app: ServedApp;
let browser: Browser;
let page: Page;
let conn: TestConnection;

const unreadCards = (p: Page) => p.locator('[data-unread-mail]');

useStack(
  (s) => {
    stack = s;
  },
  { name: 'web-unread' },
);

beforeAll(async () => {
  app = await serveApp(stack);
  conn = await createConnectedConnection(stack, { label: 'Rentals', workspaceName: 'Small inn' });
  await deliver(stack, conn.label, [
    unrecognizedWithMarkup(),
    unrecognizedRelayUpdate(),
    airbnbConfirmation(),
    smoobuBookingCom(),
  ]);
  await syncOnce(stack, conn);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  await page.goto(`${app.url}/app`);
  await page.getByLabel('API token').fill(conn.apiToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the review queue shows mail nobody could read', () => {
  it('with its subject, sender, date and text, the text escaped', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review', level: 1 }).waitFor();
    await expect.poll(() => unreadCards(page).count()).toBe(2);
    const card = unreadCards(page).filter({ hasText: 'Reservation received' });
    await card.getByText('We could not read this e-mail').waitFor();
    await card.getByRole('heading', { name: 'Reservation received' }).waitFor();
    await card.getByText(/From bookings@small-inn-software\.example/).waitFor();
    expect(await card.locator('time').getAttribute('datetime')).toMatch(/^2026-06-02T09:31:00/);
    // what the stranger wrote is text on the page, never markup
    await card.getByText('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>').waitFor();
    expect(await card.locator('.mail-text img, .mail-text script').count()).toBe(0);
    expect(await page.evaluate('window.__pwned ?? null')).toBeNull();
    // a relayed reservation read by the generic reader says whose it is, and how it was read
    const relayed = page.locator('[data-review-item]:not([data-unread-mail])', { hasText: 'Emma Clarke' });
    await relayed.getByText('Booking.com via smoobu').waitFor();
    await relayed.getByText('Read without a known layout').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('review-unread-mail.png', SCREENSHOTS).pathname, fullPage: true });
  });

  it('dismisses one with "Not a booking" and the other with d; the Dismissed tab keeps both', async () => {
    const first = unreadCards(page).filter({ hasText: 'Reservation received' });
    await first.getByRole('button', { name: 'Not a booking' }).click();
    await page.getByText('Dismissed: not a booking.').waitFor();
    const second = unreadCards(page).first();
    await second.focus();
    await page.keyboard.press('d');
    await expect.poll(() => page.getByText('Dismissed: not a booking.').count()).toBe(2);

    const rows = await stack.sql<{ subject: string; dismissed_by: string | null; flags: string[] }[]>`
      SELECT subject, dismissed_by, flags FROM gmail_messages
      WHERE connection_id = ${conn.connectionId} AND 'unrecognized' = ANY(flags) ORDER BY subject`;
    expect(rows.map((r) => [r.subject, r.dismissed_by])).toEqual([
      ['Actualización de la reserva', 'web'],
      ['Reservation received', 'web'],
    ]);

    await page.reload();
    await page
      .getByText('Nothing to review. All clear.')
      .or(page.locator('[data-review-item]').first())
      .waitFor();
    expect(await unreadCards(page).count()).toBe(0);
    await page
      .getByRole('navigation', { name: 'Review status' })
      .getByRole('link', { name: 'Dismissed' })
      .click();
    await expect.poll(() => unreadCards(page).count()).toBe(2);
    await unreadCards(page)
      .first()
      .getByText(/Not a booking — dismissed/)
      .waitFor();
    expect(await unreadCards(page).getByRole('button', { name: 'Not a booking' }).count()).toBe(0);
  });

  it('the reason filter shows unread mail alone', async () => {
    await page.goto(`${app.url}/app/review?status=dismissed`);
    await page.getByLabel('Reason').selectOption({ label: 'We could not read this e-mail' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/reason=unrecognized/);
    expect(await unreadCards(page).count()).toBe(2);
    expect(await page.locator('[data-review-item]:not([data-unread-mail])').count()).toBe(0);
  });
});

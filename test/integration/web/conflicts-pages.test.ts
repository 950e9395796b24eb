import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conflict } from '../../../api/routes/conflicts.js';
import { seriousViolations } from '../../../testing/accessibility.js';
import { launchChromium } from '../../../testing/browser.js';
import { vrboReservation } from '../../../testing/mail.js';
import { type DemoStack, day, event, startDemoStack } from '../conflicts/demo-stack.js';
import { airbnbReserved } from '../conflicts/fixtures.js';
import { SCREENSHOTS, signIn } from './pages.js';

/**
 * Properties, the calendar of a property and the conflicts, in a real Chromium against what
 * `npm run dev` runs (the demo place on three channels), with a double booking and an early
 * warning made the way they happen: a channel's calendar sells taken nights, a channel's mail
 * confirms them. They are 800 days out, clear of the demo's own stays whatever today is.
 */
let dev: DemoStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
let doubleBooking: Conflict;
let warning: Conflict;

beforeAll(async () => {
  dev = await startDemoStack('webconflicts');
  // Booking.com sells nights Airbnb sold, and a Vrbo mail confirms nights Airbnb holds
  dev.extra.airbnb.push(
    event(...airbnbReserved('web-a1@airbnb.com', day(805), day(809), 'HMWEBTST01')),
    event(...airbnbReserved('web-a2@airbnb.com', day(818), day(822), 'HMWEBTST02')),
  );
  dev.extra.booking.push(event('web-b1@booking.com', day(807), day(810), 'CLOSED - Not available'));
  await dev.reimport('airbnb');
  await dev.reimport('booking');
  await dev.deliver(
    vrboReservation({
      code: 'HA-WEB001',
      guest: 'Sophie Martin',
      checkIn: day(820),
      checkOut: day(824),
      listing: 'Vrbo #4471902 - Loft Santa Croce with terrace',
      sent: new Date(),
    }),
  );
  await dev.syncNowAndWait();
  const open = await dev.openConflicts();
  doubleBooking = open.find((c) => c.kind === 'double_booking')!;
  warning = open.find((c) => c.kind === 'mail_overlaps_calendar')!;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  context.on('request', (r) => requests.push(r.url()));
  await signIn(page, dev.app.url, dev.demo.apiToken);
});

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
});

const nav = (p: Page, name: RegExp) =>
  p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

describe('properties, the calendar and the conflicts, in Chromium', () => {
  it('has the two conflicts to show, and counts them in the navigation', async () => {
    expect(doubleBooking).toMatchObject({ nights: { from: day(807), to: day(809) } });
    expect(warning).toMatchObject({ nights: { from: day(820), to: day(822) } });
    await expect(page.getByTestId('nav-count').textContent()).resolves.toBe('2');
  });

  it('lists the property with its calendars and listing names, and confirms a new name in place', async () => {
    await nav(page, /^Properties/).click();
    const card = page.locator('article.card', {
      has: page.getByRole('heading', { name: 'Loft Santa Croce' }),
    });
    await expect(
      card.getByRole('button', { name: /^Take out .* from Loft Santa Croce$/ }).count(),
    ).resolves.toBe(3);
    await card.getByText('“LOFT SANTA CROCE · TERRACE & DUOMO VIEW”').waitFor();
    await card.getByRole('link', { name: '⚠ 2 conflicts' }).waitFor();
    // the Scidoo relay's name for the place: new, suggested, not yet applied
    const news = page.getByRole('region', { name: 'New listing names in mail' });
    const select = news.getByLabel(/“Loft Santa Croce”/);
    await expect(select.inputValue()).resolves.toBe(dev.demo.propertyId);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('properties.png', SCREENSHOTS).pathname, fullPage: true });
    const scidoo = news.getByRole('listitem').filter({ has: page.getByLabel(/“Loft Santa Croce”/) });
    await scidoo.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Listing name saved.').waitFor();
    await card.getByText('“Loft Santa Croce”').waitFor();
    // the Smoobu relay's own name for the place stays new until someone says
    const left = page.getByRole('region', { name: 'New listing names in mail' }).getByRole('listitem');
    await expect(left.count()).resolves.toBe(1);
    await left.getByText('“Loft Santa Croce Firenze”').waitFor();
  });

  it('lists the conflicts with both sides and the evidence', async () => {
    await nav(page, /^Conflicts/).click();
    const early = page.locator(`#conflict-${warning.id}`);
    await early
      .getByRole('heading', { name: /New booking overlaps the calendar · Loft Santa Croce/ })
      .waitFor();
    await early
      .getByText(/Vrbo e-mail/)
      .first()
      .waitFor();
    await early.getByText('Evidence').click();
    await early
      .getByText(/“[A-Z][a-z]{2} \d+ - [A-Z][a-z]{2} \d+, \d{4}, 4 nights”/)
      .first()
      .waitFor();
    const double = page.locator(`#conflict-${doubleBooking.id}`);
    await double
      .getByText(/Airbnb calendar/)
      .first()
      .waitFor();
    await double
      .getByText(/Booking\.com calendar/)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('conflicts.png', SCREENSHOTS).pathname, fullPage: true });
  });

  it('draws the double booking on the calendar where it happens, and links it', async () => {
    await page
      .locator(`#conflict-${doubleBooking.id}`)
      .getByRole('link', { name: 'See it on the calendar' })
      .click();
    await page.getByRole('heading', { name: 'Calendar of Loft Santa Croce', level: 1 }).waitFor();
    const from = new Date(`${doubleBooking.nights.from}T00:00:00Z`);
    const bar = page.locator(`[data-conflict="${doubleBooking.id}"]`).first();
    await bar.waitFor();
    // in the row of conflicts, from its first night, over its two nights (unless a month ends between)
    const classes = (await bar.getAttribute('class')) ?? '';
    expect(classes).toContain(`at-${from.getUTCDate()}`);
    // above it, both stays are marked and lead to the same conflict
    const [airbnbStay, bookingStay] = doubleBooking.sides.map((s) =>
      page.locator(`[data-booking="${s.bookings[0]!.id}"]`).first(),
    );
    for (const stay of [airbnbStay!, bookingStay!]) {
      expect(await stay.getAttribute('class')).toContain('bar-conflict');
      expect(await stay.getByRole('link').getAttribute('href')).toBe(
        `/app/conflicts?status=open#conflict-${doubleBooking.id}`,
      );
    }
    // and it sits under the nights the two stays share
    const [a, b, c] = await Promise.all([
      airbnbStay!.boundingBox(),
      bookingStay!.boundingBox(),
      bar.boundingBox(),
    ]);
    expect(c!.x).toBeGreaterThanOrEqual(Math.max(a!.x, b!.x) - 2);
    expect(c!.x + c!.width).toBeLessThanOrEqual(Math.min(a!.x + a!.width, b!.x + b!.width) + 2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('calendar.png', SCREENSHOTS).pathname, fullPage: true });
    // with the keyboard: the conflict's link, Enter, and the conflict is there
    await bar.getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/conflicts\?status=open#conflict-/);
    await page
      .locator(`#conflict-${doubleBooking.id}`)
      .getByRole('heading', { name: /Double booking/ })
      .waitFor();
  });

  it('acknowledges a conflict: it leaves the open ones and the count', async () => {
    await page.locator(`#conflict-${doubleBooking.id}`).getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText(/Acknowledged: it stays under Acknowledged/).waitFor();
    await expect(page.getByTestId('nav-count').textContent()).resolves.toBe('1');
    await page
      .getByRole('navigation', { name: 'Conflict status' })
      .getByRole('link', { name: 'Acknowledged' })
      .click();
    await page.locator(`#conflict-${doubleBooking.id}`).waitFor();
    const [row] = await dev.stack.sql`SELECT status FROM conflicts WHERE id = ${doubleBooking.id}`;
    expect(row).toEqual({ status: 'acknowledged' });
  });

  it('is readable on a phone, a month at a time, and moves through the months', async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${dev.app.url}/app/properties/${dev.demo.propertyId}/calendar`);
      const months = phone.locator('.cal-month h2');
      await expect(months.count()).resolves.toBe(3);
      // this month: today marked, the demo's blocked nights shaded
      await phone.locator('.cal-days .today').first().waitFor();
      expect(await phone.locator('.bar-blocked').count()).toBeGreaterThan(0);
      // the page itself never scrolls sideways: each month scrolls inside its own region
      const overflow = (await phone.evaluate(
        'document.documentElement.scrollWidth - window.innerWidth',
      )) as number;
      expect(overflow).toBeLessThanOrEqual(0);
      const first = await months.first().textContent();
      await phone.getByRole('link', { name: 'Later →' }).click();
      await phone.waitForURL(/from=\d{4}-\d{2}$/);
      expect(await phone.locator('.cal-month h2').first().textContent()).not.toBe(first);
      expect(await seriousViolations(phone)).toEqual([]);
      await phone.goBack();
      await phone.locator('.cal-days .today').first().waitFor();
      await phone.screenshot({ path: new URL('calendar-phone.png', SCREENSHOTS).pathname });
    } finally {
      await phone.close();
    }
  });

  it('loaded nothing from outside its own origin', () => {
    const outside = requests.filter((url) => new URL(url).origin !== dev.app.url);
    expect(outside).toEqual([]);
    expect(requests.length).toBeGreaterThan(10);
  });
});

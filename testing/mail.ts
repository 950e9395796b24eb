import { randomBytes } from 'node:crypto';
import { DEFAULT_USER } from '../dev/gmail/index.js';
import { vrboBookedLines } from './vrbo-booked.js';

/**
 * The harness's Airbnb confirmations, all addressed to the emulator's mailbox user. Two kinds:
 * `airbnbConfirmation(n)` for tests and drills that check what one e-mail became (its code and
 * stay follow from n, see `stayOf`), `syntheticConfirmation(n)` for loads of distinct messages.
 */

let counter = 0;

/** `count` airbnbConfirmation()s, each with its own code and stay. */
export const confirmations = (count: number) => Array.from({ length: count }, () => airbnbConfirmation());

/** The code and July stay airbnbConfirmation(n) writes. */
export function stayOf(n: number) {
  const day = (n % 27) + 1;
  const pad = (d: number) => String(d).padStart(2, '0');
  return {
    code: `HM${String(n).padStart(8, '0')}`.slice(0, 10),
    checkIn: `2026-07-${pad(day)}`,
    checkOut: `2026-07-${pad(day + 1)}`,
  };
}

/** A small, valid Airbnb confirmation whose code and dates differ per call. */
export function airbnbConfirmation(n = counter++, guest = `Guest ${n}`): string {
  const { code } = stayOf(n);
  const day = (n % 27) + 1;
  return [
    'From: Airbnb <automated@airbnb.com>',
    `To: ${DEFAULT_USER}`,
    `Subject: Reservation confirmed - ${guest} arrives Jul ${day}`,
    `Date: Mon, 1 Jun 2026 10:${String(n % 60).padStart(2, '0')}:00 +0000`,
    `Message-ID: <test-${n}-${randomBytes(4).toString('hex')}@airbnb.com>`,
    'X-Template: BOOKING_CONFIRMATION_TO_HOST',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'New booking confirmed! ' + guest + ' arrives Jul ' + day + '.',
    '',
    'SEASIDE LOFT',
    'Entire home/apt',
    '',
    'Check-in      Checkout',
    `Wed, Jul ${day}   Sat, Jul ${day + 1}`,
    '',
    'GUESTS',
    '2 adults',
    '',
    'CONFIRMATION CODE',
    code,
    '',
    'YOU EARN',
    '$120.50',
    '',
  ].join('\r\n');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function confirmationCode(n: number): string {
  let code = '';
  let rest = n;
  for (let i = 0; i < 8; i++) {
    code += CODE_ALPHABET[rest % CODE_ALPHABET.length];
    rest = Math.floor(rest / CODE_ALPHABET.length);
  }
  return `HM${code}`;
}

/**
 * The n-th of a family of small, distinct Airbnb-style confirmations (unique code and Message-ID,
 * stays spread over 2026-2027), for load tests and benchmarks that need many messages, not realism.
 */
export function syntheticConfirmation(n: number): string {
  const checkIn = new Date(Date.UTC(2026, 0, 1) + (n % 700) * 86_400_000);
  const checkOut = new Date(checkIn.getTime() + (2 + (n % 5)) * 86_400_000);
  const day = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const sent = new Date(checkIn.getTime() - 30 * 86_400_000);
  const code = confirmationCode(n);
  return [
    'From: Airbnb <automated@airbnb.com>',
    `To: ${DEFAULT_USER}`,
    `Subject: Reservation confirmed - Guest ${n} arrives ${day(checkIn)}`,
    `Date: ${sent.toUTCString()}`,
    `Message-ID: <synthetic-${n}-${code}@airbnb.example>`,
    'X-Template: BOOKING_CONFIRMATION_TO_HOST',
    'X-Locale: en',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `New booking confirmed! Guest ${n} arrives ${day(checkIn)}.`,
    '',
    'Check-in      Checkout',
    `${day(checkIn)}   ${day(checkOut)}`,
    '',
    'GUESTS',
    `${1 + (n % 4)} adults`,
    '',
    'CONFIRMATION CODE',
    code,
    '',
  ].join('\r\n');
}

/**
 * A message of about `megabytes` MB raw, every byte of it in a plain-text body (lines of 76
 * characters): what a big attachment or a mail bomb weighs, for the byte-budget tests and drills.
 */
export function bigMessage(megabytes: number, n = counter++): string {
  const line = `${String(n).padStart(8, '0')} ${'x'.repeat(66)}\r\n`;
  return [
    'From: Sender <bulk@example.org>',
    `To: ${DEFAULT_USER}`,
    `Subject: ${megabytes} MB message ${n}`,
    `Date: Mon, 1 Jun 2026 09:${String(n % 60).padStart(2, '0')}:00 +0000`,
    `Message-ID: <big-${n}-${randomBytes(4).toString('hex')}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    line.repeat(Math.ceil((megabytes * 1024 * 1024) / line.length)),
  ].join('\r\n');
}

/**
 * A Vrbo reservation e-mail (the shape of dev/demo/emails/07-vrbo-reservation.eml) for any stay:
 * the conflict tests sell nights another channel already holds, dated from today.
 */
export function vrboReservation(stay: {
  code: string;
  guest: string;
  checkIn: string;
  checkOut: string;
  listing: string;
  sent: Date;
}): string {
  const day = (iso: string) => {
    const d = new Date(`${iso}T00:00:00Z`);
    return { text: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`, year: d.getUTCFullYear() };
  };
  const from = day(stay.checkIn);
  const to = day(stay.checkOut);
  const nights = Math.round((Date.parse(stay.checkOut) - Date.parse(stay.checkIn)) / 86_400_000);
  const dates = `${from.text} - ${to.text}, ${to.year}`;
  return [
    'From: Vrbo <sender@messages.homeaway.com>',
    `To: ${DEFAULT_USER}`,
    `Subject: Reservation from ${stay.guest}: ${dates} - Vrbo #4471902`,
    `Date: ${stay.sent.toUTCString()}`,
    `Message-ID: <test.vrbo.${stay.code}.${randomBytes(4).toString('hex')}@messages.homeaway.com>`,
    'X-Mediated-Site: vrbo',
    'X-Mediated-Message-Type: RESERVATION_BOOKED',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...vrboBookedLines({
      guest: stay.guest,
      code: stay.code,
      property: stay.listing,
      dates: `${dates}, ${nights} nights`,
      guests: '2 adults',
    }),
  ].join('\r\n');
}

/**
 * Generated, realistic booking mail for the benchmark: the shapes of `dev/demo/emails/*.eml` and
 * `testing/mail-fixtures/*.eml` (Airbnb confirmation / cancellation / payout / review, Vrbo,
 * Booking.com notification and guest message, Scidoo PMS), each with its own code, guest and dates,
 * plus the iCal feeds (one per platform) in which about 80 % of the e-mails' stays appear.
 * Deterministic: the same N gives the same mailbox.
 */

import { MONTH_NAMES } from '../contracts/month-names.js';
import type { Platform } from '../contracts/platforms.js';
import { vrboBookedLines } from '../testing/vrbo-booked.js';

export type { Platform };

export type MailKind =
  | 'airbnb-confirmation'
  | 'airbnb-cancellation'
  | 'airbnb-payout'
  | 'airbnb-review'
  | 'vrbo-reservation'
  | 'booking-notification'
  | 'booking-guest-message'
  | 'pms-scidoo';

interface Stay {
  platform: Platform;
  listing: number;
  code: string;
  guest: string;
  guests: number;
  checkIn: Date;
  checkOut: Date;
  amount: number;
  inFeed: boolean;
}

export interface GeneratedMailbox {
  raws: string[];
  kinds: Record<MailKind, number>;
  /** iCal text per platform feed */
  feeds: Record<Platform, string>;
  stays: number;
  staysInFeed: number;
  /** share of the e-mails that name a stay (or stays) present in a feed */
  mailsWithFeedStay: number;
}

/** Cumulative mix of the mailbox (shares of all e-mails). */
const MIX: readonly [MailKind, number][] = [
  ['airbnb-confirmation', 0.36],
  ['airbnb-cancellation', 0.06],
  ['airbnb-payout', 0.06],
  ['airbnb-review', 0.03],
  ['vrbo-reservation', 0.15],
  ['booking-guest-message', 0.14],
  ['booking-notification', 0.05],
  ['pms-scidoo', 0.15],
];

/** The kinds of mail about one new stay: the channel it is booked on, and the template that writes it. */
const ONE_STAY_MAILS: Partial<Record<MailKind, [Platform, (s: Stay, id: string) => string]>> = {
  'airbnb-confirmation': ['airbnb', airbnbConfirmation],
  'airbnb-cancellation': ['airbnb', airbnbCancellation],
  'vrbo-reservation': ['vrbo', vrboReservation],
  'booking-guest-message': ['booking', bookingGuestMessage],
  'booking-notification': ['booking', bookingNotification],
  'pms-scidoo': ['pms', scidooConfirmation],
};

const FIRST = [
  'Emily',
  'Oliver',
  'Lucía',
  'Giulia',
  'Thomas',
  'Hannah',
  'Samuel',
  'Marco',
  'Chloé',
  'Jonas',
  'Aiko',
  'Priya',
  'Mateo',
  'Sofia',
  'Liam',
  'Noah',
  'Ava',
  'Elif',
  'Björn',
  'Zoë',
  'Kwame',
  'Ines',
  'Pavel',
  'Mei',
];
const LAST = [
  'Carter',
  'Brandt',
  'Fernández',
  'Bernardi',
  'Becker',
  'Müller',
  'Okafor',
  'Rossi',
  'Dubois',
  'Lindqvist',
  'Tanaka',
  'Sharma',
  'García',
  'Ricci',
  'Walsh',
  'Novak',
  'Kowalski',
  'Yılmaz',
  'Ødegaard',
  'Mensah',
  'Costa',
  'Ivanov',
  'Chen',
  'Haddad',
];
const LISTINGS = [
  'Loft Santa Croce · Terrace & Duomo View',
  'Casa Girasole',
  'Appartamento Duomo',
  'Villa Oliveto',
  'Studio San Frediano',
  'Attico Oltrarno',
  'Casa del Borgo',
  'Suite Ponte Vecchio',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const DAY_MS = 86_400_000;
/** Listings per platform: each keeps its own back-to-back calendar. */
const LISTINGS_PER_PLATFORM = 2;

/** mulberry32: small, seeded, good enough for test data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateMailbox(n: number, seed = 20260): GeneratedMailbox {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const kinds = Object.fromEntries(MIX.map(([k]) => [k, 0])) as Record<MailKind, number>;
  const usedCodes = new Set<string>();
  // next free night per (platform, listing): calendars never overlap, so exact dates identify a stay
  const nextFree = new Map<string, number>();
  const stays: Stay[] = [];
  const airbnbStays: Stay[] = [];
  const raws: string[] = [];
  let mailsWithFeedStay = 0;

  const uniqueCode = (make: () => string) => {
    for (;;) {
      const code = make();
      if (!usedCodes.has(code)) {
        usedCodes.add(code);
        return code;
      }
    }
  };
  const codeFor = (platform: Platform) =>
    uniqueCode(() => {
      if (platform === 'airbnb')
        return `HM${Array.from({ length: 8 }, () => pick([...CODE_ALPHABET])).join('')}`;
      if (platform === 'vrbo')
        return `HA-${Array.from({ length: 6 }, () => pick([...CODE_ALPHABET])).join('')}`;
      return String(4_000_000_000 + Math.floor(rand() * 1_999_999_999));
    });
  const newStay = (platform: Platform): Stay => {
    const listing = Math.floor(rand() * LISTINGS_PER_PLATFORM);
    const key = `${platform}/${listing}`;
    // calendars start in 2026 and run forward; a gap of 0–3 nights between stays
    const start =
      (nextFree.get(key) ?? Date.UTC(2026, 0, 5) + listing * 3 * DAY_MS) + Math.floor(rand() * 4) * DAY_MS;
    const nights = 2 + Math.floor(rand() * 6);
    const stay: Stay = {
      platform,
      listing,
      code: codeFor(platform),
      guest: `${pick(FIRST)} ${pick(LAST)}`,
      guests: 1 + Math.floor(rand() * 5),
      checkIn: new Date(start),
      checkOut: new Date(start + nights * DAY_MS),
      amount: Math.round((nights * (70 + rand() * 180) + 40) * 100) / 100,
      inFeed: rand() < 0.8,
    };
    nextFree.set(key, start + nights * DAY_MS);
    stays.push(stay);
    if (platform === 'airbnb') airbnbStays.push(stay);
    return stay;
  };

  for (let i = 0; i < n; i++) {
    const r = rand();
    let acc = 0;
    let kind: MailKind = MIX[0]![0];
    for (const [k, share] of MIX) {
      acc += share;
      if (r < acc) {
        kind = k;
        break;
      }
    }
    // a payout needs stays that were confirmed before
    if (kind === 'airbnb-payout' && airbnbStays.length < 2) kind = 'airbnb-confirmation';
    kinds[kind] += 1;
    const id = `${i}.${seed}`;
    const oneStay = ONE_STAY_MAILS[kind];
    if (oneStay) {
      const [platform, write] = oneStay;
      const s = newStay(platform);
      if (s.inFeed) mailsWithFeedStay++;
      raws.push(write(s, id));
    } else if (kind === 'airbnb-payout') {
      const recent = airbnbStays.slice(-40);
      const a = pick(recent);
      let b = pick(recent);
      if (b === a) b = airbnbStays.at(-1) === a ? airbnbStays.at(-2)! : airbnbStays.at(-1)!;
      if (a.inFeed || b.inFeed) mailsWithFeedStay++;
      raws.push(airbnbPayout([a, b], id));
    } else {
      raws.push(airbnbReview(`${pick(FIRST)} ${pick(LAST)}`, id));
    }
  }

  const feeds = {
    airbnb: feedFor('airbnb', stays),
    vrbo: feedFor('vrbo', stays),
    booking: feedFor('booking', stays),
    pms: feedFor('pms', stays),
  };
  return {
    raws,
    kinds,
    feeds,
    stays: stays.length,
    staysInFeed: stays.filter((s) => s.inFeed).length,
    mailsWithFeedStay,
  };
}

/** The same five small messages for every fan-out connection. */
export function fanoutMailbox(): string[] {
  const { raws } = generateMailbox(5, 7);
  return raws;
}

// ---------------------------------------------------------------------------------------------
// templates

const day = (d: Date) => `${DAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
const monthDay = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
const usDate = (d: Date) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
const euDate = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
const icsDate = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');
const nights = (s: Stay) => Math.round((s.checkOut.getTime() - s.checkIn.getTime()) / DAY_MS);
const eur = (n: number) => `€${n.toFixed(2)}`;
const eurIt = (n: number) => `${n.toFixed(2).replace('.', ',')} €`;
const sentBefore = (d: Date, days: number, salt: number) =>
  new Date(d.getTime() - days * DAY_MS + (salt % 86_000) * 1000).toUTCString().replace('GMT', '+0000');
const esc = (t: string) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const saltOf = (id: string) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
const boundary = (id: string) => `===============${String(saltOf(id)).padStart(19, '4')}==`;

/** Header lines, then a multipart/alternative text + HTML body (8bit UTF-8), as the platforms send. */
function multipart(headers: string[], id: string, text: string[]): string {
  const b = boundary(id);
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family:Helvetica,Arial,sans-serif">\n${text
    .map((l) => (l === '' ? '<p>&nbsp;</p>' : `<p>${esc(l)}</p>`))
    .join('\n')}\n</body></html>`;
  return [
    ...headers,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative;',
    ` boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...text,
    '',
    `--${b}`,
    'Content-Type: text/html; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
}

const AIRBNB_FOOTER = ['Airbnb Ireland UC', '8 Hanover Quay', 'Dublin 2, Ireland'];

function airbnbHeaders(subject: string, date: string, messageId: string, template: string): string[] {
  return [
    'Delivered-To: host@example.com',
    'Return-Path: <bounces+4417-bench@airbnb.com>',
    'From: Airbnb <automated@airbnb.com>',
    'To: host@example.com',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${messageId}@airbnb.com>`,
    `X-Template: ${template}`,
    'X-Locale: en',
    'X-Mailer: Airbnb Notifications',
  ];
}

function airbnbConfirmation(s: Stay, id: string): string {
  const first = s.guest.split(' ')[0]!;
  const fee = Math.round(s.amount * 0.03 * 100) / 100;
  return multipart(
    airbnbHeaders(
      `Reservation confirmed - ${s.guest} arrives ${monthDay(s.checkIn)}`,
      sentBefore(s.checkIn, 20 + (saltOf(id) % 40), saltOf(id)),
      `bench.conf.${s.code}.${id}`,
      'BOOKING_CONFIRMATION_TO_HOST',
    ),
    id,
    [
      `NEW BOOKING CONFIRMED! ${first.toUpperCase()} ARRIVES ${monthDay(s.checkIn).toUpperCase()}.`,
      '',
      'Send a message to confirm check-in details or welcome',
      `${first}.`,
      '',
      `https://www.airbnb.com/hosting/reservations/details/${s.code}?isPending=true   ${s.guest}`,
      '',
      `Identity verified · ${saltOf(id) % 30} reviews`,
      '',
      `https://www.airbnb.com/rooms/9182736455019${String(s.listing).padStart(5, '0')}`,
      '',
      LISTINGS[s.listing % LISTINGS.length]!.toUpperCase(),
      '',
      'Entire home/apt',
      '',
      'Check-in      Checkout',
      '',
      `${day(s.checkIn)}   ${day(s.checkOut)}`,
      '',
      '3:00 PM       10:00 AM',
      '',
      'GUESTS',
      '',
      `${s.guests} adult${s.guests > 1 ? 's' : ''}`,
      '',
      'CONFIRMATION CODE',
      s.code,
      '',
      'HOST PAYOUT',
      '',
      `${nights(s)} nights room fee   ${eur(s.amount)}`,
      '',
      `Host service fee (3%)   -${eur(fee)}`,
      '',
      `YOU EARN   ${eur(Math.round((s.amount - fee) * 100) / 100)}`,
      '',
      'Allow time for payment processing.',
      '',
      ...AIRBNB_FOOTER,
    ],
  );
}

function airbnbCancellation(s: Stay, id: string): string {
  const range =
    s.checkIn.getUTCMonth() === s.checkOut.getUTCMonth()
      ? `${monthDay(s.checkIn)} – ${s.checkOut.getUTCDate()}, ${s.checkOut.getUTCFullYear()}`
      : `${monthDay(s.checkIn)} – ${monthDay(s.checkOut)}, ${s.checkOut.getUTCFullYear()}`;
  return multipart(
    airbnbHeaders(
      `Canceled: Reservation ${s.code} for ${range}`,
      sentBefore(s.checkIn, 5 + (saltOf(id) % 20), saltOf(id)),
      `bench.cancel.${s.code}.${id}`,
      'CANCELLATIONS_RESERVATION_CANCELED_BY_GUEST_TO_HOST',
    ),
    id,
    [
      'These dates are now open for other guests',
      '',
      'RESERVATION CANCELED',
      '',
      `https://www.airbnb.com/hosting/reservations/details/${s.code}   ${LISTINGS[s.listing % LISTINGS.length]}`,
      '',
      `${s.guest} canceled reservation ${s.code} for ${range}`,
      'because their travel plans changed. Your calendar has been',
      'updated to show that these dates are now available.',
      '',
      'Check-in      Checkout',
      `${day(s.checkIn)}    ${day(s.checkOut)}`,
      '',
      'GUESTS',
      `${s.guests} adult${s.guests > 1 ? 's' : ''}`,
      '',
      'CONFIRMATION CODE',
      s.code,
      '',
      'YOUR PAYOUT',
      "Under your Moderate cancellation policy, you won't be paid",
      'for this reservation.',
      '',
      ...AIRBNB_FOOTER,
    ],
  );
}

function airbnbPayout(stays: Stay[], id: string): string {
  const total = stays.reduce((sum, s) => sum + s.amount, 0);
  const last = stays.reduce((a, s) => (s.checkOut > a ? s.checkOut : a), stays[0]!.checkOut);
  const sent = new Date(last.getTime() + 2 * DAY_MS);
  return multipart(
    airbnbHeaders(
      `We sent a payout of ${eur(total)} EUR`,
      sent.toUTCString().replace('GMT', '+0000'),
      `bench.payout.${id}`,
      'PAYMENTS_HOST_PAYOUT_SENT_BASE_2025',
    ),
    id,
    [
      `${eur(total)} EUR was sent today`,
      '',
      `Your money was sent on ${monthDay(sent)} and should arrive by ${monthDay(new Date(sent.getTime() + 5 * DAY_MS))},`,
      "depending on your bank's processing times.",
      '',
      'View earnings',
      '[https://www.airbnb.com/users/transaction_history/4417029]',
      '',
      'Bank account',
      '',
      'Checking ••••4417 (EUR)',
      '',
      'Details',
      '',
      ...stays.flatMap((s) => [
        `${s.guest}   ${eur(s.amount)} EUR`,
        '',
        `Home • ${usDate(s.checkIn)} - ${usDate(s.checkOut)}`,
        '',
        `${LISTINGS[s.listing % LISTINGS.length]} (9182736455019${String(s.listing).padStart(5, '0')})`,
        '',
        s.code,
        '',
      ]),
      `Total paid:   ${eur(total)} EUR`,
      '',
      ...AIRBNB_FOOTER,
    ],
  );
}

function airbnbReview(guest: string, id: string): string {
  return multipart(
    airbnbHeaders(
      `${guest} left a 5-star review!`,
      new Date(Date.UTC(2026, 3, 1) + (saltOf(id) % 600) * DAY_MS).toUTCString().replace('GMT', '+0000'),
      `bench.review.${id}`,
      'REVIEW_GUEST_TO_HOST_PUBLISHED',
    ),
    id,
    [
      `${guest.split(' ')[0]} left you a review`,
      '',
      '“Wonderful stay, spotless apartment and a great view. We would come back anytime.”',
      '',
      'Write a response',
      '[https://www.airbnb.com/users/reviews]',
      '',
      ...AIRBNB_FOOTER,
    ],
  );
}

function vrboReservation(s: Stay, id: string): string {
  const property = `Vrbo #44719${String(s.listing).padStart(2, '0')} - ${LISTINGS[s.listing % LISTINGS.length]}`;
  return multipart(
    [
      'Delivered-To: host@example.com',
      'Return-Path: <bounces+4417-bench@messages.homeaway.com>',
      'From: Vrbo <sender@messages.homeaway.com>',
      'To: host@example.com',
      `Subject: Reservation from ${s.guest}: ${monthDay(s.checkIn)} - ${monthDay(s.checkOut)}, ${s.checkOut.getUTCFullYear()} - Vrbo #44719${String(s.listing).padStart(2, '0')}`,
      `Date: ${sentBefore(s.checkIn, 15 + (saltOf(id) % 60), saltOf(id))}`,
      `Message-ID: <bench.vrbo.${s.code}.${id}@messages.homeaway.com>`,
      'X-Mediated-Site: vrbo',
      'X-Mediated-Message-Type: RESERVATION_BOOKED',
    ],
    id,
    [
      ...vrboBookedLines({
        guest: s.guest,
        code: s.code,
        property,
        dates: `${monthDay(s.checkIn)} - ${monthDay(s.checkOut)}, ${s.checkOut.getUTCFullYear()}, ${nights(s)} nights`,
        guests: `${s.guests} adult${s.guests > 1 ? 's' : ''}`,
      }),
      'Payment:',
      `    Total: ${eur(s.amount)} (paid in full)`,
      '',
      'View reservation details in your inbox:',
      `https://www.vrbo.com/rm/message/${s.code}`,
      '',
      'Vrbo, part of Expedia Group',
    ],
  );
}

function bookingNotification(s: Stay, id: string): string {
  const d = s.checkIn;
  const when = `${DAYS_LONG[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return multipart(
    [
      'Delivered-To: host@example.com',
      'From: Booking.com <noreply@booking.com>',
      'To: host@example.com',
      `Subject: Booking.com - New booking! (${s.code}, ${when})`,
      `Date: ${sentBefore(s.checkIn, 10 + (saltOf(id) % 50), saltOf(id))}`,
      `Message-ID: <bench.booking.${s.code}.${id}@booking.com>`,
    ],
    id,
    [
      LISTINGS[s.listing % LISTINGS.length]!,
      '',
      'You have a new booking!',
      '',
      `Property: ${LISTINGS[s.listing % LISTINGS.length]}`,
      `Reservation number: ${s.code}`,
      '',
      'Log in to the extranet to see the full booking details:',
      `https://admin.booking.com/hotel/hoteladmin/extranet_ng/manage/booking.html?res_id=${s.code}&hotel_id=91827${s.listing}&lang=en`,
      '',
      'Thank you for working with Booking.com.',
      '',
      'Booking.com B.V., Oosterdokskade 163, 1011 DL Amsterdam, Netherlands',
    ],
  );
}

/** Relayed guest messages arrive base64-encoded, as in the fixture. */
function bookingGuestMessage(s: Stay, id: string): string {
  const d = (x: Date) =>
    `${DAYS[x.getUTCDay()]} ${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]} ${x.getUTCFullYear()}`;
  const text = [
    `We received this message from ${s.guest}`,
    '',
    'Hello, we will arrive around 6 pm. Is there parking nearby?',
    '',
    `Confirmation number: ${s.code}`,
    `Check-in: ${d(s.checkIn)}`,
    `Check-out: ${d(s.checkOut)}`,
    `Total guests: ${s.guests}`,
    `Property: ${LISTINGS[s.listing % LISTINGS.length]}`,
    '',
    'Reply',
    '',
  ].join('\n');
  const html = `<p>${esc(text).replaceAll('\n', '<br>')}</p>`;
  const b64 = (t: string) => Buffer.from(t).toString('base64').replace(/.{76}/g, '$&\r\n');
  const b = `mchat-${saltOf(id).toString(16)}`;
  return [
    `From: "${s.guest} via Booking.com" <${saltOf(id).toString(16)}@mchat.booking.com>`,
    'To: host@example.com',
    `Subject: We received this message from ${s.guest}`,
    `Date: ${sentBefore(s.checkIn, 2 + (saltOf(id) % 10), saltOf(id))}`,
    `Message-ID: <bench.mchat.${s.code}.${id}@mchat.booking.com>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(text),
    '',
    `--${b}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(html),
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
}

function scidooConfirmation(s: Stay, id: string): string {
  const [first, ...rest] = s.guest.split(' ');
  return [
    'Delivered-To: host@example.com',
    'From: Scidoo <reservation@scidoo.com>',
    'To: host@example.com',
    `Subject: Confermata - Prenotazione ID ${s.code} - Booking`,
    `Date: ${sentBefore(s.checkIn, 10 + (saltOf(id) % 30), saltOf(id))}`,
    `Message-ID: <bench.scidoo.${s.code}.${id}@scidoo.com>`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    'MIME-Version: 1.0',
    '',
    `Gentile ${LISTINGS[s.listing % LISTINGS.length]},`,
    'è stata confermata la seguente prenotazione.',
    '',
    `ID Voucher\t${s.code}`,
    'Canale\tBooking',
    `Camera/Alloggio\t${LISTINGS[s.listing % LISTINGS.length]}`,
    `Ospiti\t${s.guests} Adulti`,
    `Nome Ospite\t${rest.join(' ')} ${first}`,
    `Email Ospite\tguest.${saltOf(id)}@guest.booking.com`,
    `Data di Check-in\t${euDate(s.checkIn)}`,
    `Data di Check-out\t${euDate(s.checkOut)}`,
    `Notti\t${nights(s)}`,
    'Trattamento\tSolo pernottamento',
    '',
    `Totale Prenotazione: ${eurIt(s.amount)}`,
    '',
    'Scidoo - Gestionale per strutture ricettive',
    'https://www.scidoo.com',
    '',
  ].join('\r\n');
}

// ---------------------------------------------------------------------------------------------
// feeds

const FEED_PRODID: Record<Platform, string> = {
  airbnb: '-//Airbnb Inc//Hosting Calendar 1.0//EN',
  vrbo: '-//Vrbo//Calendar//EN',
  booking: '-//Booking.com//Availability//EN',
  pms: '-//Scidoo//PMS Calendar//IT',
};

/** One calendar per platform, every listing's stays in it; what a real feed would say of each stay. */
function feedFor(platform: Platform, stays: readonly Stay[]): string {
  const lines = ['BEGIN:VCALENDAR', `PRODID:${FEED_PRODID[platform]}`, 'CALSCALE:GREGORIAN', 'VERSION:2.0'];
  for (const s of stays) {
    if (s.platform !== platform || !s.inFeed) continue;
    lines.push('BEGIN:VEVENT', 'DTSTAMP:20260101T080000Z');
    lines.push(`DTSTART;VALUE=DATE:${icsDate(s.checkIn)}`, `DTEND;VALUE=DATE:${icsDate(s.checkOut)}`);
    lines.push(`UID:bench-${platform}-${s.code}@${platform}.example`);
    if (platform === 'airbnb') {
      lines.push('SUMMARY:Reserved');
      lines.push(
        `DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/${s.code}`,
      );
    } else if (platform === 'booking') {
      lines.push('SUMMARY:CLOSED - Not available');
    } else {
      lines.push(`SUMMARY:Reserved - ${s.guest}`);
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

// ---------------------------------------------------------------------------------------------
// one place on three channels

/** The channels of `placeOnChannels`: each exports its calendar, Airbnb's and Vrbo's echo the others'. */
export type PlaceChannel = 'airbnb' | 'vrbo' | 'booking';
const PLACE_CHANNELS: readonly PlaceChannel[] = ['airbnb', 'vrbo', 'booking'];

export interface PlaceStay {
  channel: PlaceChannel;
  code: string;
  guest: string;
  checkIn: string;
  checkOut: string;
  /** Its confirmation e-mail (Scidoo relays the Booking.com ones), dated `sent`. */
  raw: (sent: Date) => string;
}

export interface PlaceOnChannels {
  /** The listing name every channel's mail gives the place. */
  listing: string;
  stays: PlaceStay[];
  /** The owner's own nights, closed on every channel. */
  ownerBlocks: { checkIn: string; checkOut: string }[];
  /** Each channel's calendar once the first `sold` stays are sold (and echoed), the owner's blocks in. */
  calendars(sold: number): Record<PlaceChannel, string>;
  /**
   * The k-th double sale: a Vrbo reservation e-mail (dated `sent`) for nights of the k-th Airbnb
   * stay, one night later, under a code of its own.
   */
  soldAgain(k: number, sent: Date): { raw: string; code: string; checkIn: string; checkOut: string };
}

/**
 * One place sold on Airbnb, Vrbo and Booking.com, the way hosts run it: stays back to back or a few
 * nights apart, never two on one night; every few stays the owner's own week, closed everywhere;
 * Airbnb's and Vrbo's calendars show the other channels' stays as blocked nights (merged where they
 * touch), Booking.com's only its own. Nothing in it is a conflict: the false-alarm test and the
 * benchmark's conflict phase start from it.
 */
export function placeOnChannels(count: number, opts: { start: Date; seed?: number }): PlaceOnChannels {
  const rand = rng(opts.seed ?? 4417);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const stays: (PlaceStay & { from: number; to: number })[] = [];
  const ownerBlocks: { from: number; to: number }[] = [];
  let next = Date.UTC(opts.start.getUTCFullYear(), opts.start.getUTCMonth(), opts.start.getUTCDate());
  for (let i = 0; i < count; i++) {
    if (i % 6 === 5) {
      const nightsClosed = 3 + Math.floor(rand() * 4);
      ownerBlocks.push({ from: next, to: next + nightsClosed * DAY_MS });
      next += nightsClosed * DAY_MS;
    }
    // half the stays start the morning the last one leaves
    const from = next + (rand() < 0.5 ? 0 : Math.floor(rand() * 3) + 1) * DAY_MS;
    const to = from + (2 + Math.floor(rand() * 5)) * DAY_MS;
    next = to;
    const channel = PLACE_CHANNELS[i % PLACE_CHANNELS.length]!;
    const stay: Stay = {
      platform: channel,
      listing: 0,
      code:
        channel === 'airbnb'
          ? `HM${Array.from({ length: 8 }, () => pick([...CODE_ALPHABET])).join('')}`
          : channel === 'vrbo'
            ? `HA-${Array.from({ length: 6 }, () => pick([...CODE_ALPHABET])).join('')}`
            : String(4_100_000_000 + i * 7919),
      guest: `${pick(FIRST)} ${pick(LAST)}`,
      guests: 2,
      checkIn: new Date(from),
      checkOut: new Date(to),
      amount: 300 + i,
      inFeed: true,
    };
    const write = { airbnb: airbnbConfirmation, vrbo: vrboReservation, booking: scidooConfirmation }[channel];
    stays.push({
      channel,
      code: stay.code,
      guest: stay.guest,
      checkIn: isoDay(from),
      checkOut: isoDay(to),
      raw: (sent) => dated(write(stay, `place.${i}`), sent),
      from,
      to,
    });
  }
  return {
    listing: LISTINGS[0]!,
    stays: stays.map(({ from: _, to: __, ...s }) => s),
    ownerBlocks: ownerBlocks.map((b) => ({ checkIn: isoDay(b.from), checkOut: isoDay(b.to) })),
    calendars: (sold) => placeCalendars(stays.slice(0, sold), ownerBlocks),
    soldAgain: (k, sent) => {
      const airbnb = stays.filter((x) => x.channel === 'airbnb');
      const taken = airbnb[k % airbnb.length]!;
      const code = `HA-X${String(k).padStart(5, '0')}`;
      const again: Stay = {
        platform: 'vrbo',
        listing: 0,
        code,
        guest: `${pick(FIRST)} ${pick(LAST)}`,
        guests: 2,
        checkIn: new Date(taken.from + DAY_MS),
        checkOut: new Date(taken.to + DAY_MS),
        amount: 400,
        inFeed: false,
      };
      return {
        raw: dated(vrboReservation(again, `again.${k}`), sent),
        code,
        checkIn: isoDay(taken.from + DAY_MS),
        checkOut: isoDay(taken.to + DAY_MS),
      };
    },
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The mail with its Date header (and so Gmail's internal date) set to `sent`. */
function dated(raw: string, sent: Date): string {
  return raw.replace(/^Date: .*$/m, `Date: ${sent.toUTCString().replace('GMT', '+0000')}`);
}

const PLACE_LINES: Record<
  PlaceChannel,
  { prodId: string; own: (s: PlaceStay) => string[]; echo: string | null }
> = {
  airbnb: {
    prodId: FEED_PRODID.airbnb,
    own: (s) => [
      'SUMMARY:Reserved',
      `DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/${s.code}`,
    ],
    echo: 'Airbnb (Not available)',
  },
  vrbo: { prodId: FEED_PRODID.vrbo, own: (s) => [`SUMMARY:Reserved - ${s.guest}`], echo: 'Blocked' },
  booking: { prodId: FEED_PRODID.booking, own: () => ['SUMMARY:CLOSED - Not available'], echo: null },
};

function placeCalendars(
  sold: readonly (PlaceStay & { from: number; to: number })[],
  ownerBlocks: readonly { from: number; to: number }[],
): Record<PlaceChannel, string> {
  const calendar = (channel: PlaceChannel) => {
    const lines = [
      'BEGIN:VCALENDAR',
      `PRODID:${PLACE_LINES[channel].prodId}`,
      'CALSCALE:GREGORIAN',
      'VERSION:2.0',
    ];
    const event = (uid: string, from: number, to: number, body: string[]) =>
      lines.push(
        'BEGIN:VEVENT',
        'DTSTAMP:20260101T080000Z',
        `DTSTART;VALUE=DATE:${icsDate(new Date(from))}`,
        `DTEND;VALUE=DATE:${icsDate(new Date(to))}`,
        `UID:${uid}`,
        ...body,
        'END:VEVENT',
      );
    for (const s of sold.filter((x) => x.channel === channel))
      event(`place-${channel}-${s.code}@${channel}.example`, s.from, s.to, PLACE_LINES[channel].own(s));
    const echo = PLACE_LINES[channel].echo;
    const closed = channel === 'booking' ? ['SUMMARY:CLOSED - Not available'] : [`SUMMARY:${echo}`];
    // the others' stays, merged where they touch, as the channel's import shows them
    if (echo)
      for (const span of merged(sold.filter((x) => x.channel !== channel)))
        event(`place-${channel}-echo-${span.from}@${channel}.example`, span.from, span.to, [
          `SUMMARY:${echo}`,
        ]);
    for (const b of ownerBlocks)
      event(`place-${channel}-owner-${b.from}@${channel}.example`, b.from, b.to, closed);
    lines.push('END:VCALENDAR', '');
    return lines.join('\r\n');
  };
  return { airbnb: calendar('airbnb'), vrbo: calendar('vrbo'), booking: calendar('booking') };
}

function merged(spans: readonly { from: number; to: number }[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

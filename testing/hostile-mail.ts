import { DEFAULT_USER } from '../dev/gmail/index.js';

/**
 * The worst case of every pattern that reads mail text, and of every template's route, as whole
 * messages: runs of spaces, repeated header-like lines, megabyte single lines, deeply repeated
 * separators. Each was quadratic (or worse) once; `size` scales its hostile part (characters).
 * Used by the attacker unit tests, the fuzz suite and `npm run bench` (`worstMessageMs`).
 */
export interface HostileMail {
  name: string;
  raw: string;
}

type Route = { from: string; subject: string; headers?: string[]; marker: string };

/** Enough of each template's route (sender, subject, template header, body marker) to be read by it. */
const ROUTES: Record<string, Route> = {
  airbnbConfirmation: {
    from: 'Airbnb <automated@airbnb.com>',
    subject: 'Reservation confirmed - Ana arrives Jul 29',
    headers: ['X-Template: BOOKING_CONFIRMATION_TO_HOST'],
    marker: 'NEW BOOKING CONFIRMED',
  },
  airbnbPayout: {
    from: 'Airbnb <automated@airbnb.com>',
    subject: 'We sent a payout of $111.54 USD',
    headers: ['X-Template: PAYOUT_SENT'],
    marker: 'was sent today',
  },
  airbnbCancellation: {
    from: 'Airbnb <automated@airbnb.com>',
    subject: 'Canceled: Reservation HMABCDEFGH for Aug 7 - 10, 2026',
    headers: ['X-Template: RESERVATION_CANCELLED'],
    marker: 'RESERVATION CANCELLED',
  },
  vrbo: {
    from: 'Vrbo <noreply@vrbo.com>',
    subject: 'Reservation from Ana: Aug 12 - Aug 15, 2026 - Vrbo #4353572',
    marker: 'Traveler Name:',
  },
  booking: {
    from: 'Booking.com <noreply@booking.com>',
    subject: 'Booking.com - Nuova prenotazione (1234567890, 1 ago 2026)',
    marker: 'Numero di prenotazione:',
  },
  scidoo: {
    from: 'Scidoo <noreply@scidoo.com>',
    subject: 'Airbnb - Prenotazione ID 12345 - Casa',
    marker: 'Prenotazione confermata',
  },
  // the generic reader: a relay it knows, and a system nobody knows
  smoobu: {
    from: 'Smoobu <service@smoobu.com>',
    subject: 'New booking for Loft: 14.08.26 – 18.08.26, Ana Silva (Booking.com)',
    marker: 'Arrival: Fri., 14.08.26',
  },
  unknownSystem: {
    from: 'Bookings <bookings@unknown-system.example>',
    subject: 'New reservation',
    marker: 'Reservation number: 4012345678',
  },
};

function message(route: Route, body: string, extraHeaders: string[] = [], type = 'text/plain'): string {
  return [
    `From: ${route.from}`,
    `To: ${DEFAULT_USER}`,
    `Subject: ${route.subject}`,
    'Date: Mon, 1 Jun 2026 10:00:00 +0000',
    ...(route.headers ?? []),
    ...extraHeaders,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    '',
    route.marker,
    body,
    '',
  ].join('\r\n');
}

const spaces = (n: number) => ' '.repeat(n);
const repeatLines = (line: string, size: number) => `${line}\n`.repeat(Math.ceil(size / (line.length + 1)));

/** One hostile message per pattern and per template, each with about `size` characters of attack. */
export function hostileCorpus(size: number): HostileMail[] {
  const each = Object.entries(ROUTES).flatMap(([name, route]) => [
    { name: `${name}: a run of spaces`, raw: message(route, `Ana${spaces(size)}x`) },
    { name: `${name}: one long line`, raw: message(route, 'a'.repeat(size)) },
    { name: `${name}: repeated label lines`, raw: message(route, repeatLines('Check-in: Check-in:', size)) },
    { name: `${name}: repeated separators`, raw: message(route, repeatLines('- - - - -- ---', size)) },
  ]);
  const airbnb = ROUTES.airbnbPayout!;
  return [
    ...each,
    {
      name: 'mime: repeated content-transfer-encoding lines',
      raw: message(airbnb, repeatLines('content-transfer-encoding: base64', size)),
    },
    {
      name: 'mime: repeated quoted-printable headers',
      raw: message(airbnb, repeatLines('Content-Transfer-Encoding: quoted-printable', size)),
    },
    {
      name: 'payout: guest and amount line of spaces above a stay',
      raw: message(airbnb, `Ana${spaces(size)}$111.54 USD${spaces(size)}x\nHome • 7/15/2026 - 7/20/2026`),
    },
    {
      name: 'payout: amount-like line of digits and spaces above a stay',
      raw: message(airbnb, `$${'1 '.repeat(size / 2)}x\nHome • 7/15/2026 - 7/20/2026`),
    },
    {
      name: 'dates: spaces around no dash',
      raw: message(ROUTES.vrbo!, `Dates: Aug 12${spaces(size)}Aug 15, 2026`),
    },
    {
      name: 'vrbo: subject of spaces',
      raw: message({ ...ROUTES.vrbo!, subject: `Reservation from Ana:${spaces(size)}x` }, ''),
    },
    {
      name: 'confirmation: subject of spaces',
      raw: message({ ...ROUTES.airbnbConfirmation!, subject: `Reservation confirmed -${spaces(size)}x` }, ''),
    },
    {
      name: 'cancellation: guest sentence never closed',
      raw: message(ROUTES.airbnbCancellation!, 'your guest '.repeat(size / 11)),
    },
    {
      name: 'forwarded: header-like lines after a marker',
      raw: message(airbnb, `---------- Forwarded message ---------\n${repeatLines('From: a', size)}`),
    },
    {
      name: 'generic: a row of labels over a row of values, a megabyte wide',
      raw: message(
        ROUTES.unknownSystem!,
        `${'Check-in  Checkout  '.repeat(size / 40)}\n${'3.9.26  7.9.26  '.repeat(size / 32)}`,
      ),
    },
    {
      name: 'generic: label lines stacked over label lines',
      raw: message(ROUTES.unknownSystem!, repeatLines('Check-in', size)),
    },
    {
      name: 'generic: lines of colons and cells',
      raw: message(
        ROUTES.smoobu!,
        repeatLines(`Guest:${':'.repeat(50)}  |  Arrival: ${':'.repeat(50)}`, size),
      ),
    },
    {
      name: 'generic: dates and ranges everywhere',
      raw: message(
        ROUTES.unknownSystem!,
        repeatLines('14.08.26 – 18.08.26 Aug 3-9 3 au 9 août 2026-08-14', size),
      ),
    },
    {
      name: 'generic: a code-like token that never ends',
      raw: message(ROUTES.unknownSystem!, `Reservation number: ${'A1-'.repeat(size / 3)}`),
    },
    {
      name: 'cancellation: capitalised words that never reach the verb',
      raw: message(ROUTES.airbnbCancellation!, 'Ana '.repeat(size / 4)),
    },
    {
      name: 'forwarded: rules of underscores over From lines without a subject',
      raw: message(ROUTES.unknownSystem!, repeatLines('__________\nFrom: a@b.example', size)),
    },
    {
      name: 'collapsed: labels glued to values on one megabyte line',
      raw: message(
        ROUTES.airbnbConfirmation!,
        'Check-inMon, Feb 1, 20274:00 PMGuests1 adult'.repeat(size / 45),
      ),
    },
    {
      name: 'collapsed: capitals glued to lower case everywhere, long lines',
      raw: message(ROUTES.unknownSystem!, repeatLines('aA'.repeat(60_000), size)),
    },
    {
      name: 'collapsed: label colons and markdown brackets that never close',
      raw: message(ROUTES.smoobu!, `${'Arrival: [x]('.repeat(size / 26)}${'![a]('.repeat(size / 12)}`),
    },
    {
      name: 'reminder: subject of spaces before no verb',
      raw: message(
        { ...ROUTES.airbnbConfirmation!, subject: `Reminder:${spaces(size)}x`, headers: [] },
        'Check-in      Checkout',
      ),
    },
    {
      name: 'guest message: a quoted listing that never closes',
      raw: message(
        {
          from: 'Airbnb <express@airbnb.com>',
          subject: `RE: Buchung für „${'a '.repeat(size / 2)}`,
          marker: 'ANA',
        },
        'Gast',
      ),
    },
    {
      name: 'cancellation: a guest sentence of commas and roles that never reaches the verb',
      raw: message(ROUTES.airbnbCancellation!, 'Ana Gil, tu huésped, '.repeat(size / 21)),
    },
    {
      name: 'forwarded: a subject followed by lines that are never headers',
      raw: message(
        airbnb,
        `---------- Forwarded message ---------\nFrom: a@b.example\nSubject: x\n${repeatLines('wrapped subject words', size)}`,
      ),
    },
    {
      name: 'booking: a subject without its prefix, of brackets and numbers that never close',
      raw: message(
        { ...ROUTES.booking!, subject: `¡Reserva cancelada! ${'(1234567, '.repeat(size / 10)}` },
        '',
      ),
    },
    {
      name: 'booking: greeting and logo lines of spaces that never reach a name',
      raw: message(
        { ...ROUTES.booking!, subject: 'Booking.com - New booking! (1234567890, 1 Aug 2026)' },
        `Hola,${spaces(size / 2)}x\nBooking.com${spaces(size / 2)}x`,
      ),
    },
    {
      name: 'collapsed: capitalised labels before values, no colon, on one megabyte line',
      raw: message(
        ROUTES.airbnbConfirmation!,
        'Check-in Thu, May 14 Guests 2 adults Confirmation code HMP3L8X2VD You earn $ 7 '.repeat(size / 80),
      ),
    },
    {
      name: 'collapsed: capitalised words that start labels and never finish one',
      raw: message(ROUTES.unknownSystem!, 'Check Confirmation Guests You '.repeat(size / 31)),
    },
    {
      name: 'confirmation: lines of date words before a payout over breakdowns',
      raw: message(
        ROUTES.airbnbConfirmation!,
        `${repeatLines('Monday Aug 24 - Saturday Aug 29, 2020 Monday Aug', size / 2)}Payout\n${repeatLines('$1 x 2 x 3 x', size / 2)}`,
      ),
    },
    {
      name: 'vrbo: an inquiry button over reservation and payout labels that never hold a value',
      raw: message(
        { ...ROUTES.vrbo!, subject: 'Ana has replied to your message' },
        `Respond to this Inquiry\n${repeatLines('Reservation ID\t\nEstimated payout**\t', size)}`,
      ),
    },
    {
      name: 'headers: a From without an address',
      raw: message({ ...airbnb, from: 'a'.repeat(Math.min(size, 200_000)) }, ''),
    },
    {
      name: 'headers: a date of open parentheses',
      raw: message(airbnb, '', [`Date: ${'('.repeat(Math.min(size, 200_000))}`]),
    },
  ];
}

/** An iCal feed of VEVENTs that never end: the lazy block regex rescanned the rest from each. */
export function hostileFeed(size: number): string {
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBROKEN\r\n${'BEGIN:VEVENT\r\nSUMMARY:x\r\n'.repeat(size / 26)}END:VCALENDAR\r\n`;
}

/**
 * Worst cases for the extractor alone, kept out of `hostileCorpus` because they are no mail the
 * Gmail emulator imports: its import of 600 KiB of unclosed image tags resets the connection (an
 * emulator limit, reported; Gmail itself is not tested here).
 */
export function hostileForExtraction(size: number): HostileMail[] {
  return [
    {
      name: 'html: image tags that never close',
      raw: message(
        { ...ROUTES.unknownSystem!, marker: '<html><body>' },
        '<img alt'.repeat(size / 8),
        [],
        'text/html',
      ),
    },
  ];
}

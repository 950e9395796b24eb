import ICAL from 'ical.js';

/** One stay or block of a platform's calendar feed. Dates are ISO `YYYY-MM-DD`; `checkOut` is exclusive. */
export interface FeedEvent {
  uid: string;
  checkIn: string;
  checkOut: string;
  summary: string;
  kind: 'reservation' | 'blocked';
  confirmationCode: string | null;
  guestName: string | null;
}

export interface ParsedFeed {
  events: FeedEvent[];
  /** Events left out because they were malformed (no UID, missing dates, ending before they start). */
  skipped: number;
  prodId: string | null;
}

/**
 * What each platform writes in SUMMARY. Booking.com closes every booked night as
 * `CLOSED - Not available`: those are stays we cannot name, so they count as reservations.
 */
const SUMMARY_KINDS: readonly {
  pattern: RegExp;
  kind: FeedEvent['kind'];
  guestName?: (m: RegExpExecArray) => string;
}[] = [
  { pattern: /^Airbnb \(Not available\)$/i, kind: 'blocked' },
  { pattern: /^CLOSED - Not available$/i, kind: 'reservation' },
  {
    pattern: /^(?:Reserved|Réservée|Réservé|Provisoire|Reservado|Prenotato|Tentative)\s*-\s*(.+)$/i,
    kind: 'reservation',
    guestName: (m) => m[1]!.trim(),
  },
  { pattern: /^(?:Reserved|Réservée|Réservé|Booked)$/i, kind: 'reservation' },
  {
    pattern: /^(?:Blocked|Indisponible|Not available|Unavailable|Bloqué|Bloccato|Closed)\b/i,
    kind: 'blocked',
  },
];

/** Airbnb links a stay as `/hosting/reservations/details/HM…` or, in older feeds, `/reservation/itinerary?code=HM…`. */
const CONFIRMATION_CODE = /(?:reservations\/details\/|itinerary\?code=|\b)(HM[A-Z0-9]{8})\b/;

const BEGIN_VEVENT = 'BEGIN:VEVENT';
const END_VEVENT = 'END:VEVENT';
/** Longest SUMMARY we read a kind and a name from: platforms write a few words. */
const MAX_SUMMARY = 300;

export function parseFeed(text: string): ParsedFeed {
  const calendars = parseCalendars(text);
  if (!calendars) return parseEventByEvent(text);
  const prodId = calendars.map((c) => asText(c.getFirstPropertyValue('prodid'))).find((p) => p) ?? null;
  const vevents = calendars.flatMap((c) => c.getAllSubcomponents('vevent'));
  return { ...readEvents(vevents), prodId };
}

function parseCalendars(text: string): ICAL.Component[] | null {
  try {
    const parsed: unknown = ICAL.parse(text);
    const jcals = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : parsed) as unknown[];
    return jcals.map((jcal) => new ICAL.Component(jcal as unknown[]));
  } catch {
    return null;
  }
}

/** When one broken line spoils the whole feed, each VEVENT is parsed on its own. */
function parseEventByEvent(text: string): ParsedFeed {
  const prodId = /^PRODID[^:\r\n]*:(.*)$/m.exec(text)?.[1]?.trim() ?? null;
  const blocks = veventBlocks(text);
  const vevents: ICAL.Component[] = [];
  let skipped = 0;
  for (const block of blocks) {
    const calendar = parseCalendars(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${block}\r\nEND:VCALENDAR`);
    const vevent = calendar?.[0]?.getFirstSubcomponent('vevent');
    if (vevent) vevents.push(vevent);
    else skipped++;
  }
  const read = readEvents(vevents);
  return { ...read, skipped: read.skipped + skipped, prodId };
}

/**
 * Each `BEGIN:VEVENT … END:VEVENT`, found with indexOf: the lazy regex it replaces rescanned the
 * rest of the feed from every `BEGIN:VEVENT` that never ends (quadratic).
 */
function veventBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (let at = text.indexOf(BEGIN_VEVENT); at >= 0; at = text.indexOf(BEGIN_VEVENT, at)) {
    const end = text.indexOf(END_VEVENT, at + BEGIN_VEVENT.length);
    if (end < 0) break;
    blocks.push(text.slice(at, end + END_VEVENT.length));
    at = end + END_VEVENT.length;
  }
  return blocks;
}

function readEvents(vevents: readonly ICAL.Component[]): Omit<ParsedFeed, 'prodId'> {
  const events: FeedEvent[] = [];
  let skipped = 0;
  for (const vevent of vevents) {
    const event = readEvent(vevent);
    if (event) events.push(event);
    else skipped++;
  }
  return { events, skipped };
}

function readEvent(vevent: ICAL.Component): FeedEvent | null {
  try {
    const uid = asText(vevent.getFirstPropertyValue('uid'));
    const checkIn = isoDay(vevent.getFirstPropertyValue('dtstart'));
    const checkOut = isoDay(vevent.getFirstPropertyValue('dtend')) ?? endFromDuration(vevent);
    if (!uid || !checkIn || !checkOut || checkOut <= checkIn) return null;
    const summary = (asText(vevent.getFirstPropertyValue('summary')) ?? '').slice(0, MAX_SUMMARY).trim();
    const description = asText(vevent.getFirstPropertyValue('description')) ?? '';
    const confirmationCode = CONFIRMATION_CODE.exec(description)?.[1] ?? null;
    const rule = SUMMARY_KINDS.map((r) => ({ r, m: r.pattern.exec(summary) })).find((x) => x.m);
    return {
      uid,
      checkIn,
      checkOut,
      summary,
      // An unknown summary holds the dates all the same; with a stay's code it is a stay.
      kind: rule?.r.kind ?? (confirmationCode ? 'reservation' : 'blocked'),
      confirmationCode,
      guestName: rule?.m && rule.r.guestName ? rule.r.guestName(rule.m) : null,
    };
  } catch {
    return null;
  }
}

function endFromDuration(vevent: ICAL.Component): string | null {
  const start = vevent.getFirstPropertyValue('dtstart');
  const duration = vevent.getFirstPropertyValue('duration');
  if (!(start instanceof ICAL.Time) || !(duration instanceof ICAL.Duration)) return null;
  const end = start.clone();
  end.addDuration(duration);
  return isoDay(end);
}

function isoDay(value: unknown): string | null {
  if (!(value instanceof ICAL.Time) || !value.year) return null;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(value.year).padStart(4, '0')}-${pad(value.month)}-${pad(value.day)}`;
}

function asText(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

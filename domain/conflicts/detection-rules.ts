import type { ConflictKind } from '../../contracts/conflicts.js';
import { normalizeCode } from '../matching/score.js';
import { mailLines, stayLine } from './evidence.js';
import { feedsCarrying, type MailStay, PropertyView } from './mail-stays.js';
import { type NightRange, notPast, sameNights, sharedNights, spanOf } from './nights.js';
import type {
  CalendarStay,
  DetectedConflict,
  EvidenceLine,
  MailFact,
  PropertySnapshot,
} from './property-snapshot.js';

/**
 * The conflict rules, one per kind, each a pure function of a property's snapshot (docs/conflicts.md
 * says them in words). Nights are half-open, so back-to-back stays never overlap; only nights not
 * yet past raise anything; blocked nights count as occupied where they cannot be the echo of the
 * stay they are compared with.
 */
type Rule = (view: PropertyView) => DetectedConflict[];

export const DETECTION_RULES: Record<ConflictKind, Rule> = {
  double_booking: doubleBookings,
  mail_overlaps_calendar: mailOverlapsCalendar,
  cancelled_still_blocked: cancelledStillBlocked,
  vanished_without_cancellation: vanishedWithoutCancellation,
  dates_differ: datesDiffer,
};

/** Every conflict the snapshot holds, by kind in the order above. */
export function detectConflicts(
  snapshot: PropertySnapshot,
  view = new PropertyView(snapshot),
): DetectedConflict[] {
  return Object.values(DETECTION_RULES).flatMap((rule) => rule(view));
}

/** In the calendar now: not cancelled, not in doubt after leaving its feed. */
export const heldNow = (stay: CalendarStay) => stay.status !== 'cancelled' && stay.vanishedAt === null;
const reservationNow = (stay: CalendarStay) => stay.status === 'confirmed' && stay.vanishedAt === null;

/** One stay listed twice (the same calendar registered twice, a code both calendars carry). */
function sameStay(a: CalendarStay, b: CalendarStay): boolean {
  const code = normalizeCode(a.code);
  return a.icalUid === b.icalUid || (code !== null && code === normalizeCode(b.code));
}

/**
 * Two reservations of different calendars share a night; or a reservation shares nights that
 * another calendar blocked before the reservation's confirmation mail arrived. A block that came
 * later may be that very stay, echoed by the calendar that imported it (every channel shows the
 * others' stays as blocked nights), so without a confirmation mail a block raises nothing here: the
 * mail rule below catches an owner's block sold by a channel, at the moment of the sale.
 */
function doubleBookings(view: PropertyView): DetectedConflict[] {
  const { today } = view.snapshot;
  const found = new Map<string, DetectedConflict>();
  const add = (a: CalendarStay, b: CalendarStay, sale: MailFact | null) => {
    const nights = sharedNights(a.nights, b.nights);
    if (a.feedId === b.feedId || nights === null || !notPast(nights, today) || sameStay(a, b)) return;
    const cause = `double_booking:${[a.id, b.id].sort().join(':')}`;
    if (found.has(cause)) return;
    const [first, second] = [a, b].sort(byNightsThenId) as [CalendarStay, CalendarStay];
    const facts = (stay: CalendarStay) => (sale && stay === a ? [sale.id] : []);
    const dated: EvidenceLine[] = sale
      ? [
          ...mailLines(sale).slice(0, 1),
          {
            source: 'calendar',
            bookingId: b.id,
            text: `${b.feedName} held these nights since ${b.heldSince.slice(0, 16).replace('T', ' ')} UTC, before that e-mail sold them`,
          },
        ]
      : [];
    found.set(cause, {
      kind: 'double_booking',
      cause,
      sides: [
        { bookingIds: [first.id], factIds: facts(first) },
        { bookingIds: [second.id], factIds: facts(second) },
      ],
      nights,
      evidence: [stayLine(first), stayLine(second), ...dated],
    });
  };
  for (const reservation of view.snapshot.stays.filter(reservationNow)) {
    if (!notPast(reservation.nights, today)) continue;
    const sale = view.firstConfirmation(reservation);
    for (const other of view.overlapping(reservation.nights)) {
      if (reservationNow(other)) add(reservation, other, null);
      else if (
        sale &&
        other.status === 'blocked' &&
        other.vanishedAt === null &&
        other.heldSince < sale.receivedAt
      )
        add(reservation, other, sale);
    }
  }
  return [...found.values()];
}

/**
 * The early warning: a confirmation (or an altered reservation's new dates) read from mail shares
 * nights with another channel's calendar before the mail's own channel's calendar shows the stay.
 * Another channel's reservation counts whenever it appeared; its blocked nights count when they
 * were held before the mail arrived (a later block may be this very stay, already echoed).
 */
function mailOverlapsCalendar(view: PropertyView): DetectedConflict[] {
  const { today } = view.snapshot;
  return view.mail.flatMap((stay) => {
    const fact = stay.latest;
    const told = fact.nights;
    if (fact.kind !== 'confirmed' || told === null || !notPast(told, today)) return [];
    if (shownByOwnChannel(stay, view)) return [];
    const overlaps = view
      .overlapping(told)
      .filter(
        (other) => other.channel !== fact.channel && occupiedBefore(other, fact) && !sameCodeAs(other, fact),
      )
      .map((other) => ({ other, nights: sharedNights(other.nights, told)! }))
      .filter((o) => notPast(o.nights, today))
      .sort((a, b) => byNightsThenId(a.other, b.other));
    if (overlaps.length === 0) return [];
    return [
      mailAgainstCalendar(
        'mail_overlaps_calendar',
        stay,
        overlaps.map((o) => o.other),
        spanOf(overlaps.map((o) => o.nights)),
      ),
    ];
  });
}

/** Mail cancelled the stay, and its channel's calendar still holds it N hours later. */
function cancelledStillBlocked(view: PropertyView): DetectedConflict[] {
  const { today, now, cancelledStillBlockedHours } = view.snapshot;
  const waitMs = cancelledStillBlockedHours * 3_600_000;
  return view.mail.flatMap((stay) => {
    const fact = stay.latest;
    if (fact.kind !== 'cancelled') return [];
    if (Date.parse(now) - Date.parse(fact.receivedAt) < waitMs) return [];
    const held = view
      .toldOf(stay)
      .filter((s) => heldNow(s) && notPast(s.nights, today))
      .sort(byNightsThenId);
    if (held.length === 0) return [];
    return [mailAgainstCalendar('cancelled_still_blocked', stay, held, spanOf(held.map((s) => s.nights)))];
  });
}

/**
 * A stay mail confirmed left its feed with no cancellation mail. The import kept it (a candidate,
 * never applied on its own): feeds go empty by mistake. A cancellation mail settles it.
 */
function vanishedWithoutCancellation(view: PropertyView): DetectedConflict[] {
  return view.snapshot.stays.flatMap((stay) => {
    if (stay.vanishedAt === null || stay.status === 'cancelled' || !notPast(stay.nights, view.snapshot.today))
      return [];
    if (view.cancelledByMail(stay)) return [];
    const confirming = view
      .tellersOf(stay)
      .flatMap((m) => m.facts)
      .filter((f) => f.kind === 'confirmed');
    return [
      {
        kind: 'vanished_without_cancellation' as const,
        cause: `vanished_without_cancellation:${stay.id}`,
        sides: [
          { bookingIds: [stay.id], factIds: [] },
          { bookingIds: [], factIds: confirming.map((f) => f.id) },
        ],
        nights: stay.nights,
        evidence: [stayLine(stay), ...confirming.flatMap((f) => mailLines(f).slice(0, 1))],
      },
    ];
  });
}

/** Mail and calendar disagree on the dates of one stay (its code, or the stay mail matched). */
function datesDiffer(view: PropertyView): DetectedConflict[] {
  const { today } = view.snapshot;
  return view.mail.flatMap((stay) => {
    const fact = stay.latest;
    const told = fact.nights;
    if (fact.kind !== 'confirmed' || told === null) return [];
    const differing = view
      .toldOf(stay)
      .filter((s) => heldNow(s) && !sameNights(s.nights, told))
      .filter((s) => notPast(s.nights, today) || notPast(told, today))
      .sort(byNightsThenId);
    if (differing.length === 0) return [];
    return [
      mailAgainstCalendar('dates_differ', stay, differing, spanOf([told, ...differing.map((s) => s.nights)])),
    ];
  });
}

/** A mail stay's latest word on one side, the calendar stays it disagrees with on the other. */
function mailAgainstCalendar(
  kind: ConflictKind,
  stay: MailStay,
  stays: CalendarStay[],
  nights: NightRange,
): DetectedConflict {
  const fact = stay.latest;
  return {
    kind,
    cause: `${kind}:${stay.key}`,
    sides: [
      { bookingIds: [], factIds: [fact.id] },
      { bookingIds: stays.map((s) => s.id), factIds: [] },
    ],
    nights,
    evidence: [...mailLines(fact), ...stays.map(stayLine)],
  };
}

/**
 * The mail's own channel's calendar lists the stay: by match, by code, or as a reservation of those
 * very nights. "Its own" is every calendar that can carry the channel's stays (a PMS's too; any for
 * a mail that names no channel), as the matcher reads it.
 */
export function shownByOwnChannel(stay: MailStay, view: PropertyView): boolean {
  const { channel, nights } = stay.latest;
  const feeds = feedsCarrying(channel);
  const listed = (s: CalendarStay) => feeds.includes(s.channel) && s.status !== 'cancelled';
  return (
    view.toldOf(stay).some(listed) ||
    (nights !== null &&
      feeds.some((feed) => view.withNights(feed, nights).some((s) => listed(s) && s.status === 'confirmed')))
  );
}

/**
 * Occupied at the moment the mail arrived, as far as our copy of the calendar can tell: a block
 * counts only when it was there before a mail whose date we can trust.
 */
function occupiedBefore(stay: CalendarStay, fact: MailFact): boolean {
  if (stay.vanishedAt !== null) return false;
  if (stay.status === 'confirmed') return true;
  return stay.status === 'blocked' && fact.dateTrusted && stay.heldSince < fact.receivedAt;
}

/** Another calendar that carries the mail's own code lists the same stay (a relay), not a rival. */
function sameCodeAs(stay: CalendarStay, fact: MailFact): boolean {
  const code = normalizeCode(fact.code);
  return code !== null && code === normalizeCode(stay.code);
}

function byNightsThenId(a: CalendarStay, b: CalendarStay): number {
  return a.nights.from < b.nights.from ? -1 : a.nights.from > b.nights.from ? 1 : a.id < b.id ? -1 : 1;
}

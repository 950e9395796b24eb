import type { ConflictKind, ConflictResolution } from '../../contracts/conflicts.js';
import { heldNow, shownByOwnChannel } from './detection-rules.js';
import type { PropertyView } from './mail-stays.js';
import { notPast, sameNights, sharedNights } from './nights.js';
import type { CalendarStay, LiveConflict } from './property-snapshot.js';

/** What a resolution says, in words a host reads (the API's `resolution.text`, the web app). */
export const RESOLUTION_WORDS: Record<ConflictResolution, string> = {
  stay_cancelled: 'A stay on one side was cancelled.',
  dates_changed: 'The dates changed: the stays no longer share a night.',
  calendar_caught_up: "The channel's calendar now shows what the e-mail said.",
  back_in_feed: 'The stay is back in its calendar.',
  cancellation_mail: 'The cancellation e-mail arrived.',
  nights_passed: 'Its nights are past.',
  gone: 'What it was about is no longer there: a calendar was removed or moved to another property, or the e-mail no longer names this property.',
};

type Why = (conflict: LiveConflict, view: PropertyView) => ConflictResolution | null;

/** The mail stay a mail-side conflict is about: its cause is its kind and the stay's key. */
const mailStayOf = (conflict: LiveConflict, view: PropertyView) =>
  view.mailStay(conflict.cause.slice(conflict.kind.length + 1)) ?? null;

const staysOf = (ids: readonly string[], view: PropertyView) => ids.map((id) => view.stay(id) ?? null);

/**
 * Per kind, why its cause went away, read from what the check sees now; null when no specific
 * change explains it (then the nights passed, or what it was about is gone).
 */
const WHY_BY_KIND: Record<ConflictKind, Why> = {
  double_booking: (c, view) => {
    const [a, b] = staysOf([...c.sides[0].bookingIds, ...c.sides[1].bookingIds], view);
    if (!a || !b) return 'gone';
    if (!heldNow(a) || !heldNow(b)) return 'stay_cancelled';
    return sharedNights(a.nights, b.nights) === null ? 'dates_changed' : null;
  },
  mail_overlaps_calendar: (c, view) => {
    const stay = mailStayOf(c, view);
    if (!stay) return 'gone';
    if (stay.latest.kind === 'cancelled') return 'stay_cancelled';
    if (shownByOwnChannel(stay, view)) return 'calendar_caught_up';
    const others = staysOf(c.sides[1].bookingIds, view).filter((s): s is CalendarStay => s !== null);
    if (others.length === 0) return 'gone';
    if (!others.some(heldNow)) return 'stay_cancelled';
    const told = stay.latest.nights;
    return told && !others.some((o) => sharedNights(o.nights, told)) ? 'dates_changed' : null;
  },
  cancelled_still_blocked: (c, view) => {
    const stay = mailStayOf(c, view);
    if (stay?.latest.kind !== 'cancelled') return 'gone';
    const held = staysOf(c.sides[1].bookingIds, view);
    return held.every((s) => s === null || !heldNow(s)) ? 'calendar_caught_up' : null;
  },
  vanished_without_cancellation: (c, view) => {
    const [stay] = staysOf(c.sides[0].bookingIds, view);
    if (!stay) return 'gone';
    if (view.cancelledByMail(stay)) return 'cancellation_mail';
    if (stay.status === 'cancelled') return 'stay_cancelled';
    return stay.vanishedAt === null ? 'back_in_feed' : null;
  },
  dates_differ: (c, view) => {
    const stay = mailStayOf(c, view);
    if (!stay) return 'gone';
    if (stay.latest.kind === 'cancelled') return 'stay_cancelled';
    const held = staysOf(c.sides[1].bookingIds, view);
    if (held.some((s) => s === null)) return 'gone';
    if (held.some((s) => !heldNow(s!))) return 'stay_cancelled';
    return held.every((s) => sameNights(s!.nights, stay.latest.nights)) ? 'calendar_caught_up' : null;
  },
};

/** Why a live conflict the rules no longer find resolved itself. */
export function whyResolved(conflict: LiveConflict, view: PropertyView): ConflictResolution {
  const why = WHY_BY_KIND[conflict.kind](conflict, view);
  if (why !== null) return why;
  return notPast(conflict.nights, view.snapshot.today) ? 'gone' : 'nights_passed';
}

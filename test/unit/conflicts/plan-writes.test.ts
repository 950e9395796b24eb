import { describe, expect, it } from 'vitest';
import { detectConflicts } from '../../../domain/conflicts/detection-rules.js';
import { planConflictWrites } from '../../../domain/conflicts/plan-writes.js';
import type {
  CalendarStay,
  MailFact,
  PropertySnapshot,
} from '../../../domain/conflicts/property-snapshot.js';
import { block, live, mail, snapshot, stay, vanishedConfirmedStay } from './builders.js';

/** The snapshot's conflicts, stored as live ones (as the writer would have after a first check). */
const stored = (s: PropertySnapshot) => detectConflicts(s).map((c) => live(c));

/** Why the live conflicts of `before` resolve when the property looks like `after`. */
function whyAfter(before: PropertySnapshot, after: PropertySnapshot) {
  const plan = planConflictWrites(after, stored(before));
  expect(plan.open).toEqual([]);
  return plan.resolve.map((r) => r.why);
}

const airbnb = stay('airbnb', '2026-08-01', '2026-08-05', { code: 'HMZ8C3RN6W' });
const booking = stay('booking', '2026-08-03', '2026-08-06');
const with_ = (s: CalendarStay, extra: Partial<CalendarStay>) => ({ ...s, ...extra });

describe('planConflictWrites', () => {
  it('opens what it finds, and finds nothing more the second time (one conflict per cause)', () => {
    const s = snapshot([airbnb, booking]);
    const first = planConflictWrites(s, []);
    expect(first.open).toHaveLength(1);
    expect(planConflictWrites(s, stored(s))).toEqual({ open: [], refresh: [], resolve: [] });
  });

  it('keeps a live conflict, acknowledged or not, and refreshes its picture when the dates move', () => {
    const s = snapshot([airbnb, booking]);
    const [acknowledged] = detectConflicts(s).map((c) => live(c, 'acknowledged'));
    const moved = snapshot([airbnb, with_(booking, { nights: { from: '2026-08-02', to: '2026-08-06' } })]);
    const plan = planConflictWrites(moved, [acknowledged!]);
    expect(plan.open).toEqual([]);
    expect(plan.resolve).toEqual([]);
    expect(plan.refresh).toEqual([
      {
        id: acknowledged!.id,
        conflict: expect.objectContaining({ nights: { from: '2026-08-02', to: '2026-08-05' } }),
      },
    ]);
  });

  it('compares what jsonb gave back whatever the order of its keys', () => {
    const s = snapshot([airbnb, booking]);
    const c = stored(s)[0]!;
    const reordered = {
      ...c,
      nights: { to: c.nights.to, from: c.nights.from },
      sides: c.sides.map((side) => ({
        factIds: side.factIds,
        bookingIds: side.bookingIds,
      })) as typeof c.sides,
    };
    expect(planConflictWrites(s, [reordered]).refresh).toEqual([]);
  });
});

describe('a conflict resolves itself when its cause goes away, and says why', () => {
  const twoStays = snapshot([airbnb, booking]);

  it('double booking: a stay cancelled, the dates moved apart, a calendar removed, the nights passed', () => {
    expect(whyAfter(twoStays, snapshot([airbnb, with_(booking, { status: 'cancelled' })]))).toEqual([
      'stay_cancelled',
    ]);
    expect(
      whyAfter(
        twoStays,
        snapshot([airbnb, with_(booking, { nights: { from: '2026-08-05', to: '2026-08-07' } })]),
      ),
    ).toEqual(['dates_changed']);
    expect(whyAfter(twoStays, snapshot([airbnb]))).toEqual(['gone']);
    expect(whyAfter(twoStays, snapshot([airbnb, booking], [], { today: '2026-08-05' }))).toEqual([
      'nights_passed',
    ]);
  });

  const confirmation: MailFact = mail('booking', 'confirmed', '2026-08-03', '2026-08-06', {
    code: '4827163950',
  });
  const early = snapshot([airbnb], [confirmation]);

  it('mail overlaps calendar: the channel’s calendar caught up, or the stay was cancelled', () => {
    expect(stored(early).map((c) => c.kind)).toEqual(['mail_overlaps_calendar']);
    const caughtUp = snapshot([airbnb, stay('booking', '2026-08-03', '2026-08-06')], [confirmation]);
    const plan = planConflictWrites(caughtUp, stored(early));
    expect(plan.resolve.map((r) => r.why)).toEqual(['calendar_caught_up']);
    // and the calendars' own double booking takes over
    expect(plan.open.map((c) => c.kind)).toEqual(['double_booking']);

    const cancelled = mail('booking', 'cancelled', null, null, {
      code: '4827163950',
      receivedAt: '2026-06-21T00:00:00.000Z',
    });
    expect(whyAfter(early, snapshot([airbnb], [confirmation, cancelled]))).toEqual(['stay_cancelled']);
    expect(whyAfter(early, snapshot([with_(airbnb, { status: 'cancelled' })], [confirmation]))).toEqual([
      'stay_cancelled',
    ]);
  });

  it('cancelled still blocked: the calendar caught up', () => {
    const held = stay('airbnb', '2026-07-10', '2026-07-14', { code: 'HMP6V3JT8Q' });
    const cancellation = mail('airbnb', 'cancelled', null, null, {
      code: 'HMP6V3JT8Q',
      matchedBookingId: held.id,
    });
    const before = snapshot([held], [cancellation]);
    expect(stored(before).map((c) => c.kind)).toEqual(['cancelled_still_blocked']);
    expect(whyAfter(before, snapshot([with_(held, { status: 'cancelled' })], [cancellation]))).toEqual([
      'calendar_caught_up',
    ]);
  });

  it('vanished: back in the feed, or the cancellation mail arrived', () => {
    const { gone, confirmed } = vanishedConfirmedStay('2026-06-30T00:00:00Z');
    const before = snapshot([gone], [confirmed]);
    expect(whyAfter(before, snapshot([with_(gone, { vanishedAt: null })], [confirmed]))).toEqual([
      'back_in_feed',
    ]);
    const cancellation = mail('airbnb', 'cancelled', null, null, {
      code: 'HMQ4T7ZK2P',
      receivedAt: '2026-06-30T12:00:00.000Z',
    });
    expect(whyAfter(before, snapshot([gone], [confirmed, cancellation]))).toEqual(['cancellation_mail']);
  });

  it('dates differ: the calendar caught up', () => {
    const held = stay('airbnb', '2026-07-10', '2026-07-14', { code: 'HMQ4T7ZK2P' });
    const told = mail('airbnb', 'confirmed', '2026-07-11', '2026-07-14', { code: 'HMQ4T7ZK2P' });
    const before = snapshot([held], [told]);
    const after = snapshot([with_(held, { nights: { from: '2026-07-11', to: '2026-07-14' } })], [told]);
    expect(whyAfter(before, after)).toEqual(['calendar_caught_up']);
  });

  it('a block echoing a stay never opens anything, so nothing resolves either', () => {
    const s = snapshot([airbnb, block('booking', '2026-08-01', '2026-08-05')]);
    expect(planConflictWrites(s, [])).toEqual({ open: [], refresh: [], resolve: [] });
  });
});

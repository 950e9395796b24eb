import type {
  CalendarStay,
  DetectedConflict,
  LiveConflict,
  MailFact,
  PropertySnapshot,
} from '../../../domain/conflicts/property-snapshot.js';

/** Plain data for the conflict rules: a property on a few channels, on a clock the test sets. */

export const TODAY = '2026-07-01';
export const NOW = '2026-07-01T12:00:00.000Z';
/** When the calendars were first imported: before every e-mail the tests send, unless told otherwise. */
export const IMPORTED = '2026-06-01T00:00:00.000Z';

let next = 0;
const id = (prefix: string) => `${prefix}-${String(++next).padStart(4, '0')}`;

export function stay(
  channel: string,
  from: string,
  to: string,
  extra: Partial<CalendarStay> = {},
): CalendarStay {
  return {
    id: id('b'),
    feedId: `feed-${channel}`,
    feedName: `${channel} calendar`,
    channel,
    icalUid: id('uid'),
    nights: { from, to },
    status: 'confirmed',
    code: null,
    guestName: null,
    summary: 'Reserved',
    heldSince: IMPORTED,
    vanishedAt: null,
    ...extra,
  };
}

export const block = (channel: string, from: string, to: string, extra: Partial<CalendarStay> = {}) =>
  stay(channel, from, to, { status: 'blocked', summary: 'Not available', ...extra });

export function mail(
  channel: string,
  kind: MailFact['kind'],
  from: string | null,
  to: string | null,
  extra: Partial<MailFact> = {},
): MailFact {
  return {
    id: id('f'),
    channel,
    kind,
    nights: from && to ? { from, to } : null,
    code: null,
    guestName: null,
    receivedAt: '2026-06-20T09:00:00.000Z',
    dateTrusted: true,
    matchedBookingId: null,
    lines: [],
    ...extra,
  };
}

/** An Airbnb stay its confirmation mail matched, gone from the feed at `vanishedAt`: a vanished_without_cancellation in the making. */
export function vanishedConfirmedStay(vanishedAt: string): { gone: CalendarStay; confirmed: MailFact } {
  const gone = stay('airbnb', '2026-07-10', '2026-07-14', { code: 'HMQ4T7ZK2P', vanishedAt });
  const confirmed = mail('airbnb', 'confirmed', '2026-07-10', '2026-07-14', {
    code: 'HMQ4T7ZK2P',
    matchedBookingId: gone.id,
  });
  return { gone, confirmed };
}

export function snapshot(
  stays: CalendarStay[],
  facts: MailFact[] = [],
  extra: Partial<PropertySnapshot> = {},
): PropertySnapshot {
  return {
    propertyId: 'p1',
    today: TODAY,
    now: NOW,
    cancelledStillBlockedHours: 6,
    stays,
    facts,
    ...extra,
  };
}

/** A conflict as the writer would have stored it. */
export const live = (c: DetectedConflict, status: LiveConflict['status'] = 'open'): LiveConflict => ({
  ...c,
  id: id('c'),
  status,
});

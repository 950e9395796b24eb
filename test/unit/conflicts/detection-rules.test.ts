import { describe, expect, it } from 'vitest';
import { detectConflicts } from '../../../domain/conflicts/detection-rules.js';
import { sharedNights } from '../../../domain/conflicts/nights.js';
import { block, mail, snapshot, stay, vanishedConfirmedStay } from './builders.js';

const kinds = (s: ReturnType<typeof snapshot>) => detectConflicts(s).map((c) => c.kind);

describe('nights are half-open', () => {
  it('a check-out and a check-in on the same day share no night', () => {
    expect(
      sharedNights({ from: '2026-07-10', to: '2026-07-14' }, { from: '2026-07-14', to: '2026-07-16' }),
    ).toBe(null);
    expect(
      sharedNights({ from: '2026-07-10', to: '2026-07-14' }, { from: '2026-07-13', to: '2026-07-16' }),
    ).toEqual({
      from: '2026-07-13',
      to: '2026-07-14',
    });
  });
});

describe('double_booking', () => {
  it('two reservations of different calendars that share a night', () => {
    const a = stay('airbnb', '2026-07-10', '2026-07-14', { guestName: 'Emily Carter', code: 'HMQ4T7ZK2P' });
    const b = stay('booking', '2026-07-12', '2026-07-15');
    const [conflict, ...rest] = detectConflicts(snapshot([a, b]));
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({
      kind: 'double_booking',
      cause: `double_booking:${[a.id, b.id].sort().join(':')}`,
      sides: [
        { bookingIds: [a.id], factIds: [] },
        { bookingIds: [b.id], factIds: [] },
      ],
      nights: { from: '2026-07-12', to: '2026-07-14' },
    });
    expect(conflict!.evidence.map((e) => e.text)).toEqual([
      'airbnb calendar: reserved — Emily Carter, HMQ4T7ZK2P, 2026-07-10 → 2026-07-14 (4 nights)',
      'booking calendar: reserved, 2026-07-12 → 2026-07-15 (3 nights)',
    ]);
  });

  it('back-to-back stays, stays of one calendar, cancelled and past stays raise nothing', () => {
    expect(
      kinds(
        snapshot([
          stay('airbnb', '2026-07-10', '2026-07-14'),
          stay('booking', '2026-07-14', '2026-07-16'),
          stay('vrbo', '2026-07-16', '2026-07-20'),
          stay('vrbo', '2026-07-18', '2026-07-19'), // the same calendar twice: its own business
          stay('booking', '2026-07-16', '2026-07-20', { status: 'cancelled' }),
          stay('airbnb', '2026-06-01', '2026-06-10'),
          stay('booking', '2026-06-05', '2026-07-01'), // ends this morning: past
        ]),
      ),
    ).toEqual([]);
  });

  it('one stay listed by two calendars (the same code, or the same UID) is no double booking', () => {
    const a = stay('airbnb', '2026-07-10', '2026-07-14', { code: 'HMQ4T7ZK2P' });
    const relay = stay('pms', '2026-07-10', '2026-07-14', { code: 'hmq4t7zk2p' });
    const twice = stay('airbnb', '2026-07-20', '2026-07-22', { feedId: 'feed-airbnb-again' });
    const again = { ...twice, id: 'b-again', feedId: 'feed-airbnb-copy' };
    expect(kinds(snapshot([a, relay, twice, again]))).toEqual([]);
  });

  it('blocked nights are the echo of another channel’s stay unless they were held before its sale', () => {
    const sold = stay('booking', '2026-07-10', '2026-07-13', { code: '4827163950' });
    const echo = block('airbnb', '2026-07-10', '2026-07-13', { heldSince: '2026-06-21T00:00:00.000Z' });
    const confirmation = mail('booking', 'confirmed', '2026-07-10', '2026-07-13', {
      code: '4827163950',
      receivedAt: '2026-06-20T09:00:00.000Z',
    });
    // without the mail nobody knows when it was sold: the block raises nothing
    expect(kinds(snapshot([sold, echo]))).toEqual([]);
    // the block appeared after the sale: an echo
    expect(kinds(snapshot([sold, echo], [confirmation]))).toEqual([]);
    // a sale mail dated in our future cannot date the block either
    const earlyBlock = { ...echo, heldSince: '2026-06-01T00:00:00.000Z' };
    expect(kinds(snapshot([sold, earlyBlock], [{ ...confirmation, dateTrusted: false }]))).toEqual([]);
    // the owner had closed these nights before Booking.com sold them
    const owner = block('airbnb', '2026-07-11', '2026-07-12', { heldSince: '2026-06-02T00:00:00.000Z' });
    const [conflict] = detectConflicts(snapshot([sold, owner], [confirmation]));
    expect(conflict).toMatchObject({
      kind: 'double_booking',
      nights: { from: '2026-07-11', to: '2026-07-12' },
      sides: expect.arrayContaining([{ bookingIds: [sold.id], factIds: [confirmation.id] }]),
    });
    expect(conflict!.evidence.at(-1)!.text).toMatch(/held these nights since 2026-06-02 00:00 UTC/);
  });

  it('one place on three channels: each stay echoed as blocked nights on the others raises nothing', () => {
    const stays = [
      stay('airbnb', '2026-07-02', '2026-07-06', { code: 'HMAAAAAAA1' }),
      stay('vrbo', '2026-07-06', '2026-07-09', { guestName: 'Thomas Becker' }),
      stay('booking', '2026-07-09', '2026-07-12', { code: '4000000001' }),
      // Airbnb and Vrbo show the others' stays as blocked nights, merged where they touch
      block('airbnb', '2026-07-06', '2026-07-12', { heldSince: '2026-06-25T00:00:00.000Z' }),
      block('vrbo', '2026-07-02', '2026-07-06', { heldSince: '2026-06-25T00:00:00.000Z' }),
      block('vrbo', '2026-07-09', '2026-07-12', { heldSince: '2026-06-25T00:00:00.000Z' }),
      // the owner's own week, closed everywhere
      block('airbnb', '2026-07-20', '2026-07-27'),
      block('vrbo', '2026-07-20', '2026-07-27'),
      stay('booking', '2026-07-20', '2026-07-27', { summary: 'CLOSED - Not available' }),
    ];
    const facts = [
      mail('airbnb', 'confirmed', '2026-07-02', '2026-07-06', {
        code: 'HMAAAAAAA1',
        matchedBookingId: stays[0]!.id,
      }),
      mail('vrbo', 'confirmed', '2026-07-06', '2026-07-09', { matchedBookingId: stays[1]!.id }),
      mail('booking', 'confirmed', '2026-07-09', '2026-07-12', { code: '4000000001' }),
    ];
    expect(kinds(snapshot(stays, facts))).toEqual([]);
  });
});

describe('mail_overlaps_calendar', () => {
  const airbnb = stay('airbnb', '2026-08-01', '2026-08-05', { code: 'HMZ8C3RN6W' });
  const confirmation = mail('booking', 'confirmed', '2026-08-03', '2026-08-06', {
    code: '4827163950',
    guestName: 'Marco Rossi',
    lines: ['Check-in 3 August 2026', 'Check-in 3 August 2026', 'Check-out 6 August 2026'],
  });

  it('a confirmation for nights another channel holds, before its own channel’s calendar shows it', () => {
    const [conflict, ...rest] = detectConflicts(snapshot([airbnb], [confirmation]));
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({
      kind: 'mail_overlaps_calendar',
      cause: 'mail_overlaps_calendar:booking:4827163950',
      sides: [
        { bookingIds: [], factIds: [confirmation.id] },
        { bookingIds: [airbnb.id], factIds: [] },
      ],
      nights: { from: '2026-08-03', to: '2026-08-05' },
    });
    expect(conflict!.evidence.map((e) => e.text)).toEqual([
      'Booking.com e-mail of 2026-06-20 09:00 UTC: confirmed — Marco Rossi, 4827163950, 2026-08-03 → 2026-08-06 (3 nights)',
      '“Check-in 3 August 2026”',
      '“Check-out 6 August 2026”',
      'airbnb calendar: reserved — HMZ8C3RN6W, 2026-08-01 → 2026-08-05 (4 nights)',
    ]);
  });

  it('once the mail’s own channel shows the stay, it is the calendars’ double booking instead', () => {
    const shown = stay('booking', '2026-08-03', '2026-08-06', { code: '4827163950' });
    expect(kinds(snapshot([airbnb, shown], [confirmation]))).toEqual(['double_booking']);
    const byDates = stay('booking', '2026-08-03', '2026-08-06');
    expect(kinds(snapshot([airbnb, byDates], [confirmation]))).toEqual(['double_booking']);
  });

  it('back-to-back, the same channel, a later cancellation or no dates raise nothing', () => {
    const backToBack = mail('booking', 'confirmed', '2026-08-05', '2026-08-08', { code: '4000000002' });
    const sameChannel = mail('airbnb', 'confirmed', '2026-08-02', '2026-08-04', { code: 'HMOTHER001' });
    const noDates = mail('booking', 'confirmed', '2026-08-03', null, { code: '4000000003' });
    const cancelled = mail('booking', 'cancelled', null, null, {
      code: '4827163950',
      receivedAt: '2026-06-21T09:00:00.000Z',
    });
    expect(
      kinds(
        snapshot([airbnb], [backToBack, sameChannel, noDates, confirmation, cancelled], {
          cancelledStillBlockedHours: 1_000_000,
        }),
      ),
    ).toEqual([]);
  });

  it('blocked nights count when they were held before the mail arrived', () => {
    const owner = block('vrbo', '2026-08-04', '2026-08-10');
    const echo = block('vrbo', '2026-08-04', '2026-08-10', { heldSince: '2026-06-20T09:05:00.000Z' });
    expect(kinds(snapshot([owner], [confirmation]))).toEqual(['mail_overlaps_calendar']);
    expect(kinds(snapshot([echo], [confirmation]))).toEqual([]);
    // a mail dated after we archived it says nothing about what the calendar held before it
    expect(kinds(snapshot([owner], [{ ...confirmation, dateTrusted: false }]))).toEqual([]);
  });

  it('the newest e-mail of a reservation wins: an alteration moves the nights it is compared on', () => {
    const altered = mail('booking', 'confirmed', '2026-08-05', '2026-08-07', {
      code: '4827163950',
      receivedAt: '2026-06-22T09:00:00.000Z',
    });
    expect(kinds(snapshot([airbnb], [confirmation, altered]))).toEqual([]);
  });
});

describe('cancelled_still_blocked', () => {
  const held = stay('airbnb', '2026-07-10', '2026-07-14', { code: 'HMP6V3JT8Q' });
  const cancellation = (hoursAgo: number) =>
    mail('airbnb', 'cancelled', '2026-07-10', '2026-07-14', {
      code: 'HMP6V3JT8Q',
      matchedBookingId: held.id,
      receivedAt: new Date(Date.parse('2026-07-01T12:00:00.000Z') - hoursAgo * 3_600_000).toISOString(),
    });

  it('mail cancelled the stay and its calendar still holds it N hours later', () => {
    expect(kinds(snapshot([held], [cancellation(5)]))).toEqual([]);
    const [conflict] = detectConflicts(snapshot([held], [cancellation(7)]));
    expect(conflict).toMatchObject({
      kind: 'cancelled_still_blocked',
      cause: 'cancelled_still_blocked:airbnb:HMP6V3JT8Q',
      sides: [{ factIds: [expect.any(String)] }, { bookingIds: [held.id] }],
    });
  });

  it('the calendar let go of it: nothing', () => {
    expect(kinds(snapshot([{ ...held, status: 'cancelled' }], [cancellation(48)]))).toEqual([]);
  });
});

describe('vanished_without_cancellation', () => {
  const { gone, confirmed } = vanishedConfirmedStay('2026-06-30T10:00:00.000Z');

  it('a stay mail confirmed left its feed with no cancellation mail: a candidate, in doubt', () => {
    const [conflict, ...rest] = detectConflicts(snapshot([gone], [confirmed]));
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({
      kind: 'vanished_without_cancellation',
      sides: [{ bookingIds: [gone.id] }, { factIds: [confirmed.id] }],
    });
    expect(conflict!.evidence[0]!.text).toMatch(/no longer listed/);
  });

  it('a stay in doubt is no rival of another channel’s stay, and a cancellation mail settles it', () => {
    const rival = stay('booking', '2026-07-11', '2026-07-13');
    expect(kinds(snapshot([gone, rival], [confirmed]))).toEqual(['vanished_without_cancellation']);
    const cancelled = mail('airbnb', 'cancelled', null, null, {
      code: 'HMQ4T7ZK2P',
      receivedAt: '2026-07-01T11:00:00.000Z',
    });
    expect(kinds(snapshot([gone], [confirmed, cancelled]))).toEqual([]);
  });
});

describe('dates_differ', () => {
  it('mail and calendar disagree on the dates of one reservation', () => {
    const held = stay('airbnb', '2026-07-10', '2026-07-14', { code: 'HMQ4T7ZK2P' });
    const told = mail('airbnb', 'confirmed', '2026-07-11', '2026-07-14', { code: 'HMQ4T7ZK2P' });
    const [conflict] = detectConflicts(snapshot([held], [told]));
    expect(conflict).toMatchObject({
      kind: 'dates_differ',
      cause: 'dates_differ:airbnb:HMQ4T7ZK2P',
      nights: { from: '2026-07-10', to: '2026-07-14' },
    });
    expect(kinds(snapshot([{ ...held, nights: { from: '2026-07-11', to: '2026-07-14' } }], [told]))).toEqual(
      [],
    );
  });
});

describe('channels without a calendar of their own (Expedia, Agoda, direct, unnamed)', () => {
  const airbnb = stay('airbnb', '2026-09-01', '2026-09-05', { code: 'HMZ8C3RN6W' });

  it('an Expedia or direct confirmation for nights Airbnb holds warns, in the channel’s words', () => {
    const expedia = mail('expedia', 'confirmed', '2026-09-03', '2026-09-06', { code: '72014466' });
    const direct = mail('direct', 'confirmed', '2026-09-04', '2026-09-07', { code: 'WEB-1042' });
    const found = detectConflicts(snapshot([airbnb], [expedia, direct]));
    expect(found.map((c) => [c.kind, c.cause])).toEqual([
      ['mail_overlaps_calendar', 'mail_overlaps_calendar:expedia:72014466'],
      ['mail_overlaps_calendar', 'mail_overlaps_calendar:direct:WEB-1042'],
    ]);
    expect(found.map((c) => c.evidence[0]!.text.split(' of ')[0])).toEqual([
      'Expedia e-mail',
      'Direct booking e-mail',
    ]);
  });

  it('a PMS calendar is theirs: once it lists the stay (by code, or a reservation of those nights), no warning', () => {
    const agoda = mail('agoda', 'confirmed', '2026-09-03', '2026-09-06', { code: '1188234' });
    const byCode = stay('pms', '2026-09-03', '2026-09-06', { code: '1188234' });
    const byNights = stay('pms', '2026-09-03', '2026-09-06');
    expect(kinds(snapshot([airbnb, byCode], [agoda]))).toEqual(['double_booking']);
    expect(kinds(snapshot([airbnb, byNights], [agoda]))).toEqual(['double_booking']);
    // a Booking.com calendar is not Agoda's: those nights there are a rival, not the stay
    const booking = stay('booking', '2026-09-03', '2026-09-06');
    expect(kinds(snapshot([booking], [agoda]))).toEqual(['mail_overlaps_calendar']);
  });

  it('a PMS calendar that keeps an Expedia stay the mail cancelled, N hours on', () => {
    const held = stay('pms', '2026-09-10', '2026-09-12', { code: '72014467' });
    const cancelled = mail('expedia', 'cancelled', null, null, {
      code: '72014467',
      receivedAt: '2026-07-01T00:00:00.000Z',
    });
    expect(kinds(snapshot([held], [cancelled]))).toEqual(['cancelled_still_blocked']);
  });
});

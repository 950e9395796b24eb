import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFacts, extractFromRaw, PARSER_VERSION, type ParsedEmail } from '../../../extraction/index.js';

const email = (over: Partial<ParsedEmail>): ParsedEmail => ({
  subject: null,
  from: null,
  date: '2026-07-21T00:00:00.000Z',
  headers: {},
  text: null,
  html: null,
  error: null,
  ...over,
});

describe('extractFacts', () => {
  it('has a parser version', () => {
    expect(PARSER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each<[string, Partial<ParsedEmail>]>([
    [
      'returns [] for mail it does not know',
      { subject: 'Lunch on Friday?', from: 'friend@example.com', text: 'See you at noon' },
    ],
    [
      'returns [] for Airbnb reviews and reminders, even when they mention a stay',
      {
        subject: 'Jazmín wrote you a review',
        from: 'automated@airbnb.com',
        headers: { 'x-template': 'HOME_REVIEWS_REVIEW_RECEIVED_TO_HOST_OR_GUEST' },
        text: 'Reservation confirmed - stay HMJY5JF9BX\nCheck-in      Checkout\nWed, Jul 29   Sun, Aug 2',
      },
    ],
    [
      'does not read the body of a mail whose template header it does not know',
      {
        subject: 'New message from Evelyn',
        from: 'automated@airbnb.com',
        headers: { 'x-template': 'MESSAGE_THREAD_NEW_MESSAGE' },
        text: 'NEW BOOKING CONFIRMED! as quoted by the guest',
      },
    ],
  ])('%s', (_why, over) => {
    expect(extractFacts(email(over))).toEqual([]);
  });

  it('recognises a confirmation by its body when subject and headers are gone', () => {
    const [fact] = extractFacts(
      email({
        subject: 'see below',
        text: 'NEW BOOKING CONFIRMED! ANA ARRIVES JUL 29.\nCheck-in      Checkout\nWed, Jul 29   Sun, Aug 2\nCONFIRMATION CODE\nHMJY5JF9BX',
      }),
    );
    expect(fact).toMatchObject({
      platform: 'airbnb',
      kind: 'confirmed',
      checkIn: '2026-07-29',
      confirmationCode: 'HMJY5JF9BX',
    });
    expect(fact?.confidence).toBeLessThan(0.95);
  });

  it('never throws, whatever the parsed e-mail holds', () => {
    const text = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        'Check-in      Checkout\n\u034f\u00ad Jul 99   Feb 30',
        'CONFIRMATION CODE\n',
        'ORIGINAL DATES\nREQUESTED DATES',
        'Home • 13/45/2026 - 7/20/2026',
        '---------- Forwarded message ---------\nFrom:\nSubject:',
      ),
    );
    fc.assert(
      fc.property(
        fc.record({
          subject: fc.oneof(
            fc.constant(null),
            fc.string(),
            fc.constantFrom('Reservation confirmed - X arrives Feb 31', 'Canceled: Reservation HM for'),
          ),
          from: fc.oneof(
            fc.constant(null),
            fc.constantFrom('automated@airbnb.com', 'x@mchat.booking.com', 'reservation@scidoo.com'),
          ),
          date: fc.oneof(
            fc.constant(null),
            fc.constant('not a date'),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          ),
          headers: fc.dictionary(
            fc.constantFrom('x-template', 'x-locale', 'x-mediated-site', 'from'),
            fc.string(),
          ),
          text,
          html: fc.oneof(
            fc.constant(null),
            fc.string({ maxLength: 300 }),
            fc.constant('<table><tr><td>Check-in'),
          ),
          error: fc.constant(null),
        }),
        (parsed) => {
          expect(Array.isArray(extractFacts(parsed))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('extractFromRaw', () => {
  it('parses and extracts in one step', async () => {
    const raw =
      'From: Vrbo <sender@messages.homeaway.com>\r\nSubject: Reservation from Ann Lee: Aug 12 - Aug 15, 2026 - Vrbo #1\r\n' +
      'Date: Mon, 20 Jul 2026 09:12:44 +0000\r\n\r\nReservation ID:\r\n    HA-1234AB\r\nGuests:\r\n    2 adults\r\n';
    const [fact] = await extractFromRaw(raw);
    expect(fact).toMatchObject({
      platform: 'vrbo',
      guestName: 'Ann Lee',
      checkIn: '2026-08-12',
      checkOut: '2026-08-15',
      guestCount: 2,
    });
  });

  it('returns [] for bytes that are not an e-mail', async () => {
    expect(await extractFromRaw(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toEqual([]);
  });
});

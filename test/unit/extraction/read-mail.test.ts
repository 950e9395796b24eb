import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ParsedEmail, parseEmail, readMail } from '../../../extraction/index.js';

const email = (over: Partial<ParsedEmail>): ParsedEmail => ({
  subject: null,
  from: null,
  date: '2026-06-02T09:00:00.000Z',
  headers: {},
  text: null,
  html: null,
  error: null,
  ...over,
});
const fixture = async (name: string) =>
  parseEmail(readFileSync(new URL(`../../../testing/mail-fixtures/${name}`, import.meta.url)));

describe('readMail: never silent', () => {
  for (const [what, over] of [
    [
      'mail with reservation words and a stay that nothing reads',
      {
        subject: 'Your reservation',
        from: 'front-desk@tiny-hotel.example',
        text: 'We look forward to your booking from 14/08/2026 until 18/08/2026, a pleasant stay.',
      },
    ],
    [
      'a relay’s mail with reservation words even without dates',
      { subject: 'Buchung geändert', from: 'service@smoobu.com', text: 'Eine Buchung wurde geändert.' },
    ],
  ] as const) {
    it(`flags ${what}`, () => {
      expect(readMail(email(over))).toEqual({ facts: [], flags: ['unrecognized'] });
    });
  }

  for (const [what, over] of [
    [
      'mail with nothing about bookings',
      { subject: 'Lunch on Friday?', text: 'See you at noon on 14/08/2026 or 15/08/2026.' },
    ],
    [
      'dates without reservation words',
      { subject: 'Invoice', text: 'Period 01/07/2026 - 31/07/2026. Amount due: €40.' },
    ],
    [
      'a review that names the stay',
      {
        subject: 'New review of your reservation',
        from: 'noreply@hospitable.com',
        text: 'Stay 10/07/2026 - 14/07/2026',
      },
    ],
    [
      'an inquiry',
      { subject: 'Anfrage für 14.08.2026 – 18.08.2026', text: 'Ist die Buchung für 2 Personen möglich?' },
    ],
    [
      'a guest message relayed by a PMS',
      {
        subject: 'Hemos recibido este mensaje de Ana',
        from: 'service@smoobu.com',
        text: 'Reserva del 14.08.26 al 18.08.26',
      },
    ],
    [
      'a home exchange',
      {
        subject: 'New booking for Loft: 01.11.26 – 08.11.26, Ana (HomeExchange)',
        from: 'service@smoobu.com',
        text: 'Arrival: 01.11.26',
      },
    ],
  ] as const) {
    it(`does not flag ${what}`, () => {
      expect(readMail(email(over))).toEqual({ facts: [], flags: [] });
    });
  }

  it('does not flag Airbnb reviews, known to carry no fact', async () => {
    const review = email({
      subject: 'Jazmín wrote you a review',
      from: 'automated@airbnb.com',
      headers: { 'x-template': 'HOME_REVIEWS_REVIEW_RECEIVED_TO_HOST_OR_GUEST' },
      text: 'Reservation confirmed - stay HMJY5JF9BX\nCheck-in      Checkout\nWed, Jul 29   Sun, Aug 2',
    });
    expect(readMail(review)).toEqual({ facts: [], flags: [] });
  });

  it('never throws, and a reader that fails is a mail to show, not a silence', () => {
    const hostile = email({ subject: 'x', text: 'Check-in: 14/08/2026' });
    Object.defineProperty(hostile, 'headers', {
      get() {
        throw new Error('boom');
      },
    });
    expect(readMail(hostile)).toEqual({ facts: [], flags: ['unrecognized'] });
  });
});

describe('readMail: relays name the channel and keep its code', () => {
  for (const [file, relay, platform, code] of [
    ['relay-smoobu-booking-en.eml', 'smoobu', 'booking', '4012398765'],
    ['relay-smoobu-expedia-es.eml', 'smoobu', 'expedia', '2281934501'],
    ['relay-lodgify-booking-en.eml', 'lodgify', 'booking', '4102938475'],
    ['relay-beds24-booking-en.eml', 'beds24', 'booking', '4012345678'],
    ['relay-beds24-expedia-de.eml', 'beds24', 'expedia', '1298334455'],
  ] as const) {
    it(`${file}: platform ${platform}, via ${relay}, the channel's code, dates, guest and guests`, async () => {
      const { facts, flags } = readMail(await fixture(file));
      expect(flags).toEqual([]);
      expect(facts).toHaveLength(1);
      const [fact] = facts;
      expect(fact).toMatchObject({ platform, via: relay, confirmationCode: code, readBy: 'generic' });
      for (const field of ['checkIn', 'checkOut', 'guestName', 'guestCount'] as const)
        expect(fact?.[field], field).not.toBeNull();
      expect(fact?.confidence).toBeLessThan(0.9);
    });
  }

  it('never takes the relay’s own id for the code: Beds24’s booking number, Guesty’s GY- code, Hostaway’s id', async () => {
    const codes = await Promise.all(
      ['relay-beds24-booking-en.eml', 'relay-guesty-booking-en.eml', 'relay-hostaway-airbnb-en.eml'].map(
        async (file) => readMail(await fixture(file)).facts[0]?.confirmationCode,
      ),
    );
    expect(codes).toEqual(['4012345678', '4098765432', 'HMQ8RT2K9P']);
  });

  it('marks every field the generic reader read', async () => {
    const [fact] = readMail(await fixture('relay-smoobu-booking-en.eml')).facts;
    const read = Object.values(fact?.evidence ?? {});
    expect(read.length).toBeGreaterThan(5);
    for (const evidence of read) expect(evidence?.reader).toBe('generic');
  });
});

describe('readMail: templates and the generic reader together', () => {
  it('fills what a template left empty, marks it, and keeps the fact under the trusted band', async () => {
    const [fact] = readMail(await fixture('airbnb-cancellation-2019-en.eml')).facts;
    expect(fact?.readBy).toBe('mixed');
    expect(fact?.evidence.checkIn?.reader).toBe('generic');
    expect(fact?.evidence.guestName?.reader).toBeUndefined();
    expect(fact?.confidence).toBeLessThan(0.9);
  });

  it('leaves a complete template fact alone', async () => {
    const [fact] = readMail(await fixture('airbnb-confirmation-it.eml')).facts;
    expect(fact?.readBy).toBe('template');
    expect(fact?.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('reads with the generic reader what a template claimed but read nothing of', () => {
    const { facts, flags } = readMail(
      email({
        subject: 'Booking.com - Guest details (4412345678, Sunday, 28 June 2026)',
        from: 'noreply@booking.com',
        text: 'Reservation number: 4412345678\nGuest name: Ada Byron\nCheck-in: Sun, Jun 28, 2026\nCheck-out: Wed, Jul 1, 2026',
      }),
    );
    expect(flags).toEqual([]);
    expect(facts).toEqual([
      expect.objectContaining({
        platform: 'booking',
        readBy: 'generic',
        confirmationCode: '4412345678',
        guestName: 'Ada Byron',
        checkIn: '2026-06-28',
        checkOut: '2026-07-01',
      }),
    ]);
  });

  it('switches a template off by name (the leave-one-out test)', async () => {
    const mail = await fixture('vrbo-reservation.eml');
    expect(readMail(mail).facts[0]?.readBy).toBe('template');
    expect(readMail(mail, { without: ['vrbo/reservation'] }).facts[0]?.readBy).toBe('generic');
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Mail that reaches a host through a channel manager, and mail nothing reads, for tests that follow
 * it through the whole pipeline. Each comes from the extractor's fixtures (testing/mail-fixtures/),
 * with a Message-ID of its own so a mailbox can hold several copies.
 */
const FIXTURES = new URL('./mail-fixtures/', import.meta.url);

function fixture(name: string): string {
  const unique = `<${name}-${randomBytes(4).toString('hex')}@fixtures.invalid>`;
  return readFileSync(new URL(name, FIXTURES), 'utf8').replace(/^Message-ID: .*$/m, `Message-ID: ${unique}`);
}

/** What the relayed mails say, for assertions. */
export const RELAYED = {
  smoobuBooking: {
    platform: 'booking',
    via: 'smoobu',
    confirmationCode: '4012398765',
    checkIn: '2026-08-14',
    checkOut: '2026-08-18',
    guestName: 'Emma Clarke',
    guestCount: 2,
  },
  lodgifyExpedia: {
    platform: 'expedia',
    via: 'lodgify',
    confirmationCode: '73418820551',
    checkIn: '2026-09-03',
    checkOut: '2026-09-07',
    guestName: 'Sarah Lin',
    guestCount: 3,
  },
} as const;

/** A Booking.com reservation relayed by Smoobu (subject with the whole stay, `Reference ID`). */
export const smoobuBookingCom = () => fixture('relay-smoobu-booking-en.eml');

/** An Expedia reservation relayed by Lodgify: its Booking.com fixture with Expedia as the source. */
export const lodgifyExpedia = () =>
  fixture('relay-lodgify-booking-en.eml')
    .replace('Source: Booking.com', 'Source: Expedia')
    .replace(
      'Channel reservation ID: 4102938475',
      `Channel reservation ID: ${RELAYED.lodgifyExpedia.confirmationCode}`,
    );

/** Booking-like mail from a system nobody described: reservation words and a date, nothing to read. */
export const unrecognizedBooking = () => fixture('unrecognized-booking-en.eml');
export const UNRECOGNIZED_SUBJECT = 'Reservation received';

/** The same with markup in its text, as a stranger could write it: shown as text, never run. */
export const unrecognizedWithMarkup = () =>
  unrecognizedBooking().replace(
    'The details will follow',
    'Guest note: <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\nThe details will follow',
  );

/** A relay's notice that a booking changed, saying nothing of which: booking mail nothing reads. */
export const unrecognizedRelayUpdate = () => fixture('unrecognized-relay-es.eml');

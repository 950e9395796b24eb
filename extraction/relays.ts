import type { MailView } from './mail-view.js';
import type { NumericOrder } from './vocabulary.js';

/**
 * Channel managers and PMSs that relay a channel's bookings to the host, as data: adding a relay
 * is one row here and fixtures in `testing/mail-fixtures/`. The generic reader reads their mail
 * (labels in every language); a row only says what is particular to the relay: how to know its
 * mail, the stay it writes in its subject, which labelled number is its own id (never the
 * channel's) and which one is the channel's.
 *
 * Sources of each row (layouts, field names, subjects) are listed in `docs/extraction.md`.
 */
export interface Relay {
  /** What the fact records in `via`. */
  name: string;
  /** Sender addresses that alone name the relay (any subdomain). */
  senders: RegExp;
  /**
   * Its name in a forwarded mail's body (footer, links), when the sender is gone. A row that says
   * none is known by its `name` as a word (`/\bsmoobu\b/i`).
   */
  signs: RegExp;
  /**
   * Subjects that carry the stay, with named groups: `listing`, `guest`, `stay` (a date range),
   * `start`, `nights`, `channel`, `code`, `ownId`. Each pattern is anchored and bounded.
   */
  subjects?: readonly RegExp[];
  /** Labels whose value is the relay's own booking id: never taken for the channel's number. */
  ownIdLabels?: readonly string[];
  /** The shape of the relay's own ids (`B16138101`), wherever they stand. */
  ownId?: RegExp;
  /** Labels that hold the channel's own reservation number (`Channel reference`, `Voucher`). */
  channelCodeLabels?: readonly string[];
  /** Labels of the number of guests particular to the relay (Smoobu's Spanish `Número:`). */
  guestCountLabels?: readonly string[];
  /** How the relay writes `1/2/2026`, when it is not the mail language's way. */
  numericOrder?: NumericOrder;
}

const domain = (...names: string[]): RegExp =>
  new RegExp(`@(?:[\\w-]+\\.)*(?:${names.map((n) => n.replace(/\./g, '\\.')).join('|')})$`, 'i');

/**
 * `Nueva reserva para Busto Reform: 03.09.26 – 07.09.26, Karl Brunelliere (Expedia)`, in every
 * language Smoobu writes (`New booking for`, `Neue Buchung für`, `Nuova prenotazione per`, …).
 */
const SMOOBU_SUBJECT =
  /^\p{L}[\p{L} ]{2,40}? (?:for|para|per|pour|für|voor|para o|para a) (?<listing>[^:]{1,80}?) ?: ?(?<stay>\d{1,2}\.\d{1,2}\.\d{2,4} ?[-–—] ?\d{1,2}\.\d{1,2}\.\d{2,4}),? ?(?<guest>[^()]{0,80}?)(?: ?\((?<channel>[^()]{2,40})\))?$/u;

/** `New Confirmed Booking: Sarai (3 Nights, Arrival: Oct 24 2025) - #B16138101`, any language. */
const LODGIFY_SUBJECT =
  /^[^:]{3,60}: ?(?<guest>[^(]{1,80}?) ?\((?<nights>\d{1,3}) \p{L}+, ?[\p{L} ]{2,20}: ?(?<start>[^)]{4,40})\)(?: ?- ?#(?<ownId>[A-Z]{0,3}\d{4,12}))?$/u;

/** `Confermata - Prenotazione ID 5958915259 - Booking`: the channel at the end. */
const SCIDOO_SUBJECT = /^\p{L}{1,30} - Prenotazione ID ?(?<code>[\w-]{1,40})(?: - (?<channel>.{1,60}))?$/u;

/**
 * `New booking: Jul 3 - Jul 7, 2026 · Sea View Loft · Ana Silva (Airbnb)` and the like: systems
 * that put the whole stay in the subject, the channel in brackets at the end.
 */
const BRACKETED_STAY_SUBJECT = /^[^:]{3,60}: ?(?<rest>.{4,200}?) ?[([](?<channel>[^()[\]]{2,40})[)\]]$/u;

const ROWS: readonly (Omit<Relay, 'signs'> & Partial<Pick<Relay, 'signs'>>)[] = [
  {
    name: 'smoobu',
    senders: domain('smoobu.com'),
    subjects: [SMOOBU_SUBJECT],
    ownIdLabels: ['smoobu id', 'smoobu-id', 'smoobu booking id', 'smoobu buchungs-id'],
    // Smoobu's `reference-id` is the channel's own reservation number
    channelCodeLabels: [
      'reference id',
      'reference-id',
      'referenz-id',
      'referenz',
      'id de referencia',
      'referencia',
      'riferimento',
      'id di riferimento',
      'référence',
      'referência',
      'referentie',
      'portal-buchungsnummer',
    ],
    // its Spanish notice writes the number of guests as `Número: 1`
    guestCountLabels: ['número', 'numero'],
    numericOrder: 'DMY',
  },
  {
    name: 'lodgify',
    senders: domain('lodgify.com'),
    subjects: [LODGIFY_SUBJECT],
    ownId: /\bB\d{6,10}\b/,
    ownIdLabels: ['booking id', 'id', 'lodgify id', 'quote'],
    channelCodeLabels: [
      'channel reservation id',
      'external booking id',
      'ota booking id',
      'source booking id',
      'source reservation id',
      'channel booking id',
    ],
  },
  {
    name: 'beds24',
    senders: domain('beds24.com', 'bookingautomation.com'),
    ownIdLabels: [
      'booking number',
      'booking no',
      'booking id',
      'bookid',
      'buchungsnummer',
      'buchungs-nr',
      'numéro de réservation',
      'numero di prenotazione',
      'número de reserva',
      'boekingsnummer',
      'group id',
    ],
    channelCodeLabels: [
      'api reference',
      'api ref',
      'apiref',
      'channel reference',
      'channel booking id',
      'ota reference',
      'referenz (kanal)',
      'kanal-referenz',
      'reference',
      'referenz',
    ],
  },
  {
    name: 'hostaway',
    senders: domain('hostaway.com', 'hostawaymail.com'),
    subjects: [BRACKETED_STAY_SUBJECT],
    ownIdLabels: ['reservation id', 'hostaway reservation id', 'hostaway id', 'reservation number'],
    channelCodeLabels: [
      'channel reservation id',
      'channel reservation number',
      'channel confirmation code',
      'confirmation code',
    ],
  },
  {
    name: 'guesty',
    senders: domain('guesty.com', 'guestyforhosts.com', 'guestymail.com'),
    ownId: /\bGY-[A-Za-z0-9]{6,12}\b/,
    ownIdLabels: ['guesty confirmation code', 'reservation id', 'guesty id'],
    channelCodeLabels: [
      'platform confirmation code',
      'channel confirmation code',
      'source confirmation code',
      'integration confirmation code',
    ],
  },
  {
    name: 'hospitable',
    senders: domain('hospitable.com', 'smartbnb.io'),
    signs: /\bhospitable\.com\b|\bsmartbnb\b/i,
    subjects: [BRACKETED_STAY_SUBJECT],
  },
  {
    name: 'ownerrez',
    senders: domain('ownerrez.com', 'ownerreservations.com', 'orez.io'),
    signs: /\bowner ?rez\b|\bownerreservations\b/i,
    ownId: /\bOR[B]?\d{4,10}\b/,
    ownIdLabels: ['booking #', 'booking id', 'booking number', 'ownerrez booking'],
    channelCodeLabels: [
      'channel confirmation',
      'channel booking id',
      'listing site booking #',
      'external id',
      'confirmation code',
    ],
  },
  {
    name: 'hostfully',
    senders: domain('hostfully.com'),
    ownIdLabels: ['lead id', 'booking id', 'hostfully id'],
    channelCodeLabels: ['channel booking id', 'external booking id', 'confirmation code'],
  },
  {
    name: 'uplisting',
    senders: domain('uplisting.io', 'uplisting.com'),
    subjects: [BRACKETED_STAY_SUBJECT],
    ownIdLabels: ['uplisting id', 'booking id'],
    channelCodeLabels: ['channel reference', 'confirmation code', 'channel booking id'],
  },
  {
    name: 'avantio',
    senders: domain('avantio.com', 'avantio.es'),
    ownIdLabels: ['referencia avantio', 'código avantio', 'id avantio', 'número de reserva avantio'],
    channelCodeLabels: [
      'localizador del portal',
      'referencia del portal',
      'localizador',
      'portal booking reference',
    ],
    numericOrder: 'DMY',
  },
  {
    name: 'cloudbeds',
    senders: domain('cloudbeds.com', 'mycloudbeds.com'),
    ownIdLabels: [
      'reservation number',
      'reservation id',
      'cloudbeds reservation id',
      'número de reserva',
      'id de reserva',
    ],
    channelCodeLabels: [
      'third party confirmation number',
      'third party confirmation',
      'third-party confirmation number',
      'número de confirmación de terceros',
      'ota confirmation number',
      'source reservation id',
    ],
  },
  {
    name: 'krossbooking',
    senders: domain('krossbooking.com', 'kross.travel'),
    signs: /\bkross ?booking\b/i,
    ownIdLabels: ['id prenotazione kross', 'codice kross', 'id kross', 'numero prenotazione kross'],
    channelCodeLabels: [
      'codice prenotazione canale',
      'id prenotazione canale',
      'riferimento canale',
      'codice canale',
      'channel reference',
      'codice ota',
    ],
    numericOrder: 'DMY',
  },
  {
    name: 'octorate',
    senders: domain('octorate.com'),
    ownIdLabels: ['octorate id', 'id octorate', 'reservation id', 'id prenotazione'],
    channelCodeLabels: [
      'ota reference',
      'ref. ota',
      'ref ota',
      'riferimento ota',
      'codice ota',
      'ota id',
      'channel reservation id',
      'refer',
    ],
    numericOrder: 'DMY',
  },
  {
    name: 'scidoo',
    senders: domain('scidoo.com'),
    subjects: [SCIDOO_SUBJECT],
    channelCodeLabels: ['id voucher', 'voucher'],
    numericOrder: 'DMY',
  },
  // Senders only: systems we know to relay channel bookings, read by the generic reader alone.
  { name: 'tokeet', senders: domain('tokeet.com') },
  { name: 'igms', senders: domain('igms.com') },
  { name: 'rentalsunited', senders: domain('rentalsunited.com'), signs: /\brentals ?united\b/i },
  { name: 'bookingsync', senders: domain('bookingsync.com', 'smily.com') },
  { name: 'hostify', senders: domain('hostify.com') },
  { name: 'lodgix', senders: domain('lodgix.com') },
  { name: 'littlehotelier', senders: domain('littlehotelier.com'), signs: /\blittle ?hotelier\b/i },
  { name: 'siteminder', senders: domain('siteminder.com') },
  { name: 'wubook', senders: domain('wubook.net'), numericOrder: 'DMY' },
  { name: 'channex', senders: domain('channex.io') },
  {
    name: 'mews',
    senders: domain('mews.com', 'mews.li'),
    signs: /\bmews\.(?:com|li)\b|\bmews (?:systems|commander)\b/i,
  },
  { name: '365villas', senders: domain('365villas.com') },
];

export const RELAYS: readonly Relay[] = ROWS.map((row) => ({
  ...row,
  signs: row.signs ?? new RegExp(`\\b${row.name}\\b`, 'i'),
}));

/**
 * A relay's mail written by a guest (the relay forwards the guest's message from an address of
 * theirs, `renter-4f…@messaging.lodgify.com`): it restates the booking, it confirms nothing.
 */
const GUEST_SENDER =
  /^(?:renter|guest|traveler|traveller|tenant|huesped|viajero|gast|ospite|voyageur|hospede)[-+._][^@]{0,200}@/i;

/** Whether a relay's mail comes from a guest's relayed address (a message, not a booking notice). */
export function isGuestSender(from: string): boolean {
  return GUEST_SENDER.test(from);
}

/** How far into a body a relay's name is looked for (its footer sits near the end of short mail). */
const SIGN_SCAN_CHARS = 200_000;

/** The relay that sent a mail, by its sender (the original sender of forwarded mail). */
export function relayOf(mail: Pick<MailView, 'from'>): Relay | null {
  return RELAYS.find((relay) => relay.senders.test(mail.from)) ?? null;
}

/**
 * The relay a mail names in its subject or body (its footer, its links), for forwarded mail that
 * lost its sender. A body that names two systems (one relay's footer citing another) names neither.
 */
export function relayNamedIn(mail: Pick<MailView, 'text' | 'subject'>): Relay | null {
  const text = `${mail.subject}\n${mail.text.slice(0, SIGN_SCAN_CHARS)}`;
  const named = new Set<Relay>();
  // one pass over the text for every relay's name, then which relay each name is
  for (const m of text.matchAll(ANY_SIGN)) {
    const relay = RELAYS.find((r) => r.signs.test(m[0]));
    if (relay) named.add(relay);
    if (named.size > 1) return null;
  }
  return named.size === 1 ? [...named][0]! : null;
}

const ANY_SIGN = new RegExp(RELAYS.map((relay) => `(?:${relay.signs.source})`).join('|'), 'gi');

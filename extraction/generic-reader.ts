import type { Channel } from '../contracts/platforms.js';
import { cancellingGuest, listingBlock } from './cancelled-by.js';
import { CHANNEL_SIGNS, type ChannelSign, channelNamedIn, signOf } from './channels.js';
import {
  confidenceOf,
  type FactField,
  GENERIC_CEILING,
  MIXED_CEILING,
  makeFact,
  type Sources,
  STAY_FIELDS,
} from './confidence.js';
import { announcesArrival, isConversation } from './conversation.js';
import { type DateContext, type DateRange, parseDate, parseDateRange, parseDates } from './dates.js';
import type { Source } from './evidence.js';
import { evidenceAt } from './evidence.js';
import type { Fact, FactKind } from './fact.js';
import { parseGuestCount } from './guest-count.js';
import { fullNameInHead } from './guest-name.js';
import {
  type LabelDictionary,
  type LabelledValue,
  normaliseLabel,
  readLabelledFields,
} from './labelled-fields.js';
import { isListingName, withWrappedTail } from './listing-name.js';
import type { MailView } from './mail-view.js';
import { currencyCodeIn, isPriceBreakdown, parseMoney } from './money.js';
import { isGuestSender, type Relay } from './relays.js';
import { type Concept, isButtonText, LABEL_DICTIONARY, ROOM_TYPE, wordsOf } from './vocabulary.js';

/**
 * The reader under the templates: what any booking mail says in labelled fields, in every language
 * of the vocabulary, whatever system wrote it. It reads mail no template claims (relays, unknown
 * systems, older layouts) and fills the fields a template left empty. It never guesses: a field is
 * read from a label (on its line, the next line, a table cell), from a relay's subject, or from a
 * documented position (the listing above a room type), else it is null.
 */

/** Who wrote the mail, as far as the sender tells. */
export interface GenericContext {
  relay: Relay | null;
  /** The channel whose own mail this is (`automated@airbnb.com`), else null. */
  senderChannel: Channel | null;
}

/** Concepts beyond the vocabulary's: a relay's own id under its labels. */
type FieldConcept = Concept | 'relayOwnId';

const dictionaries = new Map<string, LabelDictionary>();
/** The vocabulary's labels, with a relay's own labels on top. */
function dictionaryFor(relay: Relay | null): LabelDictionary {
  if (!relay) return LABEL_DICTIONARY;
  let dictionary = dictionaries.get(relay.name);
  if (!dictionary) {
    const own = new Map<string, string>(LABEL_DICTIONARY);
    for (const label of relay.channelCodeLabels ?? []) own.set(normaliseLabel(label), 'channelCode');
    for (const label of relay.ownIdLabels ?? []) own.set(normaliseLabel(label), 'relayOwnId');
    for (const label of relay.guestCountLabels ?? []) own.set(normaliseLabel(label), 'guests');
    dictionary = own;
    dictionaries.set(relay.name, dictionary);
  }
  return dictionary;
}

/** A value read, and where. */
interface Read<T> {
  value: T;
  source: Source;
}

/** Everything the generic reader found in one mail. */
export interface GenericReading {
  kind: FactKind;
  /** The channel named, `exchange` for a home exchange (no booking), null when none is named. */
  channel: ChannelSign | null;
  fields: Partial<Record<FactField, Read<string | number>>>;
}

const MAX_NAME_CHARS = 80;
const MAX_STAY_DAYS = 400;
const DAY_MS = 86_400_000;
/** A body's first lines: where a relay says which channel sold the stay (`a new booking from Expedia`). */
const CHANNEL_SENTENCE_LINES = 40;
const MAX_SENTENCE_CHARS = 200;

const BOOKING_WORDS = (): RegExp => wordsOf('booking');
const CANCELLED_WORDS = (): RegExp => wordsOf('cancelled');

/** `[Booking.com]`, `(Expedia)` at the end of a subject; ` - Booking` after its last dash. */
const SUBJECT_BRACKET = /[([]([^()[\]]{2,40})[)\]]\s*$/;
const SUBJECT_LAST_PART = / [-–|] ([^-–|]{2,30})$/;

/** Reads a mail whose template is unknown. See the module comment. */
export function readGeneric(mail: MailView, context: GenericContext): GenericReading {
  const labelled = readLabelledFields(mail.lines, dictionaryFor(context.relay));
  const values = (concept: FieldConcept): readonly LabelledValue[] => labelled.get(concept) ?? [];
  const subject = subjectGroups(mail, context.relay);
  const fields: GenericReading['fields'] = {};

  const channel = channelOf(mail, context, values('channel'), subject.channel);
  const code = codeOf(
    mail,
    context,
    channel,
    values,
    subject,
    subjectCodes(mail, dictionaryFor(context.relay)),
  );
  if (code) fields.confirmationCode = code;
  // a distinctive code (`HM…`, `HA-…`) names its channel when nothing else did
  const namedChannel = channel ?? (code ? channelOfCode(String(code.value)) : null);

  const kind = kindOf(mail, values('status'), context);
  // a cancellation says in sentences who cancelled, and lists the listing over its number
  const block = listingBlock(mail.lines);
  const stay = stayOf(mail, context, values, subject);
  if (stay?.start) fields.checkIn = stay.start;
  if (stay?.end) fields.checkOut = stay.end;
  const count =
    guestCountOf(values) ??
    (block?.guestCount && block.stay ? { value: block.guestCount, source: block.stay.line } : null);
  if (count) fields.guestCount = count;
  const guest =
    guestOf(mail, values('guestName'), subject.guest ?? arrivingGuest(mail.subject), values('personName')) ??
    (kind === 'cancelled' ? cancellingGuestRead(mail) : null);
  if (guest) fields.guestName = guest;
  const listing =
    wrapped(mail, firstValid(values('propertyName'), isListingName)) ??
    (subject.listing && isListingName(subject.listing)
      ? { value: subject.listing, source: 'subject' as const }
      : null) ??
    firstValid(values('roomType'), isListingName) ??
    listingAboveRoomType(mail) ??
    (block?.listing ? { value: block.listing.value, source: block.listing.line } : null);
  if (listing) fields.listingName = listing;
  const money = moneyOf(mail, values);
  if (money) {
    fields.payoutAmount = { value: money.value.amount, source: money.source };
    fields.payoutCurrency = { value: money.value.currency, source: money.source };
  }
  return { kind, channel: namedChannel, fields };
}

/** Enough of a stay to be a fact: a code, or a check-in with a check-out, a guest or a listing. */
export function isStay(reading: GenericReading): boolean {
  const f = reading.fields;
  return Boolean(f.confirmationCode || (f.checkIn && (f.checkOut || f.guestName || f.listingName)));
}

/** The generic reading as a fact (never trusted: see `GENERIC_CEILING`). */
export function genericFact(mail: MailView, reading: GenericReading, context: GenericContext): Fact {
  const platform: Channel =
    context.senderChannel ??
    (reading.channel && reading.channel.channel !== 'exchange' ? reading.channel.channel : 'other');
  const given: Partial<Record<FactField, string | number>> = {};
  const sources: Sources = {};
  for (const [field, read] of Object.entries(reading.fields) as [FactField, Read<string | number>][]) {
    given[field] = read.value;
    sources[field] = read.source;
  }
  return makeFact(
    mail,
    { platform, kind: reading.kind, via: context.relay?.name ?? null, ...given },
    STAY_FIELDS,
    sources,
    'generic',
  );
}

/**
 * A template's fact with the fields it should give but left empty filled from the generic reading,
 * their evidence marked `reader: 'generic'`. A filled fact is `mixed` and stays under the trusted
 * band: a field nobody checked on this layout must not ride on the template's confidence.
 */
export function fillFromGeneric(
  fact: Fact,
  mail: MailView,
  reading: GenericReading,
  expected: readonly FactField[],
): Fact {
  const filled: Fact = { ...fact, evidence: { ...fact.evidence } };
  let changed = false;
  for (const field of expected) {
    const read = reading.fields[field];
    if (!read || (filled[field] !== null && filled[field] !== undefined)) continue;
    const evidence = evidenceAt(mail, read.source);
    (filled as unknown as Record<string, unknown>)[field] = read.value;
    if (evidence) filled.evidence[field] = { ...evidence, reader: 'generic' };
    changed = true;
  }
  if (!changed) return fact;
  // at least what the generic reader alone would give the same fields, never the trusted band
  const asGeneric = confidenceOf(filled, expected, GENERIC_CEILING);
  return {
    ...filled,
    readBy: 'mixed',
    confidence: Math.min(MIXED_CEILING, Math.max(fact.confidence, asGeneric)),
  };
}

// ---------------------------------------------------------------------------------------------
// the subject

interface SubjectGroups {
  ownId?: string;
  listing?: string;
  guest?: string;
  stay?: string;
  start?: string;
  nights?: string;
  channel?: string;
  code?: string;
}

function subjectGroups(mail: MailView, relay: Relay | null): SubjectGroups {
  for (const pattern of relay?.subjects ?? []) {
    const groups = pattern.exec(mail.subject)?.groups;
    if (groups) {
      return Object.fromEntries(
        Object.entries(groups)
          .filter(([, v]) => v !== undefined && v.trim() !== '')
          .map(([k, v]) => [k, v!.trim()]),
      ) as SubjectGroups;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// the channel

function channelOf(
  mail: MailView,
  context: GenericContext,
  labelled: readonly LabelledValue[],
  inSubject: string | undefined,
): ChannelSign | null {
  if (context.senderChannel) return signOf(context.senderChannel) ?? null;
  for (const found of labelled) {
    const sign = channelNamedIn(found.value);
    if (sign) return sign;
  }
  const subjectNames = [
    inSubject,
    SUBJECT_BRACKET.exec(mail.subject)?.[1],
    SUBJECT_LAST_PART.exec(mail.subject.slice(0, 300))?.[1],
  ];
  for (const name of subjectNames) {
    const sign = channelNamedIn(name);
    if (sign) return sign;
  }
  return onlyOne(mail.imageAlts.map(channelNamedIn)) ?? (context.relay ? channelInSentences(mail) : null);
}

/** `Tienes una nueva reserva de Expedia.`: a booking sentence near the top naming one channel. */
function channelInSentences(mail: MailView): ChannelSign | null {
  const named: (ChannelSign | null)[] = [];
  for (const line of mail.lines.slice(0, CHANNEL_SENTENCE_LINES)) {
    if (line.length > MAX_SENTENCE_CHARS || !BOOKING_WORDS().test(line)) continue;
    for (const sign of CHANNEL_SIGNS) {
      if (sign.channel !== 'direct' && (sign.inSentence ?? sign.names).test(line)) named.push(sign);
    }
  }
  return onlyOne(named);
}

function onlyOne(signs: readonly (ChannelSign | null)[]): ChannelSign | null {
  const distinct = [...new Set(signs.filter((s): s is ChannelSign => s !== null))];
  return distinct.length === 1 ? distinct[0]! : null;
}

/** Only codes no other channel shares name a channel: Airbnb's `HM…`, Vrbo's `HA-…`. */
const DISTINCTIVE_CODES: readonly { channel: Channel; code: RegExp }[] = [
  { channel: 'airbnb', code: /^HM[A-Z0-9]{8}$/ },
  { channel: 'vrbo', code: /^(?:HA|VB)-[A-Z0-9]{5,}$/ },
];

function channelOfCode(code: string): ChannelSign | null {
  const channel = DISTINCTIVE_CODES.find((d) => d.code.test(code))?.channel;
  return channel ? (signOf(channel) ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// the confirmation code

/** A reservation number: letters, digits and dashes, with at least one digit. */
const CODE_TOKEN = /(?<![\w-])(?=[A-Z-]{0,29}\d)[A-Z0-9][A-Z0-9-]{3,29}(?![\w-])/i;
/** `2026-08-14`: a date under a reservation label is no code. */
const NUMERIC_DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;

function codeOf(
  mail: MailView,
  context: GenericContext,
  channel: ChannelSign | null,
  values: (concept: FieldConcept) => readonly LabelledValue[],
  subject: SubjectGroups,
  labelledInSubject: readonly string[],
): Read<string> | null {
  const inSubject = subject.code;
  const shape = channel?.code;
  const ownId = context.relay?.ownId;
  const candidates: { value: string; source: Source }[] = [
    ...values('channelCode').map((v) => ({ value: v.value, source: v.line as Source })),
    ...(inSubject ? [{ value: inSubject, source: 'subject' as const }] : []),
    ...values('confirmationNumber').map((v) => ({ value: v.value, source: v.line as Source })),
  ];
  // a subject is free text: its numbers count in the channel's shape only, when the channel has one
  const fromSubject = labelledInSubject.map((value) => ({ value, source: 'subject' as const }));
  // the relay's own id is the booking's only id when no channel sold it (or the host's site did)
  const ownIdAllowed = !channel || channel.channel === 'direct';
  const token = (value: string, pattern: RegExp): string | null => {
    const found = pattern.exec(value.slice(0, 200))?.[0] ?? null;
    const isOwnId = ownId?.test(found ?? '') ?? false;
    return found && (ownIdAllowed || !isOwnId) && !NUMERIC_DATE.test(found) ? found : null;
  };
  if (shape) {
    for (const c of [...candidates, ...fromSubject]) {
      const code = token(c.value, shape);
      if (code) return { value: code, source: c.source };
    }
    // Airbnb's and Vrbo's codes are distinctive enough to be read wherever they stand
    const distinctive = DISTINCTIVE_CODES.find((d) => d.channel === channel?.channel);
    if (distinctive) {
      const anywhere = new RegExp(distinctive.code.source.replace(/^\^|\$$/g, '\\b')).exec(
        mail.text.slice(0, 200_000),
      );
      if (anywhere) return { value: anywhere[0], source: { offset: anywhere.index } };
    }
  }
  for (const c of shape ? candidates : [...candidates, ...fromSubject]) {
    const code = token(c.value, CODE_TOKEN);
    if (code) return { value: code, source: c.source };
  }
  if (ownIdAllowed) {
    // in the relay's own shape when it has one: Lodgify's `QUOTE (#14762230)` is no booking's id
    for (const v of values('relayOwnId')) {
      const code = (ownId ?? CODE_TOKEN).exec(v.value.slice(0, 200))?.[0];
      if (code) return { value: code, source: v.line };
    }
    if (subject.ownId) return { value: subject.ownId, source: 'subject' };
  }
  return null;
}

/** `(5581435138, Sunday, 28 June 2026)`, `(#B16389402)`: a number that opens a subject's bracket. */
const SUBJECT_BRACKET_CODE = /\(\s?#?([A-Z0-9][A-Z0-9-]{0,29})\s?[,)]/gi;
const MAX_SUBJECT_WORDS = 40;
const MAX_LABEL_WORDS = 4;

/**
 * Codes a subject gives: the word after a reservation-number label (`Agoda Booking ID 2035192058 -
 * CONFIRMED`, `New booking: Reservation ID 2290117733`) and a number opening a bracket (`New
 * booking! (5581435138, Sunday, 28 June 2026)`), only in a subject that speaks of a reservation or
 * a cancellation. Each is still checked as a code (a digit, the channel's shape, no date).
 */
function subjectCodes(mail: MailView, dictionary: LabelDictionary): string[] {
  const subject = mail.subject.slice(0, 300);
  if (!BOOKING_WORDS().test(subject) && !CANCELLED_WORDS().test(subject)) return [];
  const found: string[] = [];
  const words = subject.split(/\s+/, MAX_SUBJECT_WORDS);
  for (let at = 0; at + 1 < words.length; at++) {
    for (let n = Math.min(MAX_LABEL_WORDS, at + 1); n >= 1; n--) {
      const concept = dictionary.get(normaliseLabel(words.slice(at - n + 1, at + 1).join(' ')));
      if (concept === 'confirmationNumber' || concept === 'channelCode') {
        found.push(words[at + 1]!);
        break;
      }
    }
  }
  for (const m of subject.matchAll(SUBJECT_BRACKET_CODE)) found.push(m[1]!);
  return found;
}

// ---------------------------------------------------------------------------------------------
// the stay

function stayOf(
  mail: MailView,
  context: GenericContext,
  values: (concept: FieldConcept) => readonly LabelledValue[],
  subject: SubjectGroups,
): { start?: Read<string>; end?: Read<string> } | null {
  const orders = dateContexts(mail.dates, context.relay);
  const ins = values('checkIn');
  const outs = values('checkOut');
  // the labelled check-in and check-out, read in one order: the one that makes a stay
  for (const context of orders) {
    for (const inValue of ins.slice(0, 3)) {
      const start = parseDate(inValue.value, context);
      if (!start) continue;
      for (const outValue of outs.slice(0, 3)) {
        const end = parseDate(outValue.value, context);
        if (end && isStayRange(start, end)) {
          return {
            start: { value: start, source: inValue.line },
            end: { value: end, source: outValue.line },
          };
        }
      }
    }
  }
  const ranged = rangeFrom(values('stayDates'), orders) ?? subjectRange(mail, subject, orders);
  if (ranged) return ranged;
  const start = firstDate(ins, orders[0]!) ?? subjectStart(mail, subject, orders[0]!);
  if (!start) return null;
  const end = firstDate(outs, orders[0]!);
  if (end && isStayRange(start.value, end.value)) return { start, end };
  const nights = nightsOf(values('nights'), subject);
  return nights
    ? { start, end: { value: addDays(start.value, nights.value), source: nights.source } }
    : { start };
}

/** The mail's own reading of `1/2/2026` first, then the other, for relays that write the other. */
function dateContexts(base: DateContext, relay: Relay | null): DateContext[] {
  const first = relay?.numericOrder ?? base.numericOrder;
  return [
    { ...base, numericOrder: first },
    { ...base, numericOrder: first === 'DMY' ? 'MDY' : 'DMY' },
  ];
}

function isStayRange(start: string, end: string): boolean {
  const days = (Date.parse(end) - Date.parse(start)) / DAY_MS;
  return days > 0 && days <= MAX_STAY_DAYS;
}

function rangeFrom(
  found: readonly LabelledValue[],
  orders: readonly DateContext[],
): { start: Read<string>; end: Read<string> } | null {
  for (const context of orders) {
    for (const v of found.slice(0, 3)) {
      const range = parseDateRange(v.value, context);
      if (range && isStayRange(range.start, range.end)) return asRead(range, v.line);
    }
  }
  return null;
}

function subjectRange(
  mail: MailView,
  subject: SubjectGroups,
  orders: readonly DateContext[],
): { start: Read<string>; end: Read<string> } | null {
  const text = subject.stay ?? mail.subject;
  if (!/\d/.test(text)) return null;
  for (const context of orders) {
    const range: DateRange | null = parseDateRange(text, context);
    if (range && isStayRange(range.start, range.end)) return asRead(range, 'subject');
  }
  return null;
}

/**
 * A subject with reservation words and one date names the arrival (`New booking! (5581435138,
 * Sunday, 28 June 2026)`, `NAME arrives Jul 29`, `Arrival: Oct 24 2025`).
 */
function subjectStart(mail: MailView, subject: SubjectGroups, context: DateContext): Read<string> | null {
  if (subject.start) {
    const start = parseDate(subject.start, context);
    return start ? { value: start, source: 'subject' } : null;
  }
  if (!BOOKING_WORDS().test(mail.subject)) return null;
  const dates = parseDates(mail.subject, context);
  return dates.length === 1 ? { value: dates[0]!, source: 'subject' } : null;
}

function asRead(range: DateRange, source: Source): { start: Read<string>; end: Read<string> } {
  return { start: { value: range.start, source }, end: { value: range.end, source } };
}

function firstDate(found: readonly LabelledValue[], context: DateContext): Read<string> | null {
  for (const v of found.slice(0, 3)) {
    const date = parseDate(v.value, context);
    if (date) return { value: date, source: v.line };
  }
  return null;
}

function nightsOf(found: readonly LabelledValue[], subject: SubjectGroups): Read<number> | null {
  const labelled = found
    .map((v) => ({ n: leadingNumber(v.value), source: v.line as Source }))
    .find((x) => x.n);
  if (labelled?.n) return { value: labelled.n, source: labelled.source };
  const inSubject = subject.nights ? Number(subject.nights) : null;
  return inSubject ? { value: inSubject, source: 'subject' } : null;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// guests, names, listing, money, kind

function leadingNumber(text: string): number | null {
  const m = /^\D{0,3}?(\d{1,3})(?!\d)/.exec(text.trim());
  const n = m ? Number(m[1]) : 0;
  return n > 0 && n < 100 ? n : null;
}

function guestCountOf(values: (concept: FieldConcept) => readonly LabelledValue[]): Read<number> | null {
  const count = (v: LabelledValue): number | null => parseGuestCount(v.value) ?? leadingNumber(v.value);
  const adults = values('adults')[0];
  if (adults && count(adults) !== null) {
    const children = values('children')[0];
    const total = (count(adults) ?? 0) + (children ? (leadingNumber(children.value) ?? 0) : 0);
    return { value: total, source: adults.line };
  }
  for (const v of values('guests').slice(0, 3)) {
    const n = count(v);
    if (n !== null) return { value: n, source: v.line };
  }
  return null;
}

/**
 * A guest label's name, else the subject's, else a bare `Name:` line's; a subject that gives the
 * first name only yields to the `Name:` line that starts with it (`Giulia` → `Giulia Romano`).
 */
function guestOf(
  mail: MailView,
  labelled: readonly LabelledValue[],
  inSubject: string | undefined,
  named: readonly LabelledValue[],
): Read<string> | null {
  const byLabel = firstValid(labelled, isNameLike);
  if (byLabel) return byLabel;
  const bare = firstValid(named, isNameLike);
  if (inSubject && isNameLike(inSubject)) {
    const fuller = bare && String(bare.value).toLowerCase().startsWith(`${inSubject.toLowerCase()} `);
    if (fuller) return bare;
    // the mail's head may give the whole name on a line of its own (`Jonas` → `Jonas Keller`)
    const whole = bare ? null : fullNameInHead(mail.lines, inSubject);
    return whole ? { value: whole.value, source: whole.line } : { value: inSubject, source: 'subject' };
  }
  return bare;
}

let arrivingPattern: RegExp | null = null;
/** `Reservation confirmed - Ana Silva arrives Jul 29`: the name between a separator and the verb. */
function arrivingGuest(subject: string): string | undefined {
  arrivingPattern ??= new RegExp(`(?:^|[-–—:] )([^-–—:]{2,60}?) (?:${wordsOf('arrives').source})`, 'iu');
  return arrivingPattern.exec(subject.slice(0, 300))?.[1]?.trim();
}

const NOT_A_NAME = /@|https?:|www\.|\d{3}|[<>{}[\]=#?!;]/i;
/** `Hallo, gibt es einen Parkplatz.`: a sentence's end (an initial such as `Anna M.` is no end). */
const SENTENCE_END = /\p{L}{2,}\.$/u;

function isNameLike(value: string): boolean {
  const v = value.trim();
  return (
    v.length >= 2 &&
    v.length <= MAX_NAME_CHARS &&
    /\p{L}{2}/u.test(v) &&
    !NOT_A_NAME.test(v) &&
    !SENTENCE_END.test(v) &&
    v.split(/\s+/).length <= 6 &&
    !isButtonText(v) &&
    channelNamedIn(v) === null
  );
}

function firstValid(found: readonly LabelledValue[], valid: (value: string) => boolean): Read<string> | null {
  const hit = found.find((v) => valid(v.value));
  return hit ? { value: hit.value.trim(), source: hit.line } : null;
}

/** A labelled listing's name with its tail from the next line, when the mail wrapped it there. */
function wrapped(mail: MailView, read: Read<string> | null): Read<string> | null {
  if (!read || typeof read.source !== 'number') return read;
  const { value } = withWrappedTail(mail.lines, { value: read.value, line: read.source });
  return { value, source: read.source };
}

function cancellingGuestRead(mail: MailView): Read<string> | null {
  const found = cancellingGuest(mail);
  return found && isNameLike(found.name) ? { value: found.name, source: { offset: found.offset } } : null;
}

/** Airbnb's documented position: the listing is the line right above the room type. */
function listingAboveRoomType(mail: MailView): Read<string> | null {
  const at = mail.lines.findIndex((line) => line.length <= 120 && ROOM_TYPE.test(line));
  const above = at > 0 ? mail.lines[at - 1]! : null;
  return above && isListingName(above) ? { value: above, source: at - 1 } : null;
}

function moneyOf(
  mail: MailView,
  values: (concept: FieldConcept) => readonly LabelledValue[],
): Read<{ amount: number; currency: string }> | null {
  // `Auszahlung` over `62,00 € x 2 Nächte`: a payout section over a breakdown, not an amount
  const breakdown = values('payout').find((v) => isPriceBreakdown(v.value));
  const section = values('payoutSection')[0]?.line ?? breakdown?.line ?? -1;
  const payouts = values('payout').filter((v) => !isPriceBreakdown(v.value));
  const totals = values('total').filter((v) => v.line > section);
  for (const v of [...payouts, ...totals, ...values('price')]) {
    const currency =
      currencyCodeIn(mail.lines[v.line - 1] ?? '') ?? currencyCodeIn(mail.lines[v.line] ?? '') ?? undefined;
    const money = parseMoney(v.value, currency);
    if (money && money.amount > 0) return { value: money, source: v.line };
  }
  return null;
}

/**
 * `message` for mail that restates a stay without confirming it (a guest's words relayed from
 * their address, an answer in a conversation, a pre-arrival reminder); else `cancelled` when the
 * subject or a status says so; else `confirmed`.
 */
function kindOf(mail: MailView, status: readonly LabelledValue[], context: GenericContext): FactKind {
  const fromGuest = context.relay !== null && isGuestSender(mail.from);
  if (fromGuest || isConversation(mail) || announcesArrival(mail.subject)) return 'message';
  if (CANCELLED_WORDS().test(mail.subject.slice(0, 300))) return 'cancelled';
  return status.some((s) => CANCELLED_WORDS().test(s.value)) ? 'cancelled' : 'confirmed';
}

import type { Channel, ConnectionPlatform } from '../contracts/platforms.js';
import { channelOfSender } from './channels.js';
import { chooseTemplate, hasUnknownTemplateHeader, platformOf, TEMPLATES } from './choose-template.js';
import type { Fact } from './fact.js';
import { fillFromGeneric, type GenericContext, genericFact, isStay, readGeneric } from './generic-reader.js';
import { toMailView } from './mail-view.js';
import type { ParsedEmail } from './parse-email.js';
import { relayNamedIn, relayOf } from './relays.js';
import type { Template } from './template.js';
import { looksLikeBookingMail, saysNoBooking, speaksOfBookings } from './unrecognized.js';

/** What reading a mail can flag: `unrecognized`, a mail that looks like booking mail and gave no fact. */
export type ReadingFlag = 'unrecognized';

export interface MailReading {
  facts: Fact[];
  flags: ReadingFlag[];
}

export interface ReadOptions {
  /** Templates switched off by name: the leave-one-out test reads their mail with the generic reader. */
  without?: readonly string[];
}

const SENDER_CHANNELS: Partial<Record<ConnectionPlatform, Channel>> = {
  airbnb: 'airbnb',
  vrbo: 'vrbo',
  booking: 'booking',
};

/**
 * The facts a parsed e-mail states, and whether it must be shown to a person. Never silent: a mail
 * that yields no fact and is not known to carry none (reviews, guest chat, payouts, reminders,
 * marketing), but looks like booking mail (reservation words with a stay's dates, or a relay's or
 * platform's sender with reservation words), is flagged `unrecognized`. Pure; never throws.
 */
export function readMail(email: ParsedEmail, options: ReadOptions = {}): MailReading {
  try {
    return read(email, options);
  } catch {
    // a reader that fails is a mail nobody read: a person must see it
    return { facts: [], flags: ['unrecognized'] };
  }
}

function read(email: ParsedEmail, options: ReadOptions): MailReading {
  const mail = toMailView(email);
  const templates = options.without?.length
    ? TEMPLATES.filter((t) => !options.without?.includes(t.name))
    : TEMPLATES;
  const template = chooseTemplate(mail, templates);
  const family = platformOf(mail);
  const relay = relayOf(mail) ?? (family ? null : relayNamedIn(mail));
  // a relay named only in a forwarded body reads like one: its templates, its labels
  const senderChannel = family ? (SENDER_CHANNELS[family] ?? null) : channelOfSender(mail.from);
  const context: GenericContext = { relay, senderChannel };
  const knownSender = relay !== null || family !== null || senderChannel !== null;
  const silent = (quiet: boolean): MailReading => ({
    facts: [],
    flags: quiet || saysNoBooking(mail) || !looksLikeBookingMail(mail, knownSender) ? [] : ['unrecognized'],
  });

  if (template) {
    const facts = template.extract(mail).filter(saysSomething);
    if (facts.length > 0) return { facts: filled(template, facts, mail, context), flags: [] };
    if (template.quiet) return silent(true);
    // a template that claimed the mail and read nothing: its sign was another system's words
  }
  // a platform's mail of a kind we do not know quotes what anyone wrote: its body is not read
  if (family && hasUnknownTemplateHeader(mail)) return silent(false);
  if (saysNoBooking(mail)) return silent(true);
  const reading = readGeneric(mail, context);
  if (reading.channel?.channel === 'exchange') return silent(true);
  if (!isStay(reading)) return silent(false);
  // dates under labels with no reservation word and no number: an inquiry form, not a booking
  if (!reading.fields.confirmationCode && !speaksOfBookings(mail)) return silent(false);
  return { facts: [genericFact(mail, reading, context)], flags: [] };
}

function filled(
  template: Template,
  facts: Fact[],
  mail: ReturnType<typeof toMailView>,
  context: GenericContext,
): Fact[] {
  const expected = template.expected;
  if (template.genericFill === false || !expected) return facts;
  const missing = facts.some((fact) =>
    expected.some((field) => fact[field] === null || fact[field] === undefined),
  );
  if (!missing) return facts;
  const reading = readGeneric(mail, context);
  return facts.map((fact) => fillFromGeneric(fact, mail, reading, expected));
}

/**
 * A platform's headers over an unreadable body yield a fact with nothing in it: no code, no date,
 * no name, no money. It could match nothing and would only clutter the review queue.
 */
function saysSomething(fact: Fact): boolean {
  return [
    fact.confirmationCode,
    fact.checkIn,
    fact.checkOut,
    fact.guestName,
    fact.payoutAmount,
    fact.requestedGuestCount,
  ].some((v) => v !== null && v !== undefined);
}

import type { Channel } from '../contracts/platforms.js';

/**
 * How mail names the channels that sell stays, and the shape of each channel's own reservation
 * number. A relay (a channel manager or PMS) names the channel in a subject bracket, a `Channel:`
 * line or a logo's alt text, in its own spelling (`Booking`, `BDC`, `Booking.com`, `HomeAway`,
 * `Hotels.com`); the channel's number is the one the channel's own mail and feeds carry.
 * Adding a channel spelling is one entry here.
 */
export interface ChannelSign {
  channel: Channel | 'exchange';
  /** The channel's names, tested against a short text that names one (`Booking.com`, `Canal: Airbnb`). */
  names: RegExp;
  /** The channel's own reservation number, when it has a recognisable shape. */
  code?: RegExp;
  /** Addresses the channel itself writes from (its own mail, not a relay's). */
  senders?: RegExp;
  /**
   * Its name as a sentence names it, when `names` is also a common word there: `booking` is any
   * reservation (`a new confirmed booking`), `from Booking` or `Booking.com` is the channel.
   */
  inSentence?: RegExp;
}

/**
 * In order: the first match wins, so `FeWo-direkt` is Vrbo's before `direkt` is a direct booking,
 * and `Booking engine` (a direct booking on the host's site) is read before `Booking`
 * (Booking.com). Exchanges are named so that their mail yields no stay.
 */
export const CHANNEL_SIGNS: readonly ChannelSign[] = [
  {
    channel: 'exchange',
    names: /\b(?:home ?exchange|guestto\s?guest|guest ?to ?guest|knok|homelink|intervac)\b/i,
  },
  { channel: 'airbnb', names: /\bair ?bnb\b/i, code: /\bHM[A-Z0-9]{8}\b/ },
  {
    channel: 'vrbo',
    names: /\b(?:vrbo|home ?away|abritel|fewo-direkt|stayz|bookabach|vacation ?rentals by owner)\b/i,
    code: /\b(?:HA|VB)-[A-Z0-9]{5,}\b|\b\d{7,10}\b/,
  },
  {
    channel: 'expedia',
    names: /\b(?:expedia|hotels\.com|hotels com|orbitz|travelocity|wotif)\b/i,
    code: /\b\d{8,13}\b/,
    senders: /@(?:[\w-]+\.)*(?:expedia|expediapartnercentral|hotels)\.com$/i,
  },
  { channel: 'agoda', names: /\bagoda\b/i, code: /\b\d{8,11}\b/, senders: /@(?:[\w-]+\.)*agoda\.com$/i },
  {
    channel: 'direct',
    names:
      /\b(?:booking ?engine|motor de reservas|direct(?:e|a|o)?(?: booking| reservation)?|diretta|diretto|direkt(?:buchung|anfrage)?|directe boeking|website|web ?site|sito(?: web)?|site web|homepage|own site|manual|manuale|manuell|handmatig|owner|propietario|proprietario|eigentümer|telefon|telephone|phone|teléfono|telefono|walk-in|google(?: vacation rentals| hotels| free booking links)?)\b/i,
  },
  {
    channel: 'booking',
    names: /\b(?:booking(?:\.com)?|bdc)\b/i,
    code: /\b\d{9,10}\b/,
    inSentence:
      /\bbooking\.com\b|\bBDC\b|\b(?:from|via|on|through|de|da|di|von|über|auf|sur|par|su|por|em|op|van|vía) Booking\b(?![ -]?(?:engine|request|confirm))/i,
  },
];

/** Longest text a channel name is looked for in: a label's value or a bracket, never a body. */
const MAX_NAME_TEXT = 120;

/** The channel a short text names (`Booking.com`, `-> Booking`, `Airbnb (API)`), or null. */
export function channelNamedIn(text: string | null | undefined): ChannelSign | null {
  const short = (text ?? '').slice(0, MAX_NAME_TEXT).trim();
  if (short === '') return null;
  return CHANNEL_SIGNS.find((sign) => sign.names.test(short)) ?? null;
}

/** The sign of one channel. */
export function signOf(channel: Channel): ChannelSign | undefined {
  return CHANNEL_SIGNS.find((sign) => sign.channel === channel);
}

/** The channel whose own address sent a mail (Expedia's, Agoda's), or null. */
export function channelOfSender(from: string): Channel | null {
  const sign = CHANNEL_SIGNS.find((s) => s.senders?.test(from));
  return sign && sign.channel !== 'exchange' ? sign.channel : null;
}

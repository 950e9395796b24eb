import type { NightRange } from './nights.js';
import type { CalendarStay, EvidenceLine, MailFact } from './property-snapshot.js';

/**
 * The lines that show a conflict, in words a host reads: each calendar event as its calendar
 * lists it, each e-mail with what it said and the lines it said it in. Dates stay ISO: the same in
 * every language, and a stay is read at a glance.
 */

/** Channel ids as people write them; any other is capitalised (a channel added later reads fine). */
const CHANNEL_WORDS: Record<string, string> = {
  booking: 'Booking.com',
  pms: 'PMS',
  vrbo: 'Vrbo',
  direct: 'Direct booking',
  other: 'Unnamed channel',
};

export function channelName(channel: string): string {
  return CHANNEL_WORDS[channel] ?? channel.charAt(0).toUpperCase() + channel.slice(1);
}

export function nightsText(nights: NightRange): string {
  const count = Math.round((Date.parse(nights.to) - Date.parse(nights.from)) / 86_400_000);
  return `${nights.from} → ${nights.to} (${count} ${count === 1 ? 'night' : 'nights'})`;
}

const STATUS_WORDS: Record<CalendarStay['status'], string> = {
  confirmed: 'reserved',
  blocked: 'blocked',
  cancelled: 'cancelled',
};

export function stayLine(stay: CalendarStay): EvidenceLine {
  const who = [stay.guestName, stay.code].filter((x) => x !== null && x !== '').join(', ');
  const state = stay.vanishedAt ? 'no longer listed' : STATUS_WORDS[stay.status];
  return {
    source: 'calendar',
    bookingId: stay.id,
    text: `${stay.feedName}: ${state}${who ? ` — ${who}` : ''}, ${nightsText(stay.nights)}`,
  };
}

const KIND_WORDS: Record<MailFact['kind'], string> = { confirmed: 'confirmed', cancelled: 'cancelled' };

/** The e-mail's claim, then the lines of mail it was read from (each once). */
export function mailLines(fact: MailFact): EvidenceLine[] {
  const who = [fact.guestName, fact.code].filter((x) => x !== null && x !== '').join(', ');
  const when = `${fact.receivedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const claim: EvidenceLine = {
    source: 'mail',
    factId: fact.id,
    text:
      `${channelName(fact.channel)} e-mail of ${when}: ${KIND_WORDS[fact.kind]}` +
      `${who ? ` — ${who}` : ''}${fact.nights ? `, ${nightsText(fact.nights)}` : ''}`,
  };
  const quoted = [...new Set(fact.lines)].map(
    (line): EvidenceLine => ({ source: 'mail', factId: fact.id, text: `“${line}”` }),
  );
  return [claim, ...quoted];
}

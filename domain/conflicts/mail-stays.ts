import type { FactPlatform } from '../../contracts/platforms.js';
import { FEEDS_OF_CHANNEL } from '../matching/channel-feeds.js';
import { dayNumber } from '../matching/day-number.js';
import { normalizeCode } from '../matching/score.js';
import type { NightRange } from './nights.js';
import type { CalendarStay, MailFact, PropertySnapshot } from './property-snapshot.js';

/**
 * The stays mail tells of. Per channel and confirmation code the newest e-mail wins: an altered
 * reservation's new dates replace the old ones, a cancellation after the confirmation cancels it,
 * a confirmation after a cancellation books it again. An e-mail without a code is a stay of its own.
 */
export interface MailStay {
  /** `channel:CODE`, or `fact:<id>` for an e-mail without a code: stable while the stay lasts. */
  key: string;
  /** The newest e-mail about the stay: what mail says now. */
  latest: MailFact;
  /** Every e-mail about it, oldest first. */
  facts: MailFact[];
}

export function stayKeyOf(fact: Pick<MailFact, 'id' | 'channel' | 'code'>): string {
  const code = normalizeCode(fact.code);
  return code === null ? `fact:${fact.id}` : `${fact.channel}:${code}`;
}

/**
 * The calendars that can list a stay the channel sold (its own, a PMS's; any for a mail that names
 * no channel): the matcher's table (domain/matching/channel-feeds.ts), so the rules and the matcher
 * agree on which calendar is a mail's own. A channel this code does not know has only its own.
 */
export function feedsCarrying(channel: string): readonly string[] {
  return Object.hasOwn(FEEDS_OF_CHANNEL, channel) ? FEEDS_OF_CHANNEL[channel as FactPlatform] : [channel];
}

/**
 * A property's snapshot, indexed once for the rules: which calendar stays each mail stay tells of
 * (matched to it, or the same channel and code) and back, and the stays by night for overlap
 * searches. Each rule then costs about the stays and the e-mails it looks at, not their product.
 */
export class PropertyView {
  readonly mail: readonly MailStay[];
  private readonly mailByKey: Map<string, MailStay>;
  private readonly stayById: Map<string, CalendarStay>;
  private readonly told = new Map<string, CalendarStay[]>();
  private readonly tellers = new Map<string, MailStay[]>();
  private readonly byNights = new Map<string, CalendarStay[]>();
  private readonly byFrom: CalendarStay[];
  private readonly longest: number;

  constructor(readonly snapshot: PropertySnapshot) {
    this.stayById = new Map(snapshot.stays.map((s) => [s.id, s]));
    const byCode = group(snapshot.stays, (s) => {
      const code = normalizeCode(s.code);
      return code === null ? null : `${s.channel}:${code}`;
    });
    this.mail = groupMail(snapshot.facts);
    this.mailByKey = new Map(this.mail.map((m) => [m.key, m]));
    for (const stay of this.mail) {
      const told = new Set<CalendarStay>();
      for (const fact of stay.facts) {
        const matched = fact.matchedBookingId ? this.stayById.get(fact.matchedBookingId) : undefined;
        if (matched) told.add(matched);
        const code = normalizeCode(fact.code);
        if (code === null) continue;
        for (const feed of feedsCarrying(fact.channel))
          for (const s of byCode.get(`${feed}:${code}`) ?? []) told.add(s);
      }
      this.told.set(stay.key, [...told]);
      for (const s of told) push(this.tellers, s.id, stay);
    }
    for (const s of snapshot.stays) push(this.byNights, nightsKey(s.channel, s.nights), s);
    this.byFrom = [...snapshot.stays].sort((a, b) => (a.nights.from < b.nights.from ? -1 : 1));
    this.longest = Math.max(
      0,
      ...snapshot.stays.map((s) => dayNumber(s.nights.to) - dayNumber(s.nights.from)),
    );
  }

  stay(id: string): CalendarStay | undefined {
    return this.stayById.get(id);
  }

  mailStay(key: string): MailStay | undefined {
    return this.mailByKey.get(key);
  }

  /** The calendar stays the mail stay's e-mails tell of. */
  toldOf(stay: MailStay): readonly CalendarStay[] {
    return this.told.get(stay.key) ?? [];
  }

  /** The mail stays that tell of the calendar stay. */
  tellersOf(stay: CalendarStay): readonly MailStay[] {
    return this.tellers.get(stay.id) ?? [];
  }

  /** Stays of the channel over exactly these nights. */
  withNights(channel: string, nights: NightRange): readonly CalendarStay[] {
    return this.byNights.get(nightsKey(channel, nights)) ?? [];
  }

  /** Stays that share at least one night with the range. */
  overlapping(range: NightRange): CalendarStay[] {
    const earliest = dayNumber(range.from) - this.longest;
    let lo = 0;
    let hi = this.byFrom.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dayNumber(this.byFrom[mid]!.nights.from) < earliest) lo = mid + 1;
      else hi = mid;
    }
    const found: CalendarStay[] = [];
    for (let i = lo; i < this.byFrom.length && this.byFrom[i]!.nights.from < range.to; i++)
      if (this.byFrom[i]!.nights.to > range.from) found.push(this.byFrom[i]!);
    return found;
  }

  /**
   * The first confirmation that tells of the stay, of a date we can trust: when it was sold, as
   * far as mail knows. A block another calendar held before that moment cannot be its echo.
   */
  firstConfirmation(stay: CalendarStay): MailFact | null {
    let first: MailFact | null = null;
    for (const mail of this.tellersOf(stay))
      for (const fact of mail.facts)
        if (fact.kind === 'confirmed' && fact.dateTrusted && (first === null || oldestFirst(fact, first) < 0))
          first = fact;
    return first;
  }

  /** The cancellation e-mail that is the newest word on the stay, if one is. */
  cancelledByMail(stay: CalendarStay): MailFact | null {
    return this.tellersOf(stay).find((m) => m.latest.kind === 'cancelled')?.latest ?? null;
  }
}

function groupMail(facts: readonly MailFact[]): MailStay[] {
  const byKey = group([...facts].sort(oldestFirst), stayKeyOf);
  return [...byKey.entries()].map(([key, g]) => ({ key, latest: g.at(-1)!, facts: g }));
}

function group<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) push(groups, key, item);
  }
  return groups;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

const nightsKey = (channel: string, nights: NightRange) => `${channel}:${nights.from}:${nights.to}`;

function oldestFirst(a: MailFact, b: MailFact): number {
  return a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1;
}

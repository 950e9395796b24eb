import type { ConflictKind, ConflictResolution } from '../../contracts/conflicts.js';
import type { NightRange } from './nights.js';

/**
 * What the detection rules see of one property: the stays of its calendars and what its mail
 * said, as plain data (conflict-snapshot.ts loads it). The rules are pure functions of it.
 */

/** One event of one of the property's calendars (a `bookings` row). */
export interface CalendarStay {
  id: string;
  feedId: string;
  /** The calendar as a person knows it: its name, or its channel's. */
  feedName: string;
  /** The feed's platform: the channel whose calendar it is. */
  channel: string;
  icalUid: string;
  nights: NightRange;
  /** `blocked`: nights the host closed (an owner stay, or another channel's stay echoed here). */
  status: 'confirmed' | 'blocked' | 'cancelled';
  code: string | null;
  guestName: string | null;
  summary: string | null;
  /** When the stay took its current dates and status in our copy of the calendar (ISO time). */
  heldSince: string;
  /** The feed stopped listing it though mail confirmed it and no cancellation came: kept, in doubt. */
  vanishedAt: string | null;
}

/** What one e-mail said about a stay of the property: a confirmation or a cancellation. */
export interface MailFact {
  id: string;
  /** The channel that sold the stay (the fact's platform). */
  channel: string;
  kind: 'confirmed' | 'cancelled';
  nights: NightRange | null;
  code: string | null;
  guestName: string | null;
  /** When the mail arrived (Gmail's internal date): the moment the channel sold or cancelled. */
  receivedAt: string;
  /**
   * Whether that moment can be compared with our copy of the calendars: a mail dated after we
   * archived it (a clock off, a date made up) says nothing about what a calendar held before it.
   */
  dateTrusted: boolean;
  matchedBookingId: string | null;
  /** The lines of the mail its dates and code were read from. */
  lines: string[];
}

export interface PropertySnapshot {
  propertyId: string;
  /** Tonight's date: nights before it are past and raise nothing new. */
  today: string;
  /** ISO time the rules measure waits against. */
  now: string;
  /** How long a channel's calendar may keep a stay its mail cancelled before that is a conflict. */
  cancelledStillBlockedHours: number;
  stays: CalendarStay[];
  facts: MailFact[];
}

/** The bookings and facts on one side of a conflict. */
export interface ConflictSide {
  bookingIds: string[];
  factIds: string[];
}

/** One line that shows the conflict: a calendar's event or an e-mail's words. */
export interface EvidenceLine {
  source: 'calendar' | 'mail';
  text: string;
  bookingId?: string;
  factId?: string;
}

/** A conflict the rules find in a snapshot, keyed by its cause. */
export interface DetectedConflict {
  kind: ConflictKind;
  /** What makes it this conflict: one open conflict per cause, found again on every check. */
  cause: string;
  sides: [ConflictSide, ConflictSide];
  nights: NightRange;
  evidence: EvidenceLine[];
}

/** A conflict already stored and not resolved. */
export interface LiveConflict extends DetectedConflict {
  id: string;
  status: 'open' | 'acknowledged';
}

/** What a check writes: conflicts to open, live ones whose picture changed, live ones whose cause is gone. */
export interface ConflictWrites {
  open: DetectedConflict[];
  refresh: { id: string; conflict: DetectedConflict }[];
  resolve: { id: string; kind: ConflictKind; why: ConflictResolution }[];
}

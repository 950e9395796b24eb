import {
  CONFLICT_KINDS,
  CONFLICT_RESOLUTIONS,
  type ConflictKind,
  type ConflictResolution,
} from '../../contracts/conflicts.js';

/** Each kind of conflict as a host names it, and what it means for them. */
export const CONFLICT_KIND_WORDS: Record<ConflictKind, string> = {
  double_booking: 'Double booking',
  mail_overlaps_calendar: 'New booking overlaps the calendar',
  cancelled_still_blocked: 'Cancelled, still blocked',
  vanished_without_cancellation: 'Stay vanished without a cancellation',
  dates_differ: 'Dates differ',
};

export const CONFLICT_KIND_HELP: Record<ConflictKind, string> = {
  double_booking: 'Two channels hold the same nights. One guest has to be moved or one booking cancelled.',
  mail_overlaps_calendar:
    "A channel's e-mail confirmed nights another channel already holds, before the calendars show it. Act now: this becomes a double booking.",
  cancelled_still_blocked:
    "The e-mail says the stay was cancelled, but the channel's calendar still holds the nights, so the other channels cannot sell them.",
  vanished_without_cancellation:
    'The stay left its calendar but no cancellation e-mail came. It is kept until you check: acknowledge it to let the calendar have its way.',
  dates_differ: "The e-mail and the channel's calendar give the stay different dates.",
};

export const isConflictKind = (value: string): value is ConflictKind =>
  (CONFLICT_KINDS as readonly string[]).includes(value);

export const isConflictResolution = (value: string): value is ConflictResolution =>
  (CONFLICT_RESOLUTIONS as readonly string[]).includes(value);

/**
 * What a conflict is, once for every layer: the detection rules (domain/conflicts/), the one writer
 * of `conflicts`, the API's enums, the metric's `kind` label and the web app's words. SQL cannot
 * import it: test/integration/db/conflict-kinds.test.ts reads the CHECK constraints from Postgres
 * and compares. Pure data, like `errors.ts` beside it. docs/conflicts.md says what each one means.
 */

/** Two sources disagree about a property's nights. */
export const CONFLICT_KINDS = [
  'double_booking',
  'mail_overlaps_calendar',
  'cancelled_still_blocked',
  'vanished_without_cancellation',
  'dates_differ',
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** open → acknowledged (a person has seen it) → resolved (its cause went away, by itself). */
export const CONFLICT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

/** Why a conflict resolved itself: what changed so that its cause is gone. */
export const CONFLICT_RESOLUTIONS = [
  'stay_cancelled',
  'dates_changed',
  'calendar_caught_up',
  'back_in_feed',
  'cancellation_mail',
  'nights_passed',
  'gone',
] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * How a listing name seen in mail came to name a property: `match` (an earlier mail of that name
 * matched a stay of one of the property's calendars), `person` (someone confirmed or chose it), or
 * `none` yet (then it may carry a suggestion, which counts for nothing until confirmed).
 */
export const LISTING_NAME_SOURCES = ['none', 'match', 'person'] as const;
export type ListingNameSource = (typeof LISTING_NAME_SOURCES)[number];

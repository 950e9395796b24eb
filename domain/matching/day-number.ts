/**
 * Calendar dates as whole days since 1970-01-01, for the matcher's date arithmetic (score.ts, the
 * candidate index). Dates arrive as Postgres writes `date::text`: `YYYY-MM-DD`.
 *
 * No rounding: midnight UTC of any date is an exact multiple of a day in ECMAScript time (it has no
 * leap seconds, and `Z` leaves no time zone or daylight saving to shift it), so the division is
 * exact, before 1970 too. A string that is not such a date gives NaN, which compares false with
 * everything: the date then bounds nothing, as a missing date would not either.
 */
const DAY_MS = 86_400_000;
const MAX_CACHED = 10_000;

/** Date.parse is the slowest step of a score, and a batch sees the same few hundred dates again and again. */
const days = new Map<string, number>();

export function dayNumber(isoDate: string): number {
  let day = days.get(isoDate);
  if (day === undefined) {
    day = Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
    if (days.size >= MAX_CACHED) days.clear();
    days.set(isoDate, day);
  }
  return day;
}

/** The inverse of dayNumber: `YYYY-MM-DD`. */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

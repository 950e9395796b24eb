/**
 * A stay's nights as a half-open range of ISO days: `from` is the first night (check-in), `to` the
 * morning of check-out, which is no night of the stay. So a check-out and a check-in on the same
 * day do not overlap. ISO `YYYY-MM-DD` strings compare as the days they name.
 */
export interface NightRange {
  from: string;
  to: string;
}

/** The nights two ranges share, or null when they share none. */
export function sharedNights(a: NightRange, b: NightRange): NightRange | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from < to ? { from, to } : null;
}

/** The smallest range holding every one given (at least one). */
export function spanOf(ranges: readonly NightRange[]): NightRange {
  let { from, to } = ranges[0]!;
  for (const r of ranges) {
    if (r.from < from) from = r.from;
    if (r.to > to) to = r.to;
  }
  return { from, to };
}

export function sameNights(a: NightRange | null, b: NightRange | null): boolean {
  return a !== null && b !== null && a.from === b.from && a.to === b.to;
}

/** Whether the range still has a night tonight or later (`today` is tonight's date). */
export function notPast(range: NightRange, today: string): boolean {
  return range.to > today;
}

/** A fact's or a booking's dates as nights; null unless both are known and in order. */
export function nightsOf(checkIn: string | null, checkOut: string | null): NightRange | null {
  return checkIn !== null && checkOut !== null && checkIn < checkOut ? { from: checkIn, to: checkOut } : null;
}

import { MONTH_NAMES } from '../../contracts/month-names.js';
import type { NightRange } from '../../domain/conflicts/nights.js';
import { dayNumber, isoDate } from '../../domain/matching/day-number.js';

/**
 * Where things go on the calendar of a property: months, and in each month every stay as a bar
 * over its nights (one column per night: a check-out and the next check-in sit side by side, never
 * on top of each other). Pure layout, no markup: calendar.tsx draws it.
 */

export interface Month {
  /** `YYYY-MM` */
  key: string;
  title: string;
  /** The first day, and the first day of the next month (half-open, like nights). */
  nights: NightRange;
  days: number;
}

/** `count` months from `YYYY-MM` on. */
export function monthsFrom(start: string, count: number): Month[] {
  const [year, month] = start.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const first = new Date(Date.UTC(year, month - 1 + i, 1));
    const next = new Date(Date.UTC(year, month + i, 1));
    const from = first.toISOString().slice(0, 10);
    const to = next.toISOString().slice(0, 10);
    return {
      key: from.slice(0, 7),
      title: `${MONTH_NAMES[first.getUTCMonth()]} ${first.getUTCFullYear()}`,
      nights: { from, to },
      days: dayNumber(to) - dayNumber(from),
    };
  });
}

/** `YYYY-MM` moved by whole months. */
export function shiftMonth(key: string, months: number): string {
  const [year, month] = key.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 7);
}

/** A `YYYY-MM` a person may ask for (a bad one is ignored, not an error). */
export const isMonthKey = (value: string | undefined): value is string =>
  value !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && value >= '1970-01' && value <= '9999-12';

export interface Placed<T> {
  item: T;
  /** The first column (1 = the month's first night). */
  at: number;
  /** Columns it spans. */
  nights: number;
  /** It began before this month, or goes on after it. */
  before: boolean;
  after: boolean;
}

/**
 * The items with nights in the month, in lanes: items of one lane never share a night, so a
 * calendar that lists a stay and a block over the same nights shows both.
 */
export function lanesIn<T>(
  month: Month,
  items: readonly T[],
  nightsOf: (item: T) => NightRange,
): Placed<T>[][] {
  const start = dayNumber(month.nights.from);
  const end = dayNumber(month.nights.to);
  const placed = items
    .map((item) => ({ item, from: dayNumber(nightsOf(item).from), to: dayNumber(nightsOf(item).to) }))
    .filter((x) => x.from < end && x.to > start && x.to > x.from)
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const lanes: { last: number; bars: Placed<T>[] }[] = [];
  for (const x of placed) {
    const from = Math.max(x.from, start);
    const to = Math.min(x.to, end);
    const bar = {
      item: x.item,
      at: from - start + 1,
      nights: to - from,
      before: x.from < start,
      after: x.to > end,
    };
    const lane = lanes.find((l) => l.last <= from);
    if (lane) {
      lane.bars.push(bar);
      lane.last = to;
    } else lanes.push({ last: to, bars: [bar] });
  }
  return lanes.map((l) => l.bars);
}

/** Day of the month of `today` when it falls in the month, else null. */
export function todayColumn(month: Month, today: string): number | null {
  return today >= month.nights.from && today < month.nights.to
    ? dayNumber(today) - dayNumber(month.nights.from) + 1
    : null;
}

const WEEKDAYS = ['S', 'M', 'T', 'W', 'T', 'F', 'S'];

/** Each day of the month: its number, its weekday's initial, whether it is a Saturday or Sunday. */
export function daysOf(month: Month): { day: number; weekday: string; weekend: boolean; iso: string }[] {
  const first = dayNumber(month.nights.from);
  return Array.from({ length: month.days }, (_, i) => {
    const iso = isoDate(first + i);
    const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
    return { day: i + 1, weekday: WEEKDAYS[weekday]!, weekend: weekday === 0 || weekday === 6, iso };
  });
}

import { describe, expect, it } from 'vitest';
import { dayNumber, isoDate } from '../../../domain/matching/day-number.js';

/** Every date of the years fromYear..toYear, spelled out from the calendar rules (not through Date). */
function calendar(fromYear: number, toYear: number): string[] {
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const lengths = (y: number) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const dates: string[] = [];
  for (let y = fromYear; y <= toYear; y++)
    lengths(y).forEach((days, m) => {
      for (let d = 1; d <= days; d++) dates.push(`${pad(y, 4)}-${pad(m + 1)}-${pad(d)}`);
    });
  return dates;
}

describe('dayNumber: whole days since 1970-01-01, no rounding needed', () => {
  it('counts from the epoch, before it too', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2026-07-10')).toBe(20644);
  });

  it('gives every date of 1900–2100 an integer one more than the day before, and reads back', () => {
    const dates = calendar(1900, 2100);
    const days = dates.map(dayNumber);
    expect(days.every(Number.isInteger)).toBe(true);
    expect(days.slice(1).every((day, i) => day === days[i]! + 1)).toBe(true);
    expect(days.map(isoDate)).toEqual(dates);
  });

  it('knows leap days: 2000 had one, 1900 and 2100 did not', () => {
    expect(dayNumber('2000-03-01') - dayNumber('2000-02-28')).toBe(2);
    expect(dayNumber('1900-03-01') - dayNumber('1900-02-28')).toBe(1);
    expect(dayNumber('2100-03-01') - dayNumber('2100-02-28')).toBe(1);
  });

  it('is NaN for what is not a date, so the date bounds nothing', () => {
    expect(dayNumber('not a date')).toBeNaN();
    expect(dayNumber('')).toBeNaN();
  });
});

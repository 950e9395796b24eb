import { describe, expect, it } from 'vitest';
import { graceSeconds, type TimelinessRow, timelinessOf } from '../../../domain/connection-timeliness.js';

const NOW = new Date('2026-12-02T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

const row = (over: Partial<TimelinessRow> = {}): TimelinessRow => ({
  gmail_status: 'connected',
  sync_state: 'active',
  sync_interval_minutes: 15,
  last_sync_at: minutesAgo(5),
  last_error_at: null,
  created_at: minutesAgo(600),
  ...over,
});

describe('timelinessOf', () => {
  it.each([
    ['synced within its interval', row(), 'onTime', 0],
    ['past its interval, within the grace', row({ last_sync_at: minutesAgo(16) }), 'onTime', 60],
    ['past its interval and the grace', row({ last_sync_at: minutesAgo(60) }), 'delayed', 45 * 60],
    [
      'never synced, counted from creation',
      row({ last_sync_at: null, created_at: minutesAgo(30) }),
      'delayed',
      15 * 60,
    ],
    ['Gmail access revoked', row({ gmail_status: 'error' }), 'failing', 0],
    ['latest run failed after the last success', row({ last_error_at: minutesAgo(1) }), 'failing', 0],
    ['an old failure, succeeded since', row({ last_error_at: minutesAgo(10) }), 'onTime', 0],
    [
      'paused: nothing is due, however old',
      row({ sync_state: 'paused', last_sync_at: minutesAgo(9999) }),
      'onTime',
      0,
    ],
    ['disconnected', row({ gmail_status: 'revoked', last_sync_at: minutesAgo(9999) }), 'onTime', 0],
    ['never connected', row({ gmail_status: 'pending', last_sync_at: null }), 'onTime', 0],
    [
      'failing wins over delayed',
      row({ gmail_status: 'error', last_sync_at: minutesAgo(600) }),
      'failing',
      585 * 60,
    ],
  ] as const)('%s → %s', (_what, r, timeliness, lagSeconds) => {
    expect(timelinessOf(r, NOW)).toEqual({ timeliness, lagSeconds });
  });

  it('grants at least two minutes, a quarter of long intervals', () => {
    expect(graceSeconds(1)).toBe(120);
    expect(graceSeconds(60)).toBe(900);
  });
});

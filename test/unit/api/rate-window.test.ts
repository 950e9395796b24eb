import { describe, expect, it } from 'vitest';
import { RateWindow } from '../../../api/rate-window.js';

describe('RateWindow', () => {
  it('lets `limit` events per key through a sliding window and says how long to wait', () => {
    const clock = { now: 0 };
    const w = new RateWindow(2, 60_000, () => clock.now);
    expect(w.take('a')).toBeNull();
    clock.now = 10_000;
    expect(w.take('a')).toBeNull();
    expect(w.take('a')).toBe(50);
    expect(w.take('b')).toBeNull();
    clock.now = 60_001;
    expect(w.take('a')).toBeNull();
    expect(w.retryAfter('a')).toBe(10);
  });

  it('forgets the least recently seen key once it holds maxKeys', () => {
    const w = new RateWindow(1, 60_000, () => 0, 2);
    w.record('a');
    w.record('b');
    w.record('c');
    expect(w.retryAfter('a')).toBeNull();
    expect(w.retryAfter('c')).toBe(60);
  });
});

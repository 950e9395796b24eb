import { describe, expect, it } from 'vitest';
import { type DropShape, holdReason } from '../../../activities/ical/drop-rule.js';

describe('holdReason', () => {
  it.each<[DropShape, boolean]>([
    [{ futureStays: 0, dropped: 0, events: 0 }, false],
    [{ futureStays: 1, dropped: 1, events: 0 }, true],
    [{ futureStays: 1, dropped: 1, events: 4 }, false],
    [{ futureStays: 2, dropped: 2, events: 1 }, true],
    [{ futureStays: 3, dropped: 2, events: 5 }, true],
    [{ futureStays: 4, dropped: 2, events: 5 }, false],
    [{ futureStays: 40, dropped: 1, events: 39 }, false],
    [{ futureStays: 40, dropped: 21, events: 19 }, true],
  ])('%j → held: %s', (shape, held) => {
    expect(holdReason(shape) !== null).toBe(held);
  });
});

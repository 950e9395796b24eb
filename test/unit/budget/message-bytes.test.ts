import { describe, expect, it } from 'vitest';
import { MessageBytes, messageBytesFor } from '../../../activities/archive/message-bytes.js';
import { withinBytes } from '../../../activities/extract/extract-messages.js';

const KB = 1024;

/** A budget of 4 small holds of 100 KB beside a large lane of 1,000 KB. */
const budget = () => new MessageBytes({ capacity: 1_400 * KB, smallBytes: 100 * KB, largeBytes: 1_000 * KB });

/** Whether the promise has settled after the microtasks queued now have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('MessageBytes, the worker budget of mail bytes', () => {
  it('gives holds only while their bytes fit, and the next one when a hold is released', async () => {
    const bytes = budget();
    const holds = await Promise.all([bytes.hold(), bytes.hold(), bytes.hold(), bytes.hold()]);
    const fifth = bytes.hold();
    expect(await settled(fifth)).toBe(false);
    expect(bytes.pressed).toBe(true);
    holds[0]!.release();
    expect(await settled(fifth)).toBe(true);
    expect(bytes.held).toBe(400 * KB);
    expect(bytes.peak).toBe(400 * KB);
  });

  it('lets one message at a time grow past its small hold, through the large lane', async () => {
    const bytes = budget();
    const first = await bytes.hold();
    const second = await bytes.hold();
    await first.need(900 * KB);
    expect(bytes.held).toBe(1_000 * KB);
    const growing = second.need(500 * KB);
    expect(await settled(growing)).toBe(false);
    first.release();
    expect(await settled(growing)).toBe(true);
    expect(bytes.held).toBe(500 * KB);
    expect(bytes.peak).toBeLessThanOrEqual(1_400 * KB);
  });

  it('gives the lane back when a message settles within its small hold, and its spare bytes', async () => {
    const bytes = budget();
    const a = await bytes.hold();
    const b = await bytes.hold();
    await a.need(800 * KB);
    a.settle(30 * KB);
    expect(bytes.held).toBe(130 * KB);
    await b.need(600 * KB); // the lane is free again: this does not wait
    expect(bytes.held).toBe(630 * KB);
    a.release();
    a.release(); // once written, or on a failure: whichever comes first, only once
    b.release();
    expect(bytes.held).toBe(0);
  });

  it('tells the page writers whenever someone starts to wait, until they stop listening', async () => {
    const bytes = budget();
    let told = 0;
    const stop = bytes.onPressed(() => {
      told += 1;
    });
    const holds = await Promise.all([1, 2, 3, 4].map(() => bytes.hold()));
    expect(told).toBe(0);
    const waiting = bytes.hold();
    expect(told).toBe(1);
    stop();
    const more = bytes.hold();
    expect(told).toBe(1);
    for (const hold of holds) hold.release();
    await Promise.all([waiting, more]);
  });

  it('refuses a budget too small for the largest message the size cap lets through', () => {
    expect(() => messageBytesFor({ bytesInFlight: 8 * KB * KB, maxMessageBytes: 10 * KB * KB })).toThrow(
      /MAIL_BYTES_IN_FLIGHT must be at least/,
    );
  });
});

describe('withinBytes, the archive read cut by bytes', () => {
  const rows = [
    { id: 1, bytes: 400 },
    { id: 2, bytes: '300' },
    { id: 3, bytes: 400 },
    { id: 4, bytes: 10 },
  ];

  it('keeps the leading rows whose bytes add up to the cap, stopping at the first that does not fit', () => {
    expect(withinBytes(rows, 700)).toEqual([1, 2]);
    expect(withinBytes(rows, 10_000)).toEqual([1, 2, 3, 4]);
  });

  it('always keeps the first row, however large, so every batch moves on', () => {
    expect(withinBytes(rows, 100)).toEqual([1]);
    expect(withinBytes([], 100)).toEqual([]);
  });
});

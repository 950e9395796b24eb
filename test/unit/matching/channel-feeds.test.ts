import { describe, expect, it } from 'vitest';
import { CONNECTION_PLATFORMS, FACT_PLATFORMS } from '../../../contracts/platforms.js';
import { channelFeedPairs, FEEDS_OF_CHANNEL, feedCarries } from '../../../domain/matching/channel-feeds.js';

describe('which feeds carry a channel’s stays', () => {
  it('names every fact platform, each with at least a PMS calendar', () => {
    expect(Object.keys(FEEDS_OF_CHANNEL).sort()).toEqual([...FACT_PLATFORMS].sort());
    for (const channel of FACT_PLATFORMS) expect(feedCarries('pms', channel)).toBe(true);
  });

  it('a channel with a feed of its own: that feed and a PMS’s, never another channel’s', () => {
    expect(CONNECTION_PLATFORMS.filter((feed) => feedCarries(feed, 'airbnb'))).toEqual(['airbnb', 'pms']);
    expect(CONNECTION_PLATFORMS.filter((feed) => feedCarries(feed, 'booking'))).toEqual(['booking', 'pms']);
    expect(CONNECTION_PLATFORMS.filter((feed) => feedCarries(feed, 'expedia'))).toEqual(['pms']);
  });

  it('direct, other and the old pms: any feed', () => {
    for (const channel of ['direct', 'other', 'pms'] as const)
      expect(CONNECTION_PLATFORMS.filter((feed) => feedCarries(feed, channel))).toEqual([
        ...CONNECTION_PLATFORMS,
      ]);
  });

  it('the SQL pairs are the table, pair for pair', () => {
    const { channels, feeds } = channelFeedPairs();
    expect(channels).toHaveLength(feeds.length);
    const pairs = new Set(channels.map((c, i) => `${c}→${feeds[i]}`));
    const expected = FACT_PLATFORMS.flatMap((c) => FEEDS_OF_CHANNEL[c].map((f) => `${c}→${f}`));
    expect([...pairs].sort()).toEqual(expected.sort());
  });
});

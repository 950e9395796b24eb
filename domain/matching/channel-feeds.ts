import {
  CONNECTION_PLATFORMS,
  type ConnectionPlatform,
  type FactPlatform,
} from '../../contracts/platforms.js';

/**
 * Which feeds may carry the stay a fact's channel sold, so that its dates alone can find it. A code
 * is an identity and is looked for in every feed of the workspace; dates are not, so they are only
 * compared with the calendars that can hold the channel's stays:
 * - a channel with a feed of its own: that feed, and a PMS's (a PMS calendar carries every channel);
 * - Expedia, Agoda: no feed platform of their own, so a PMS's calendar only;
 * - `direct`, `other` (the mail names no channel) and `pms` (facts stored before channels): any feed.
 * One table for the matcher (rank.ts) and the requeue after a feed import (activities/match/rematch.ts).
 */
const ANY_FEED: readonly ConnectionPlatform[] = CONNECTION_PLATFORMS;

export const FEEDS_OF_CHANNEL: Readonly<Record<FactPlatform, readonly ConnectionPlatform[]>> = {
  airbnb: ['airbnb', 'pms'],
  vrbo: ['vrbo', 'pms'],
  booking: ['booking', 'pms'],
  expedia: ['pms'],
  agoda: ['pms'],
  direct: ANY_FEED,
  other: ANY_FEED,
  pms: ANY_FEED,
};

/** Whether a feed of `feed`'s platform can hold a stay the fact's channel sold. */
export function feedCarries(feed: ConnectionPlatform, channel: FactPlatform): boolean {
  return FEEDS_OF_CHANNEL[channel].includes(feed);
}

/** The table as (channel, feed) pairs, for SQL (`unnest` of two arrays). */
export function channelFeedPairs(): { channels: string[]; feeds: string[] } {
  const pairs = Object.entries(FEEDS_OF_CHANNEL).flatMap(([channel, feeds]) =>
    feeds.map((feed) => [channel, feed] as const),
  );
  return { channels: pairs.map(([c]) => c), feeds: pairs.map(([, f]) => f) };
}

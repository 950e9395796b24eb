/**
 * Who a connection reads and which channel a fact names, once for every layer: the extractor's
 * `Fact.platform`, the API's `Platform` schema, the matcher and the benchmark's generated mail.
 * Pure data, like `errors.ts` beside it.
 *
 * Two lists, one module: a *connection* (and a feed) is one of the systems a host connects
 * (`airbnb`, `vrbo`, `booking`, or a PMS); a *channel* is who sold a stay, which a relayed mail can
 * name beyond those (`expedia`, `agoda`, a `direct` booking, `other` when the mail names none).
 */
export const CONNECTION_PLATFORMS = ['airbnb', 'vrbo', 'booking', 'pms'] as const;
export type ConnectionPlatform = (typeof CONNECTION_PLATFORMS)[number];

/** Who sold the stay: what the extractor writes in `Fact.platform`. Exchanges are not bookings. */
export const CHANNELS = ['airbnb', 'vrbo', 'booking', 'expedia', 'agoda', 'direct', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * What a stored fact's platform may hold: a channel, or `pms` in facts extracted before channels
 * existed (a PMS relay that named none). Read, never written by today's extractor.
 */
export const FACT_PLATFORMS = [...CHANNELS, 'pms'] as const;
export type FactPlatform = (typeof FACT_PLATFORMS)[number];

/** The connection and feed platforms, under their historical name (the API's `Platform` schema). */
export const PLATFORMS = CONNECTION_PLATFORMS;
export type Platform = ConnectionPlatform;

const CHANNEL_SET = new Set<string>(CHANNELS);
export function isChannel(value: string): value is Channel {
  return CHANNEL_SET.has(value);
}

/**
 * Who a connection reads and which channel a fact names, once for every layer: the extractor's
 * `Fact.platform`, the API's `Platform` schema, the matcher and the benchmark's generated mail.
 * Pure data, like `errors.ts` beside it.
 */
export const PLATFORMS = ['airbnb', 'vrbo', 'booking', 'pms'] as const;

export type Platform = (typeof PLATFORMS)[number];

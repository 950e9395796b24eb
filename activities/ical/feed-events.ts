import { type FeedEvent, parseFeed } from './parse-feed.js';

/** Why an import did not take the whole feed; stored with its counts (`ical_feeds.last_counts.flags`). */
export const FEED_IMPORT_FLAGS = ['too_many_events'] as const;
export type FeedImportFlag = (typeof FEED_IMPORT_FLAGS)[number];

/** What an import takes from a feed's text: its events, at most `maxEvents`, and what it left. */
export interface FeedReading {
  /** The events to apply: one per UID (the first wins), at most `maxEvents`. */
  events: FeedEvent[];
  /** Events in the feed, well-formed or not. */
  fetched: number;
  /** Malformed events and repeated UIDs. */
  skipped: number;
  /** Well-formed events over `maxEvents`, not applied. */
  refused: number;
  /** Of the refused, those that have not ended: with any, the feed's picture of the future is partial. */
  refusedCurrent: number;
  flags: FeedImportFlag[];
}

export interface FeedLimits {
  /** `FEED_MAX_EVENTS`: events one import applies at most. */
  maxEvents: number;
  /** `YYYY-MM-DD`: stays ending before it have ended. */
  today: string;
}

/**
 * Parses a feed and keeps what one import may apply. Over the cap, the stays that matter most are
 * kept: those not ended yet, nearest first, then ended ones, latest first. Pure and synchronous:
 * the worker runs it on a thread of its own (feed-tasks.ts), since a 5 MB feed takes seconds.
 */
export function readFeed(text: string, limits: FeedLimits): FeedReading {
  const parsed = parseFeed(text);
  const unique = firstPerUid(parsed.events);
  const ordered = [
    ...unique.filter((e) => e.checkOut >= limits.today).sort((a, b) => cmp(a.checkIn, b.checkIn)),
    ...unique.filter((e) => e.checkOut < limits.today).sort((a, b) => cmp(b.checkOut, a.checkOut)),
  ];
  const events = ordered.slice(0, limits.maxEvents);
  const refused = ordered.slice(limits.maxEvents);
  return {
    events,
    fetched: parsed.events.length + parsed.skipped,
    skipped: parsed.skipped + parsed.events.length - unique.length,
    refused: refused.length,
    refusedCurrent: refused.filter((e) => e.checkOut >= limits.today).length,
    flags: refused.length > 0 ? ['too_many_events'] : [],
  };
}

/** Reads a feed's text; the worker's runs on a thread under a time budget (feed-reader.ts). */
export type FeedReader = (text: string, limits: FeedLimits, feedId?: string) => Promise<FeedReading>;

/** On the calling thread: for tests and tools, never the worker. */
export const readFeedHere: FeedReader = async (text, limits) => readFeed(text, limits);

function firstPerUid(events: readonly FeedEvent[]): FeedEvent[] {
  const byUid = new Map<string, FeedEvent>();
  for (const event of events) if (!byUid.has(event.uid)) byUid.set(event.uid, event);
  return [...byUid.values()];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

import { CODE } from '../../contracts/errors.js';
import { MessagePool } from '../extract/budget/message-pool.js';
import type { FeedReader, FeedReading } from './feed-events.js';
import type { FeedTask } from './feed-tasks.js';
import { FeedFetchError } from './fetch-feed.js';

const FEED_TASKS = new URL('./feed-tasks.ts', import.meta.url);

/**
 * Feeds are read off the event loop: ical.js takes about 3 s for a 5 MB feed of tiny events, and
 * the worker's event loop also runs every other tenant's activities and heartbeats. One thread, the
 * message pool's machinery (a fresh thread if one is killed); a read over `budgetMs` is refused as
 * FEED_TOO_LARGE. Feeds share the thread fairly, keyed by feed.
 */
export function threadFeedReader(options: { budgetMs: number }): {
  read: FeedReader;
  close(): Promise<void>;
} {
  const pool = new MessagePool({
    threads: 1,
    budget: { ms: options.budgetMs, bytes: 0, maxMessageBytes: 0 },
    tasks: FEED_TASKS,
  });
  return {
    async read(text, limits, feedId) {
      const task: FeedTask = { text, limits };
      const outcome = await pool.run<FeedReading>(task, { key: feedId });
      if (!outcome.done) throw new FeedFetchError(CODE.FEED_TOO_LARGE);
      return outcome.value;
    },
    close: () => pool.close(),
  };
}

import type { Logger } from '../config/logger.js';
import type { Sql } from '../db/client.js';
import type { GmailSettings } from '../gmail/client.js';
import type { QuotaBuckets } from '../gmail/quota.js';
import type { WorkerMetrics } from '../metrics/worker-metrics.js';
import type { TokenCipher } from '../security/token-cipher.js';
import type { MessagePool } from './extract/budget/message-pool.js';
import type { FeedReader } from './ical/feed-events.js';

/** Everything activities need from the outside world; built once per worker (worker.ts). */
export interface ActivityDeps {
  sql: Sql;
  cipher: TokenCipher;
  gmailSettings: GmailSettings;
  quota: QuotaBuckets;
  log: Logger;
  /** How many `messages.get` calls one archive activity keeps in flight. */
  archiveConcurrency: number;
  /** Parses and extracts each message off the event loop, under its budget. */
  messagePool: MessagePool;
  /** `host:port` keys of the internal feed servers an import may reach (`FEED_ALLOW_PRIVATE_HOSTS`). */
  feedAllowPrivateHosts: readonly string[];
  /**
   * Fetch feeds only from the allow-listed hosts, refusing every other name before it is looked up
   * (`FEED_ONLY_ALLOWED_HOSTS`): tests and the conformance run, whose generated URLs must never
   * leave the machine.
   */
  feedOnlyAllowedHosts: boolean;
  /** Reads a feed's text off the event loop, under a time budget (ical/feed-reader.ts). */
  feedReader: FeedReader;
  /** `FEED_MAX_EVENTS`: events one import applies at most; the rest are refused and flagged. */
  feedMaxEvents: number;
  /** The worker's Prometheus registry: runs and Gmail calls are counted where they are recorded. */
  metrics: WorkerMetrics;
}

import type { PushWatchSettings } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import type { Sql } from '../db/client.js';
import type { ConflictSettings } from '../domain/conflicts/conflict-writes.js';
import type { WebhookSettings } from '../domain/webhooks/webhook-settings.js';
import type { GmailSettings } from '../gmail/client.js';
import type { QuotaBuckets } from '../gmail/quota.js';
import type { WorkerMetrics } from '../metrics/worker-metrics.js';
import type { OutboundPolicy } from '../outbound/address-rules.js';
import type { TokenCipher } from '../security/token-cipher.js';
import type { MessageBytes } from './archive/message-bytes.js';
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
  /** `ARCHIVE_READ_BATCH_BYTES`: bodies one read of the archive (extract, reprocess) holds at most. */
  archiveReadBytes: number;
  /** Mail bytes the worker holds at once, across every page (archive/message-bytes.ts). */
  messageBytes: MessageBytes;
  /** Parses and extracts each message off the event loop, under its budget. */
  messagePool: MessagePool;
  /**
   * Where feeds and webhooks may go (`OUTBOUND_ALLOW_PRIVATE_HOSTS`, `OUTBOUND_ONLY_ALLOWED_HOSTS`):
   * the internal `host:port`s allowed, and whether every other host is refused before it is looked
   * up (tests and the conformance run, whose generated URLs must never leave the machine).
   */
  outbound: OutboundPolicy;
  /** How webhook deliveries are made: the retry schedule, the failures that disable, the timeout. */
  webhooks: WebhookSettings;
  /** Reads a feed's text off the event loop, under a time budget (ical/feed-reader.ts). */
  feedReader: FeedReader;
  /** `FEED_MAX_EVENTS`: events one import applies at most; the rest are refused and flagged. */
  feedMaxEvents: number;
  /** The conflict rules' settings (CONFLICT_CANCELLED_STILL_BLOCKED_HOURS). */
  conflicts: ConflictSettings;
  /** The worker's Prometheus registry: runs and Gmail calls are counted where they are recorded. */
  metrics: WorkerMetrics;
  /** The push topic each connection watches its label on (`GMAIL_PUSH_TOPIC`); null: no push. */
  push: PushWatchSettings | null;
}

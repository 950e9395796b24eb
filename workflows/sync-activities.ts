import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { NON_RETRYABLE_CODES } from '../contracts/errors.js';

/** The sync's activities, by the kind of work they do. */

// Gmail calls: rate limits carry their own delay (nextRetryDelay); the rest back off exponentially.
export const gmail = proxyActivities<Activities>({
  // a flaky Gmail is retried for a quarter of an hour, however many attempts that takes
  scheduleToCloseTimeout: '15 minutes',
  startToCloseTimeout: '5 minutes',
  // short, so a crashed worker's page is handed to another worker within seconds
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
});

// Postgres-only steps (the run's row, the last page's enrichment): short, and run inside the
// workflow task so they cost no extra history.
export const db = proxyLocalActivities<Activities>({
  // enrichConnection answers within ~20 s plus one batch
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '10 seconds',
    maximumAttempts: 8,
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
});

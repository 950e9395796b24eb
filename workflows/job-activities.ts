import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/** The activities of the feed and reprocess workflows, as sync-activities.ts holds the sync's. */

// A calendar host that is down now is likely down for minutes: few attempts, far apart; a failed
// import waits for the feed's next round anyway.
export const feeds = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 },
});

// Postgres-only steps over the archive: a failure is a blip, retried soon and often.
export const reprocessing = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

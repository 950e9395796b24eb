import { continueAsNew, isCancellation, log, setCurrentDetails, sleep } from '@temporalio/workflow';
import type { IcalFeedInput } from '../contracts/workflows.js';
import { feeds } from './job-activities.js';

/** Imports a feed at once, then every interval; a failed import waits for the next one. */
export async function icalFeedWorkflow(input: IcalFeedInput): Promise<void> {
  // a bounded number of rounds per execution keeps history small without asking the server
  for (let round = 0; round < 100; round++) {
    try {
      const counts = await feeds.importFeed({ feedId: input.feedId });
      setCurrentDetails(`last import: ${JSON.stringify(counts)}`);
    } catch (err) {
      if (isCancellation(err)) throw err;
      // the activity's failures name the feed id and a code, never the URL (a secret)
      log.warn('feed import failed', {
        feedId: input.feedId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    await sleep(input.intervalMinutes * 60_000);
  }
  await continueAsNew<typeof icalFeedWorkflow>(input);
}

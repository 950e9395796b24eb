import { setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import {
  type ReprocessInput,
  type ReprocessResult,
  reprocessRunKey,
  ZERO_COUNTS,
} from '../contracts/workflows.js';
import { enrichAll } from './enrich-all.js';
import { reprocessing } from './job-activities.js';

/**
 * Re-extracts and re-matches a connection's whole archive with the current extractor, without
 * asking Gmail: the archive is the tape of truth. Recorded as a sync run with trigger `reprocess`.
 */
export async function reprocessWorkflow(input: ReprocessInput): Promise<ReprocessResult> {
  const run = await reprocessing.startSyncRun({
    connectionId: input.connectionId,
    // the workflow id repeats for every reprocess of the connection; its runs are each their own row
    workflowId: reprocessRunKey(workflowInfo().workflowId, workflowInfo().runId),
    trigger: 'reprocess',
  });
  const totals = { ...ZERO_COUNTS };
  let factsChanged = 0;
  for (let afterId = 0; ; ) {
    const batch = await reprocessing.reextractMessages({
      connectionId: input.connectionId,
      afterId,
      limit: 500,
    });
    totals.emailsScanned += batch.messages;
    totals.factsExtracted += batch.factsExtracted;
    factsChanged += batch.factsChanged;
    if (batch.lastId === null) break;
    afterId = batch.lastId;
    setCurrentDetails(`re-extracted ${totals.emailsScanned} archived messages`);
  }
  // the facts re-extraction changed went back to pending: match them and open their review items
  await enrichAll(reprocessing.enrichConnection, input.connectionId, totals);
  await reprocessing.finishSyncRun({ runId: run.runId, status: 'completed', totals, mode: 'full' });
  setCurrentDetails(
    `**completed** — ${totals.emailsScanned} messages re-extracted, ${factsChanged} facts changed, ${totals.bookingsEnriched} bookings enriched, ${totals.reviewItemsCreated} review items`,
  );
  return { ...totals, factsChanged };
}

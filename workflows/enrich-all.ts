import type { EnrichInput, EnrichResult } from '../activities/enrich/enrich-connection.js';
import { addRunCounts, type RunCounts } from '../contracts/workflows.js';

/**
 * Enriches the connection until nothing is left: each call stops at its deadline and answers `more`.
 * The sync runs it after its last page, reprocess after re-extracting; `enrich` is the activity as
 * the caller's proxy schedules it (the benchmark's direct path passes the function itself).
 */
export async function enrichAll(
  enrich: (input: EnrichInput) => Promise<EnrichResult>,
  connectionId: string,
  totals: RunCounts,
): Promise<void> {
  for (let more = true; more; ) {
    const enriched = await enrich({ connectionId });
    addRunCounts(totals, enriched.counts);
    more = enriched.more;
  }
}

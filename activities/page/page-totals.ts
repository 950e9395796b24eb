import type { RunCounts } from '../../contracts/workflows.js';
import type { ArchivedLabelPage } from './archive-label-page.js';
import type { EnrichPageResult } from './enrich-page.js';

/**
 * How a one-step page changes the run's totals, and whether the next call must enrich: pure, so the
 * sync workflow and the benchmark's direct loop count the same way.
 */
export function addArchivedPage(totals: RunCounts, page: ArchivedLabelPage): void {
  totals.emailsScanned += page.scanned;
  totals.emailsArchived += page.archived;
  totals.duplicatesSkipped += page.duplicates;
  totals.factsExtracted += page.factsExtracted;
}

export function addEnriched(totals: RunCounts, enriched: EnrichPageResult): void {
  totals.factsExtracted += enriched.factsExtracted;
  totals.bookingsEnriched += enriched.bookingsEnriched;
  totals.reviewItemsCreated += enriched.reviewItemsCreated;
}

/** Mail archived and not yet enriched after this page: new mail, or what its enrichment left. */
export function enrichmentPending(page: ArchivedLabelPage, wasPending: boolean): boolean {
  return page.archived > 0 || (wasPending && (page.enriched?.more ?? true));
}

import type { Client } from '@temporalio/client';
import { type ConnectionStatus, connectionWorkflowId, statusQuery } from '../../contracts/workflows.js';
import type { Sql } from '../../db/client.js';

export interface ExpectedRun {
  status: 'completed' | 'failed' | 'cancelled';
  trigger?: 'schedule' | 'manual' | 'resume' | 'initial' | 'reconcile';
  mode?: 'incremental' | 'full';
  errorCode?: string;
}

export interface Expectations {
  connectionId: string;
  workspaceId: string;
  /** Every Gmail id delivered to the label: the archive must hold exactly these, once each. */
  delivered: string[];
  /** Facts each message yields (the drills' confirmations: 1). */
  factsPerMessage: number;
  /** Bookings in the workspace before the sync: e-mails only ever UPDATE them. */
  bookingsBefore: number;
  /** Facts that must have enriched a booking (code match), and facts left for a person. */
  enriched: number;
  review: number;
  /** `sync_runs` of the connection, oldest first. */
  runs: ExpectedRun[];
  /** The connection workflow's state once all is over (default: idle). */
  state?: ConnectionStatus['state'];
}

export interface InvariantReport {
  violations: string[];
  archived: number;
  duplicates: number;
  facts: number;
  reviewItems: number;
  enrichedBookings: number;
  runs: string;
  /** What the runs' rows say they archived and skipped, summed (never more than delivered). */
  runCounts: string;
  workflow: string;
}

/**
 * The one check every drill ends with: nothing lost, nothing doubled, bookings consistent, the runs
 * on record with the right status, and the connection workflow still alive and answering.
 * Returns the violations (empty: all held) rather than throwing, so the bench can tabulate them.
 */
export async function checkInvariants(sql: Sql, client: Client, exp: Expectations): Promise<InvariantReport> {
  const violations: string[] = [];
  const fail = (msg: string) => violations.push(msg);
  const cid = exp.connectionId;

  // 1. the archive: each delivered message exactly once, nothing else
  const archive = await sql<{ gmail_message_id: string; n: number; unprocessed: number }[]>`
    SELECT gmail_message_id, count(*)::int AS n, count(*) FILTER (WHERE processed_at IS NULL)::int AS unprocessed
    FROM gmail_messages WHERE connection_id = ${cid} GROUP BY 1`;
  const doubled = archive.filter((r) => r.n > 1);
  if (doubled.length) fail(`${doubled.length} message(s) archived more than once`);
  const archivedIds = new Set(archive.map((r) => r.gmail_message_id));
  const missing = exp.delivered.filter((id) => !archivedIds.has(id));
  const extra = [...archivedIds].filter((id) => !exp.delivered.includes(id));
  if (missing.length) fail(`${missing.length} delivered message(s) not archived`);
  if (extra.length) fail(`${extra.length} archived message(s) never delivered`);
  const unprocessed = archive.reduce((s, r) => s + r.unprocessed, 0);
  if (unprocessed) fail(`${unprocessed} archived message(s) never extracted`);

  // 2. facts: the expected number, one per (message, ordinal), every message accounted for
  const [facts] = await sql<{ total: number; keys: number; messages: number }[]>`
    SELECT count(*)::int AS total, count(DISTINCT (message_id, ordinal))::int AS keys,
           count(DISTINCT message_id)::int AS messages
    FROM reservation_facts WHERE connection_id = ${cid}`;
  const expectedFacts = exp.delivered.length * exp.factsPerMessage;
  if (facts!.total !== facts!.keys)
    fail(`facts doubled: ${facts!.total} rows for ${facts!.keys} (message, ordinal)`);
  if (facts!.total !== expectedFacts) fail(`facts: ${facts!.total}, expected ${expectedFacts}`);
  if (exp.factsPerMessage > 0 && facts!.messages !== exp.delivered.length)
    fail(`facts cover ${facts!.messages} message(s), expected ${exp.delivered.length}`);
  const pending =
    await sql`SELECT 1 FROM reservation_facts WHERE connection_id = ${cid} AND match_status = 'pending'`;
  if (pending.length) fail(`${pending.length} fact(s) never matched`);

  // 3. review items: exactly one per fact left for review, none for any other fact
  const [review] = await sql<{ items: number; distinct_facts: number; wrong: number; orphans: number }[]>`
    SELECT count(*)::int AS items, count(DISTINCT fact_id)::int AS distinct_facts,
           count(*) FILTER (WHERE f.match_status <> 'review')::int AS wrong,
           (SELECT count(*)::int FROM reservation_facts f2 WHERE f2.connection_id = ${cid} AND f2.match_status = 'review'
              AND NOT EXISTS (SELECT 1 FROM enrichment_review_items i2 WHERE i2.fact_id = f2.id)) AS orphans
    FROM enrichment_review_items i JOIN reservation_facts f ON f.id = i.fact_id
    WHERE i.connection_id = ${cid}`;
  if (review!.items !== review!.distinct_facts)
    fail(`review items doubled: ${review!.items} for ${review!.distinct_facts} fact(s)`);
  if (review!.wrong) fail(`${review!.wrong} review item(s) for facts not in review`);
  if (review!.orphans) fail(`${review!.orphans} fact(s) in review without a review item`);
  if (review!.items !== exp.review) fail(`review items: ${review!.items}, expected ${exp.review}`);

  // 4. bookings: none created, each enrichment pointing at a live fact of this workspace
  const [bookings] = await sql<{ total: number; enriched: number; dangling: number; foreign: number }[]>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE b.raw_data ? 'fact_id')::int AS enriched,
           count(*) FILTER (WHERE b.raw_data ? 'fact_id' AND f.id IS NULL)::int AS dangling,
           count(*) FILTER (WHERE f.id IS NOT NULL AND f.workspace_id <> b.workspace_id)::int AS foreign
    FROM bookings b LEFT JOIN reservation_facts f ON f.id::text = b.raw_data->>'fact_id'
    WHERE b.workspace_id = ${exp.workspaceId}`;
  if (bookings!.total !== exp.bookingsBefore)
    fail(`bookings: ${bookings!.total}, expected ${exp.bookingsBefore} (a sync must never insert one)`);
  if (bookings!.dangling) fail(`${bookings!.dangling} enriched booking(s) point at no fact`);
  if (bookings!.foreign) fail(`${bookings!.foreign} booking(s) enriched from another workspace's fact`);
  const [matched] = await sql<{ n: number; inconsistent: number }[]>`
    SELECT count(*)::int AS n,
           count(*) FILTER (WHERE b.id IS NULL OR b.raw_data->>'fact_id' IS DISTINCT FROM f.id::text)::int AS inconsistent
    FROM reservation_facts f LEFT JOIN bookings b ON b.id = f.matched_booking_id
    WHERE f.connection_id = ${cid} AND f.match_status = 'matched'`;
  if (matched!.n !== exp.enriched) fail(`matched facts: ${matched!.n}, expected ${exp.enriched}`);
  if (bookings!.enriched !== exp.enriched)
    fail(`enriched bookings: ${bookings!.enriched}, expected ${exp.enriched}`);
  if (matched!.inconsistent)
    fail(`${matched!.inconsistent} matched fact(s) whose booking does not name them`);

  // 5. runs on record, oldest first, with the right status; none left running; counts never doubled
  const runs = await sql<
    {
      trigger: string;
      mode: string;
      status: string;
      error_code: string | null;
      finished_at: Date | null;
      emails_archived: number;
      duplicates_skipped: number;
      facts_extracted: number;
    }[]
  >`SELECT trigger, mode, status, error_code, finished_at, emails_archived, duplicates_skipped, facts_extracted
    FROM sync_runs WHERE connection_id = ${cid} AND trigger <> 'reprocess' ORDER BY started_at, id`;
  const runsText = runs
    .map((r) => `${r.trigger}:${r.status}${r.error_code ? `(${r.error_code})` : ''}`)
    .join(', ');
  if (runs.length !== exp.runs.length) fail(`runs [${runsText}], expected ${exp.runs.length}`);
  exp.runs.forEach((want, i) => {
    const got = runs[i];
    if (!got) return;
    const bad =
      got.status !== want.status ||
      (want.trigger && got.trigger !== want.trigger) ||
      (want.mode && got.mode !== want.mode) ||
      (want.errorCode && got.error_code !== want.errorCode);
    if (bad)
      fail(
        `run ${i + 1}: ${got.trigger}/${got.mode}/${got.status}/${got.error_code ?? '-'}, expected ` +
          `${want.trigger ?? '*'}/${want.mode ?? '*'}/${want.status}/${want.errorCode ?? '-'}`,
      );
    if (!got.finished_at) fail(`run ${i + 1} has no finish time`);
  });
  const archivedByRuns = runs.reduce((s, r) => s + r.emails_archived, 0);
  const skippedByRuns = runs.reduce((s, r) => s + r.duplicates_skipped, 0);
  const factsByRuns = runs.reduce((s, r) => s + r.facts_extracted, 0);
  if (archivedByRuns > exp.delivered.length)
    fail(`runs claim ${archivedByRuns} archived for ${exp.delivered.length} delivered`);
  if (factsByRuns > expectedFacts) fail(`runs claim ${factsByRuns} facts for ${expectedFacts}`);

  // 6. the connection workflow: still running, answering, idle, its last run the last one on record
  let workflow = 'not checked';
  const handle = client.workflow.getHandle(connectionWorkflowId(cid));
  try {
    const description = await handle.describe();
    const status = await handle.query(statusQuery);
    workflow = `${description.status.name}, ${status.state}, ${status.runCount} run(s)`;
    if (description.status.name !== 'RUNNING') fail(`connection workflow is ${description.status.name}`);
    const wantState = exp.state ?? 'idle';
    if (status.state !== wantState) fail(`workflow state ${status.state}, expected ${wantState}`);
    if (status.currentRun) fail(`workflow still reports a current run`);
    if (status.runCount !== exp.runs.length)
      fail(`workflow counted ${status.runCount} run(s), expected ${exp.runs.length}`);
    const last = exp.runs.at(-1);
    if (last && status.lastRun?.status !== last.status)
      fail(`workflow's last run ${status.lastRun?.status ?? 'none'}, expected ${last.status}`);
  } catch (err) {
    fail(`connection workflow did not answer: ${err instanceof Error ? err.message : String(err)}`);
  }

  return {
    violations,
    archived: archive.length,
    duplicates: doubled.length,
    facts: facts!.total,
    reviewItems: review!.items,
    enrichedBookings: bookings!.enriched,
    runs: runsText,
    runCounts: `${archivedByRuns} archived, ${skippedByRuns} skipped, ${factsByRuns} facts`,
    workflow,
  };
}

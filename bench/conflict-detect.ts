import { importFeed } from '../activities/ical/import-feed.js';
import {
  type ConnectionStatus,
  connectionWorkflowId,
  statusQuery,
  syncNowUpdate,
  syncWorkflowId,
} from '../contracts/workflows.js';
import { DEFAULT_USER, seedMessages, type Tokens } from '../dev/gmail/index.js';
import { DEFAULT_CONFLICT_SETTINGS } from '../domain/conflicts/conflict-writes.js';
import { createProperty } from '../domain/properties/property-writes.js';
import { sleep } from '../testing/wait-for.js';
import { type PlaceChannel, placeOnChannels } from './emails.js';
import { createConnections, startConnectionWorkflow } from './fixtures.js';
import type { BenchStack } from './setup.js';
import { percentile } from './sync-now.js';
import { waitForResult } from './temporal-sync.js';

export const CONFLICTS_LABEL = 'Conflicts';
const DAY_MS = 86_400_000;

export interface ConflictDetectResult {
  /** archive → mail_overlaps_calendar conflict, ms, one per double sale */
  samples: number[];
  p50: number;
  p95: number;
  max: number;
  /** conflicts the place's own history raised (it holds none) */
  falseAlarms: number;
}

/**
 * The early warning, end to end: one place on Airbnb, Vrbo and Booking.com (bench/emails.ts
 * placeOnChannels), its calendars imported and its history synced; then, `samples` times, a Vrbo
 * e-mail confirms nights Airbnb already sold, the connection syncs ("sync now", as a push would
 * start it), and we wait for its `mail_overlaps_calendar` conflict. Each sample is the conflict's
 * detected_at minus the message's archived_at, both Postgres' clock: from the mail in the archive
 * to the warning a host sees.
 */
export async function runConflictDetect(
  stack: BenchStack,
  opts: { taskQueue: string; tokens: Tokens; samples: number },
): Promise<ConflictDetectResult> {
  const place = placeOnChannels(24, { start: new Date(Date.now() + 30 * DAY_MS) });
  const history = place.stays.map((s) => s.raw(new Date(Date.now() - 30 * DAY_MS)));
  const target = { emulatorUrl: stack.emulator.url, user: DEFAULT_USER };
  const { labelId } = await seedMessages({ ...target, label: CONFLICTS_LABEL, raws: history });
  const [conn] = await createConnections(stack, {
    label: CONFLICTS_LABEL,
    labelId,
    tokens: opts.tokens,
    count: 1,
    name: 'bench conflicts',
  });
  const c = conn!;
  const propertyId = await stack.sql.begin((tx) => createProperty(tx, c.workspaceId, place.listing));
  const calendars = place.calendars(place.stays.length);
  for (const channel of Object.keys(calendars) as PlaceChannel[]) {
    const [feed] = await stack.sql<{ id: string }[]>`
      INSERT INTO ical_feeds (workspace_id, platform, url, name, property_id)
      VALUES (${c.workspaceId}, ${channel}, ${`https://calendar.bench.example/${channel}/${c.workspaceId}.ics`},
        ${`bench ${channel}`}, ${propertyId})
      RETURNING id`;
    await importFeed(
      { sql: stack.sql, conflicts: DEFAULT_CONFLICT_SETTINGS },
      async () => calendars[channel],
    )({
      feedId: feed!.id,
    });
  }
  await startConnectionWorkflow(stack, c, { taskQueue: opts.taskQueue, initialSync: true });
  await waitForResult(stack, syncWorkflowId(c.connectionId, 1));
  const [alarms] = await stack.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM conflicts WHERE workspace_id = ${c.workspaceId}`;

  const parent = stack.client.workflow.getHandle(connectionWorkflowId(c.connectionId));
  const samples: number[] = [];
  for (let k = 0; k < opts.samples; k++) {
    const again = place.soldAgain(k, new Date());
    await seedMessages({ ...target, label: CONFLICTS_LABEL, raws: [again.raw] });
    await waitIdle(parent);
    await parent.executeUpdate(syncNowUpdate);
    samples.push(await archiveToConflictMs(stack, c.workspaceId, again.code));
  }
  return {
    samples,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    falseAlarms: alarms!.n,
  };
}

async function waitIdle(parent: { query: (q: typeof statusQuery) => Promise<ConnectionStatus> }) {
  for (;;) {
    const status = await parent.query(statusQuery);
    if (!status.currentRun) return;
    await sleep(10);
  }
}

/** Waits for the code's warning and answers how long after its mail was archived it was raised. */
async function archiveToConflictMs(stack: BenchStack, workspaceId: string, code: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await stack.sql<{ ms: number }[]>`
      SELECT extract(epoch FROM c.detected_at - m.archived_at)::float8 * 1000 AS ms
      FROM conflicts c
      JOIN reservation_facts f ON f.workspace_id = c.workspace_id AND f.confirmation_code = ${code}
      JOIN gmail_messages m ON m.id = f.message_id
      WHERE c.workspace_id = ${workspaceId} AND c.cause = ${`mail_overlaps_calendar:vrbo:${code}`}`;
    if (row) return row.ms;
    if (Date.now() > deadline) throw new Error(`no mail_overlaps_calendar conflict for ${code} within 60 s`);
    await sleep(10);
  }
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishSyncRun, recordConnectionHealth } from '../../../activities/runs/sync-runs.js';
import { CODE } from '../../../contracts/errors.js';
import { statusQuery, ZERO_COUNTS } from '../../../contracts/workflows.js';
import { recordEvent, recordEvents, WEBHOOK_WAKE_CHANNEL } from '../../../domain/events/record-event.js';
import { newEndpointSecret, sealSecret } from '../../../domain/webhooks/endpoint-secret.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../../testing/connections.js';
import { drillMail, seedBookings } from '../../../testing/drills/mail.js';
import { waitFor } from '../../../testing/wait-for.js';
import { type Stack, startStack } from '../../support/stack.js';

/**
 * Where the events come from: each is recorded by the write that makes the change it reports, in
 * its transaction, and queued for exactly the endpoints that subscribe to it.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ name: 'events' });
});
afterAll(async () => {
  await stack?.stop();
});

async function endpoint(workspaceId: string, events: string[], opts: { disabled?: boolean } = {}) {
  const id = randomUUID();
  await stack.sql`
    INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret, disabled_at, disabled_reason)
    VALUES (${id}, ${workspaceId}, 'https://hooks.example.test/x', ${events},
            ${stack.sql.json(sealSecret(stack.cipher, newEndpointSecret(), id) as never)},
            ${opts.disabled ? new Date() : null}, ${opts.disabled ? 'failing' : null})`;
  return id;
}

async function workspace(): Promise<string> {
  const [ws] = await stack.sql<{ id: string }[]>`
    INSERT INTO workspaces (name, api_token_hash) VALUES ('events', ${randomUUID()}) RETURNING id`;
  return ws!.id;
}

const eventsOf = (workspaceId: string) =>
  stack.sql<{ id: string; type: string; data: Record<string, unknown> }[]>`
    SELECT id, type, data FROM webhook_events WHERE workspace_id = ${workspaceId} ORDER BY created_at, type, id`;

describe('recordEvents', () => {
  it('queues one delivery per subscribed, enabled endpoint of the event’s own workspace, in order', async () => {
    const [mine, theirs] = [await workspace(), await workspace()];
    const all = await endpoint(mine, ['booking.enriched', 'review_item.opened']);
    const bookingsOnly = await endpoint(mine, ['booking.enriched']);
    await endpoint(mine, ['booking.enriched'], { disabled: true });
    await endpoint(theirs, ['booking.enriched', 'review_item.opened']);
    const ids = await recordEvents(stack.sql, [
      { workspaceId: mine, type: 'review_item.opened', data: { reviewItemId: 'r1' } },
      { workspaceId: mine, type: 'booking.enriched', data: { bookingId: 'b1' } },
      { workspaceId: mine, type: 'booking.enriched', data: { bookingId: 'b2' } },
    ]);
    const queued = await stack.sql<{ endpoint_id: string; event_id: string }[]>`
      SELECT endpoint_id, event_id FROM webhook_deliveries WHERE event_id = ANY(${ids}) ORDER BY seq`;
    expect(queued.filter((q) => q.endpoint_id === all).map((q) => q.event_id)).toEqual(ids);
    expect(queued.filter((q) => q.endpoint_id === bookingsOnly).map((q) => q.event_id)).toEqual(ids.slice(1));
    expect(queued).toHaveLength(5);
  });

  it('records and wakes nothing for a change that rolls back; notifies on commit', async () => {
    const [failing, succeeding] = [await workspace(), await workspace()];
    await endpoint(failing, ['booking.enriched']);
    const committed = await endpoint(succeeding, ['booking.enriched']);
    const heard: string[] = [];
    const listener = await stack.sql.listen(WEBHOOK_WAKE_CHANNEL, (payload) => heard.push(payload));
    try {
      const failed = stack.sql.begin(async (tx) => {
        await recordEvent(tx, {
          workspaceId: failing,
          type: 'booking.enriched',
          data: { bookingId: 'never' },
        });
        throw new Error('the change fails');
      });
      await expect(failed).rejects.toThrow('the change fails');
      await recordEvent(stack.sql, {
        workspaceId: succeeding,
        type: 'booking.enriched',
        data: { bookingId: 'kept' },
      });
      await waitFor('the notification', async () => (heard.length > 0 ? true : undefined), {
        timeoutMs: 5_000,
      });
      // notifications arrive in commit order: had the rolled-back one been sent, it would be first
      expect(heard[0]).toBe(`${committed} ${succeeding}`);
      expect(await eventsOf(failing)).toEqual([]);
      expect((await eventsOf(succeeding)).map((e) => e.data)).toEqual([{ bookingId: 'kept' }]);
    } finally {
      await listener.unlisten();
    }
  });
});

describe('a sync', () => {
  it('records booking.enriched for each booking it enriched and review_item.opened for each item it opened', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Events' });
    const mail = drillMail(6);
    // the even-numbered half have bookings in a feed; the rest go to review
    await seedBookings(
      stack.sql,
      conn.workspaceId,
      mail.numbers.filter((_, i) => i % 2 === 0),
    );
    await deliver(stack, conn.label, mail.raws);
    const handle = await startConnectionWorkflow(stack, conn);
    const status = await waitFor(
      'the first run',
      async () => {
        const s = await handle.query(statusQuery);
        return s.lastRun ? s : undefined;
      },
      { timeoutMs: 60_000 },
    );
    await handle.terminate();
    expect(status.lastRun).toMatchObject({ status: 'completed', bookingsEnriched: 3, reviewItemsCreated: 3 });
    const events = await eventsOf(conn.workspaceId);
    const enriched = events.filter((e) => e.type === 'booking.enriched');
    const opened = events.filter((e) => e.type === 'review_item.opened');
    expect(enriched).toHaveLength(3);
    expect(opened).toHaveLength(3);
    const bookings = await stack.sql<{ id: string; fact_id: string }[]>`
      SELECT id, raw_data->>'fact_id' AS fact_id FROM bookings
      WHERE workspace_id = ${conn.workspaceId} AND enrichment_status IS NOT NULL`;
    expect(enriched.map((e) => e.data).sort(byString)).toEqual(
      bookings.map((b) => ({ bookingId: b.id, factId: b.fact_id })).sort(byString),
    );
    const items = await stack.sql<{ id: string; fact_id: string; reason: string }[]>`
      SELECT id, fact_id, reason FROM enrichment_review_items WHERE workspace_id = ${conn.workspaceId}`;
    expect(opened.map((e) => e.data).sort(byString)).toEqual(
      items
        .map((i) => ({
          reviewItemId: i.id,
          connectionId: conn.connectionId,
          factId: i.fact_id,
          reason: i.reason,
        }))
        .sort(byString),
    );
  });
});

describe('a connection', () => {
  it('records connection.sync_failed once per failed run, however often its end is reported', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Failing' });
    const [run] = await stack.sql<{ id: string }[]>`
      INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
      VALUES (${conn.workspaceId}, ${conn.connectionId}, ${`sync-${randomUUID()}`}, 'manual', 'incremental')
      RETURNING id`;
    const finish = finishSyncRun(stack.deps);
    const failed = {
      runId: run!.id,
      status: 'failed' as const,
      totals: { ...ZERO_COUNTS },
      mode: 'incremental' as const,
      error: { code: CODE.GMAIL_UNAVAILABLE, message: 'Gmail is unavailable' },
    };
    await finish(failed);
    await finish(failed);
    expect((await eventsOf(conn.workspaceId)).map((e) => [e.type, e.data])).toEqual([
      [
        'connection.sync_failed',
        { connectionId: conn.connectionId, runId: run!.id, errorCode: 'GMAIL_UNAVAILABLE' },
      ],
    ]);
  });

  it('records connection.needs_reauth once when Gmail access is lost, not for a disconnected one', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Reauth' });
    const report = recordConnectionHealth(stack.deps);
    const lost = {
      connectionId: conn.connectionId,
      from: 'ok' as const,
      to: 'needs_reauth' as const,
      error: { code: CODE.AUTH_REVOKED, message: 'invalid_grant' },
    };
    await report(lost);
    await report(lost);
    expect((await eventsOf(conn.workspaceId)).map((e) => [e.type, e.data])).toEqual([
      ['connection.needs_reauth', { connectionId: conn.connectionId, errorCode: 'AUTH_REVOKED' }],
    ]);
    const gone = await createConnectedConnection(stack, { label: 'Disconnected' });
    await stack.sql`UPDATE connections SET gmail_status = 'revoked' WHERE id = ${gone.connectionId}`;
    await report({ ...lost, connectionId: gone.connectionId });
    expect(await eventsOf(gone.workspaceId)).toEqual([]);
  });
});

/** Orders records by their ids (jsonb keeps keys in its own order, so the text would not do). */
const byString = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.bookingId ?? a.reviewItemId).localeCompare(String(b.bookingId ?? b.reviewItemId));

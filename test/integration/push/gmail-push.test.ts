import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import { type ConnectionStatus, statusQuery } from '../../../contracts/workflows.js';
import { DEFAULT_USER, pushEnvelope, seedMessages, WATCH_LIFETIME_MS } from '../../../dev/gmail/index.js';
import { createOidcIssuer } from '../../../dev/push/index.js';
import {
  createConnectedConnection,
  deliver,
  startConnectionWorkflow,
  type TestConnection,
} from '../../../testing/connections.js';
import { airbnbConfirmation, confirmations, stayOf } from '../../../testing/mail.js';
import { parsePrometheusText } from '../../../testing/prometheus-text.js';
import { recordHistory } from '../../support/histories.js';
import { type PushStack, usePushStack } from '../../support/push.js';

let push: PushStack;
usePushStack((p) => {
  push = p;
});

const sql = () => push.stack.sql;
const pushUrl = () => `${push.app.url}/api/gmail/push`;

async function until(handle: WorkflowHandle, ok: (s: ConnectionStatus) => boolean, timeout = 60_000) {
  let last: ConnectionStatus | undefined;
  await expect
    .poll(
      async () => {
        last = await handle.query(statusQuery);
        return ok(last);
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
  return last!;
}

/** A connection on `label`, its workflow started (initial sync done) and its watch in place. */
async function watchedConnection(label: string): Promise<{ conn: TestConnection; handle: WorkflowHandle }> {
  const conn = await createConnectedConnection(push.stack, { label, intervalMinutes: 15 });
  const handle = await startConnectionWorkflow(push.stack, conn, { intervalMinutes: 15 });
  await until(handle, (s) => s.push.state === 'watching' && s.runCount >= 1 && s.currentRun === null);
  return { conn, handle };
}

/** A feed of the workspace with the stay airbnbConfirmation(n) confirms; returns the booking's id. */
async function bookingFor(conn: TestConnection, n: number): Promise<string> {
  const { code, checkIn, checkOut } = stayOf(n);
  const [feed] = await sql()<{ id: string }[]>`
    INSERT INTO ical_feeds (workspace_id, platform, url)
    VALUES (${conn.workspaceId}, 'airbnb', ${`https://feeds.test/${randomUUID()}.ics`}) RETURNING id`;
  const [booking] = await sql()<{ id: string }[]>`
    INSERT INTO bookings (workspace_id, feed_id, ical_uid, platform, check_in, check_out, confirmation_code)
    VALUES (${conn.workspaceId}, ${feed!.id}, ${`${randomUUID()}@test`}, 'airbnb', ${checkIn}, ${checkOut}, ${code})
    RETURNING id`;
  return booking!.id;
}

async function runsOf(connectionId: string) {
  return sql()<{ trigger: string; status: string }[]>`
    SELECT trigger, status FROM sync_runs WHERE connection_id = ${connectionId} ORDER BY started_at`;
}

async function archivedCount(connectionId: string): Promise<number> {
  const [row] = await sql()<{ n: number }[]>`
    SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${connectionId}`;
  return row!.n;
}

function api(path: string, token: string, init: RequestInit = {}) {
  return fetch(`${push.app.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
}

async function metric(outcome: string): Promise<number> {
  const text = await (await fetch(`${push.app.url}/metrics`)).text();
  const sample = parsePrometheusText(text).find(
    (s) => s.name === 'connections_push_notifications_total' && s.labels.outcome === outcome,
  );
  return sample?.value ?? 0;
}

const envelopeFor = (emailAddress: string, historyId = '1', messageId: string = randomUUID()) =>
  JSON.stringify(pushEnvelope({ emailAddress, historyId }, messageId, 'projects/p/subscriptions/s'));

async function lastPushAt(connectionId: string): Promise<Date | null> {
  const [row] = await sql()<{ last_push_at: Date | null }[]>`
    SELECT last_push_at FROM connections WHERE id = ${connectionId}`;
  return row!.last_push_at;
}

describe('Gmail push', () => {
  it('enriches a booking from a mail added to the watched label, by push alone', async () => {
    const { conn, handle } = await watchedConnection('PushEnrich');
    const watch = push.stack.emulator.push.watchOf(DEFAULT_USER);
    expect(watch).toMatchObject({ topicName: push.path.topic, labelFilterBehavior: 'include' });
    expect(watch!.labelIds).toContain(conn.labelId);
    expect(Number(watch!.expiration)).toBeGreaterThan(Date.now() + WATCH_LIFETIME_MS - 3_600_000);
    const watching = await handle.query(statusQuery);
    // push healthy: polls slow to the deployment's push interval (60), never below the connection's
    expect(watching).toMatchObject({ intervalMinutes: 15, pollIntervalMinutes: 60 });
    expect(Date.parse(watching.push.watchExpiresAt!)).toBe(Number(watch!.expiration));

    const n = 4_100;
    const bookingId = await bookingFor(conn, n);
    const before = (await runsOf(conn.connectionId)).length;
    await deliver(push.stack, conn.label, [airbnbConfirmation(n)]);
    await expect
      .poll(
        async () =>
          (await sql()`SELECT enrichment_status FROM bookings WHERE id = ${bookingId}`)[0]?.enrichment_status,
        { timeout: 30_000, interval: 100 },
      )
      .toBe('enriched');
    const runs = await runsOf(conn.connectionId);
    expect(runs.slice(before).map((r) => r.trigger)).toContain('push');
    expect(runs[0]!.trigger).toBe('initial');

    // the connection's JSON and status say so
    const json = (await (
      await api(`/api/connections/${conn.connectionId}`, conn.apiToken)
    ).json()) as Connection;
    expect(json.push.state).toBe('watching');
    expect(json.push.watchExpiresAt).not.toBeNull();
    expect(json.push.lastNotificationAt).not.toBeNull();
    const status = (await (
      await api(`/api/connections/${conn.connectionId}/status`, conn.apiToken)
    ).json()) as ConnectionStatus;
    expect(status.push).toMatchObject({ state: 'watching', watchExpiresAt: watching.push.watchExpiresAt });
    expect(status.push.lastNotificationAt).not.toBeNull();
    // the push came the whole way: through the Pub/Sub emulator where it is installed
    const delivered = push.path.relay.delivered();
    expect(delivered.statuses[204]).toBeGreaterThanOrEqual(1);
    await recordHistory(push.stack.client, handle.workflowId, 'connection-push');
    const pushRun = await sql()<{ workflow_id: string }[]>`
      SELECT workflow_id FROM sync_runs WHERE connection_id = ${conn.connectionId} AND trigger = 'push' LIMIT 1`;
    await recordHistory(push.stack.client, pushRun[0]!.workflow_id, 'sync-push');
    await handle.terminate();
  });

  it('answers 401 to a missing or forged token and starts nothing', async () => {
    const { conn, handle } = await watchedConnection('PushForged');
    const runsBefore = (await handle.query(statusQuery)).runCount;
    const forger = await createOidcIssuer();
    const own = push.path.issuer;
    const aud = pushUrl();
    const email = push.path.serviceAccount;
    const now = Math.floor(Date.now() / 1000);
    const tokens: Record<string, string | null> = {
      missing: null,
      garbage: 'not-a-jwt',
      'another key': await forger.sign({ aud, email }),
      'wrong audience': await own.sign({ aud: 'https://elsewhere.example/push', email }),
      'wrong issuer': await own.sign({ aud, email, iss: 'https://issuer.example' }),
      'another service account': await own.sign({ aud, email: 'someone@else.iam.gserviceaccount.com' }),
      'unverified email': await own.sign({ aud, email, email_verified: false }),
      expired: await own.sign({ aud, email }, { issuedAt: now - 7_200, expiresInSeconds: 3_600 }),
    };
    const unauthorizedBefore = await metric('unauthorized');
    const notifiedBefore = await lastPushAt(conn.connectionId);
    const messageId = randomUUID();
    for (const [name, token] of Object.entries(tokens)) {
      const res = await fetch(pushUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: envelopeFor(DEFAULT_USER, '999999999', messageId),
      });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PUSH_UNAUTHORIZED');
    }
    expect(await metric('unauthorized')).toBe(unauthorizedBefore + Object.keys(tokens).length);
    // nothing was recorded or passed on: no receipt, no notification, no run
    expect(await sql()`SELECT 1 FROM gmail_push_receipts WHERE message_id = ${messageId}`).toHaveLength(0);
    expect(await lastPushAt(conn.connectionId)).toEqual(notifiedBefore);
    expect((await handle.query(statusQuery)).runCount).toBe(runsBefore);

    // the same envelope with a token of the push subscription's is taken: the refusals were the tokens'
    const valid = await fetch(pushUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await own.sign({ aud, email })}`,
      },
      body: envelopeFor(DEFAULT_USER, '999999999', messageId),
    });
    expect(valid.status).toBe(204);
    expect(await sql()`SELECT 1 FROM gmail_push_receipts WHERE message_id = ${messageId}`).toHaveLength(1);
    expect(await lastPushAt(conn.connectionId)).not.toEqual(notifiedBefore);
    await handle.terminate();
  });

  it('refuses a malformed envelope naming the field, and acknowledges duplicates and unknown mailboxes', async () => {
    const { conn, handle } = await watchedConnection('PushEnvelope');
    const token = await push.path.issuer.sign({ aud: pushUrl(), email: push.path.serviceAccount });
    const post = (body: string) =>
      fetch(pushUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
    const bad = await post(JSON.stringify({ message: { data: '!!', messageId: '1' }, subscription: 's' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('body.message.data');
    const notJson = await post(
      JSON.stringify({
        message: { data: Buffer.from('{"historyId": 5}').toString('base64'), messageId: '2' },
        subscription: 's',
      }),
    );
    expect(notJson.status).toBe(400);
    expect(JSON.stringify(await notJson.json())).toContain('body.message.data.emailAddress');
    const noId = await post(JSON.stringify({ message: { data: 'e30=' }, subscription: 's' }));
    expect(noId.status).toBe(400);
    expect(JSON.stringify(await noId.json())).toContain('body.message.messageId');

    const unknownBefore = await metric('unknown_mailbox');
    const unknown = await post(envelopeFor('nobody@example.com'));
    expect(unknown.status).toBe(204);
    expect(await metric('unknown_mailbox')).toBe(unknownBefore + 1);

    const runsBefore = (await handle.query(statusQuery)).runCount;
    const once = envelopeFor(DEFAULT_USER, '1');
    const duplicatesBefore = await metric('duplicate');
    expect((await post(once)).status).toBe(204);
    expect((await post(once)).status).toBe(204);
    expect(await metric('duplicate')).toBe(duplicatesBefore + 1);
    const after = await until(handle, (s) => s.runCount > runsBefore && s.currentRun === null);
    expect(after.runCount).toBe(runsBefore + 1);
    expect((await runsOf(conn.connectionId)).at(-1)!.trigger).toBe('push');
    await handle.terminate();
  });

  it('starts at most two runs for a burst of 50 mails', async () => {
    const { conn, handle } = await watchedConnection('PushBurst');
    const before = (await runsOf(conn.connectionId)).length;
    await deliver(push.stack, conn.label, confirmations(50), { concurrency: 25 });
    await expect.poll(() => archivedCount(conn.connectionId), { timeout: 60_000, interval: 200 }).toBe(50);
    await until(handle, (s) => s.currentRun === null && s.nextSyncAt !== null);
    const runs = (await runsOf(conn.connectionId)).slice(before);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(runs.every((r) => r.trigger === 'push' && r.status === 'completed')).toBe(true);
    await handle.terminate();
  });

  it('asks an empty history again while Gmail has not caught up with the notification', async () => {
    const { conn, handle } = await watchedConnection('PushLagging');
    push.stack.emulator.faults.laggingHistory(2);
    const since = Date.now();
    try {
      await deliver(push.stack, conn.label, [airbnbConfirmation()]);
      await expect.poll(() => archivedCount(conn.connectionId), { timeout: 30_000, interval: 100 }).toBe(1);
      const lists = push.stack.emulator.faults.calls({ kind: 'history.list', since });
      expect(lists.length).toBeGreaterThanOrEqual(3);
      expect((await runsOf(conn.connectionId)).filter((r) => r.trigger === 'push')).toHaveLength(1);
    } finally {
      push.stack.emulator.faults.clear();
    }
    await handle.terminate();
  });

  it('watches the new label after a label change, and disconnect stops the watch', async () => {
    // one mailbox, two connections: Gmail keeps one watch per mailbox, naming both labels
    const a = await watchedConnection('PushShared-A');
    const b = await watchedConnection('PushShared-B');
    expect(push.stack.emulator.push.watchOf(DEFAULT_USER)!.labelIds).toEqual(
      expect.arrayContaining([a.conn.labelId, b.conn.labelId]),
    );
    const { labelId: newLabelId } = await seedMessages({
      emulatorUrl: push.stack.emulator.url,
      user: DEFAULT_USER,
      label: 'PushShared-A2',
      raws: [],
    });
    const patched = await api(`/api/connections/${a.conn.connectionId}`, a.conn.apiToken, {
      method: 'PATCH',
      body: JSON.stringify({ reservationLabel: 'PushShared-A2' }),
    });
    expect(patched.status).toBe(200);
    await expect
      .poll(() => push.stack.emulator.push.watchOf(DEFAULT_USER)?.labelIds ?? [], { timeout: 30_000 })
      .toContain(newLabelId);

    // disconnecting A leaves B's label watched; disconnecting B too stops the watch. The earlier
    // tests' connections read the same mailbox: they are disconnected first, as a person would
    const others = await sql()<{ id: string }[]>`
      SELECT id FROM connections WHERE gmail_status = 'connected' AND id NOT IN (${a.conn.connectionId}, ${b.conn.connectionId})`;
    await sql()`UPDATE connections SET gmail_status = 'revoked' WHERE id IN ${sql()(others.map((o) => o.id))}`;
    expect(
      (await api(`/api/connections/${a.conn.connectionId}`, a.conn.apiToken, { method: 'DELETE' })).status,
    ).toBe(200);
    expect(push.stack.emulator.push.watchOf(DEFAULT_USER)!.labelIds).toEqual([b.conn.labelId]);
    expect(
      (await api(`/api/connections/${b.conn.connectionId}`, b.conn.apiToken, { method: 'DELETE' })).status,
    ).toBe(200);
    expect(push.stack.emulator.push.watchOf(DEFAULT_USER)).toBeNull();
    const json = (await (
      await api(`/api/connections/${b.conn.connectionId}`, b.conn.apiToken)
    ).json()) as Connection;
    expect(json.push.state).toBe('stopped');
  });
});

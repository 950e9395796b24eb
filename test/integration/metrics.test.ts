import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import type { Connection } from '../../api/connection-record.js';
import { RECONCILE_WORKFLOW_TYPE, RECONCILER_SCHEDULE_ID } from '../../contracts/workflows.js';
import { airbnbConfirmation } from '../../testing/mail.js';
import { freePort } from '../../testing/ports.js';
import { parsePrometheusText, type Sample, sampleSum } from '../../testing/prometheus-text.js';
import { type Api, startApi } from './api/harness.js';

// Issue 13 "done when": a sync runs, then both /metrics answer with the named series, and the
// counters moved. The worker is the real worker.ts process, with its metrics ports and the
// Temporal SDK's exporter, which its /metrics serves again.
const METRICS_TOKEN = 'metrics-token-for-the-test-0123';

let api: Api;
let token: string;
let conn: Connection;
let workerMetricsUrl: string;

const scrapeWorker = async (): Promise<Sample[]> => {
  const res = await fetch(workerMetricsUrl);
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
};
const scrapeApi = async (): Promise<Sample[]> => {
  const res = await api.app.request('/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
};
const idleAfter = (runs: number) => api.idleAfter(token, conn.id, runs, 90_000);

beforeAll(async () => {
  const port = await freePort();
  const sdkPort = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  api = await startApi({
    env: { METRICS_TOKEN },
    stack: {
      workerProcess: true,
      workerEnv: {
        WORKER_METRICS_PORT: String(port),
        WORKER_SDK_METRICS_PORT: String(sdkPort),
        // the one test file whose worker creates the namespace's schedule at startup (deleted after)
        RECONCILE_EVERY_MINUTES: '5',
      },
    },
  });
  token = (await api.newWorkspace('metrics')).token;
  await api.mailbox('Airbnb', [airbnbConfirmation(21), airbnbConfirmation(22)]);
  conn = await api.newConnection(token, 'Airbnb');
  expect((await api.connectGmail(token, conn.id)).status).toBe(200);
  await idleAfter(1);
}, 120_000);
afterAll(async () => {
  await api?.stack.client.schedule
    .getHandle(RECONCILER_SCHEDULE_ID)
    .delete()
    .catch(() => {});
  await api?.stop();
});

describe('the worker at startup', () => {
  it('created the reconciler schedule, aimed at its task queue', async () => {
    const schedule = await api.stack.client.schedule.getHandle(RECONCILER_SCHEDULE_ID).describe();
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: RECONCILE_WORKFLOW_TYPE,
      taskQueue: api.stack.taskQueue,
    });
    expect(schedule.spec.intervals?.[0]?.every).toBe(5 * 60_000);
  });
});

describe("the worker's /metrics", () => {
  it('counts the initial run, what it archived and extracted, and its Gmail calls', async () => {
    const m = await scrapeWorker();
    expect(sampleSum(m, 'connections_sync_runs_total', { status: 'completed', trigger: 'initial' })).toBe(1);
    expect(sampleSum(m, 'connections_sync_run_duration_seconds_count', { trigger: 'initial' })).toBe(1);
    expect(sampleSum(m, 'connections_messages_archived_total')).toBe(2);
    expect(sampleSum(m, 'connections_facts_extracted_total', { platform: 'airbnb', kind: 'confirmed' })).toBe(
      2,
    );
    expect(sampleSum(m, 'connections_bookings_enriched_total')).toBe(0);
    expect(sampleSum(m, 'connections_gmail_requests_total', { method: 'messages.get', outcome: 'ok' })).toBe(
      2,
    );
  });

  it("serves the Temporal SDK's own series, prefixed temporal_", async () => {
    const names = new Set((await scrapeWorker()).map((s) => s.name));
    const temporal = [...names].filter((n) => n.startsWith('temporal_'));
    expect(temporal.length).toBeGreaterThan(0);
    expect(temporal.some((n) => n.startsWith('temporal_activity_execution_latency'))).toBe(true);
  });

  it('moves its counters with the next run', async () => {
    await api.mailbox('Airbnb', [airbnbConfirmation(23)]);
    const before = await scrapeWorker();
    const started = await api.call('POST', `/api/connections/${conn.id}/sync`, { token });
    expect(started.status).toBe(202);
    await idleAfter(2);
    const after = await scrapeWorker();
    const manual = { status: 'completed', trigger: 'manual' };
    expect(sampleSum(after, 'connections_sync_runs_total', manual)).toBe(
      sampleSum(before, 'connections_sync_runs_total', manual) + 1,
    );
    expect(sampleSum(after, 'connections_messages_archived_total')).toBe(
      sampleSum(before, 'connections_messages_archived_total') + 1,
    );
  });
});

describe("the API's /metrics", () => {
  it('answers only with the metrics token', async () => {
    expect((await api.app.request('/metrics')).status).toBe(401);
    const wrong = await api.app.request('/metrics', { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('is closed in production when no metrics token is set, open in development', async () => {
    const production = createApp({
      ...api.deps,
      env: { ...api.env, NODE_ENV: 'production', METRICS_TOKEN: undefined },
    });
    expect((await production.request('/metrics')).status).toBe(401);
    const development = createApp({
      ...api.deps,
      env: { ...api.env, NODE_ENV: 'development', METRICS_TOKEN: undefined },
    });
    expect((await development.request('/metrics')).status).toBe(200);
  });

  it('is not in the OpenAPI document of the tenant API', async () => {
    const doc = (await (await api.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });

  it('counts requests by route template and status, never by raw path', async () => {
    const before = await scrapeApi();
    const route = { method: 'GET', route: '/api/connections/:id', status: '200' };
    await api.call('GET', `/api/connections/${conn.id}`, { token });
    const after = await scrapeApi();
    expect(sampleSum(after, 'connections_http_requests_total', route)).toBe(
      sampleSum(before, 'connections_http_requests_total', route) + 1,
    );
    expect(sampleSum(after, 'connections_http_request_duration_seconds_count', route)).toBeGreaterThan(0);
    expect(after.some((s) => s.labels.route?.includes(conn.id))).toBe(false);
  });

  it('reads the review backlog, timeliness and lag from Postgres at scrape time', async () => {
    const [open] = await api.stack.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM enrichment_review_items WHERE status = 'open'`;
    const m = await scrapeApi();
    expect(open!.n).toBeGreaterThan(0);
    expect(sampleSum(m, 'connections_review_items_open')).toBe(open!.n);
    expect(sampleSum(m, 'connections_connections', { timeliness: 'onTime' })).toBe(1);
    expect(sampleSum(m, 'connections_needs_reauth')).toBe(0);
    expect(sampleSum(m, 'connections_sync_lag_max_seconds')).toBe(0);

    // an hour-long silence on a 15-minute connection: delayed, by the same rule the JSON uses
    await api.stack
      .sql`UPDATE connections SET last_sync_at = now() - interval '1 hour' WHERE id = ${conn.id}`;
    await new Promise((r) => setTimeout(r, 1_100)); // the gauges share one query per scrape (1 s)
    const late = await scrapeApi();
    expect(sampleSum(late, 'connections_connections', { timeliness: 'delayed' })).toBe(1);
    const lag = sampleSum(late, 'connections_sync_lag_seconds', { connection_id: conn.id });
    expect(lag).toBeGreaterThanOrEqual(45 * 60);
    const json = await api.call<Connection>('GET', `/api/connections/${conn.id}`, { token });
    expect(json.body.timeliness).toBe('delayed');
    expect(json.body.syncLagSeconds).toBeGreaterThanOrEqual(45 * 60);
  });
});

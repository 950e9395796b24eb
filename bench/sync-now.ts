import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { createApp } from '../api/app.js';
import { loadEnv } from '../config/env.js';
import { type ConnectionStatus, connectionWorkflowId, statusQuery } from '../contracts/workflows.js';
import { freePort } from '../testing/ports.js';
import { sleep } from '../testing/wait-for.js';
import type { BenchConnection } from './fixtures.js';
import { firstActivityStartMs } from './history.js';
import type { BenchStack } from './setup.js';

export interface SyncNowResult {
  samples: number[];
  p50: number;
  p95: number;
  max: number;
  /** POST → 202 (the update returns once the child has started), for comparison */
  responseP50: number;
  responseP95: number;
  rejected: number;
}

/**
 * "Sync now" latency through the real HTTP API (createApp served in this process): from sending
 * POST /api/connections/:id/sync to the ActivityTaskStarted time of the run's first activity.
 * Each trigger waits for the previous run to finish, so none is refused as SYNC_IN_PROGRESS.
 */
export async function runSyncNow(
  stack: BenchStack,
  conn: BenchConnection,
  taskQueue: string,
  triggers = 30,
): Promise<SyncNowResult> {
  const env = loadEnv({
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_TASK_QUEUE: taskQueue,
    // the per-connection limit on "sync now" would refuse the triggers it measures
    SYNC_NOW_PER_MINUTE: String(triggers * 10),
  });
  const app = createApp({
    sql: stack.sql,
    temporal: stack.client,
    cipher: stack.deps.cipher,
    env,
    log: pino({ level: 'silent' }),
    gmailSettings: stack.deps.gmailSettings,
  });
  const port = await freePort();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${port}/api/connections/${conn.connectionId}/sync`;
  const headers = { authorization: `Bearer ${conn.apiToken}` };
  const parent = stack.client.workflow.getHandle(connectionWorkflowId(conn.connectionId));
  const samples: number[] = [];
  const responses: number[] = [];
  let rejected = 0;
  try {
    // one unmeasured trigger warms the HTTP keep-alive connection and the worker's cached workflow
    for (let i = 0; samples.length < triggers && i < triggers * 3; i++) {
      await waitIdle(parent);
      const sentAt = Date.now();
      const res = await fetch(url, { method: 'POST', headers });
      const answeredAt = Date.now();
      if (res.status !== 202) {
        rejected += 1;
        await res.text();
        await sleep(50);
        continue;
      }
      const started = (await res.json()) as { workflowId: string; runId: string };
      await stack.client.workflow.getHandle(started.workflowId).result();
      const history = await stack.client.workflow.getHandle(started.workflowId).fetchHistory();
      const first = firstActivityStartMs(history.events ?? []);
      if (i === 0 || first === null) continue;
      samples.push(first - sentAt);
      responses.push(answeredAt - sentAt);
    }
  } finally {
    await new Promise((r) => server.close(r));
  }
  return {
    samples,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    responseP50: percentile(responses, 50),
    responseP95: percentile(responses, 95),
    rejected,
  };
}

async function waitIdle(parent: { query: (q: typeof statusQuery) => Promise<ConnectionStatus> }) {
  for (;;) {
    const status = await parent.query(statusQuery);
    if (!status.currentRun) return;
    await sleep(10);
  }
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

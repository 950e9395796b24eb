import { CODE } from '../../contracts/errors.js';
import type { ConnectionStatus } from '../../contracts/workflows.js';
import { spawnApi } from '../api-process.js';
import type { ChildHandle } from '../child-process.js';
import { sleep, waitFor } from '../wait-for.js';
import type { DrillContext } from './harness.js';
import type { DrillFindings, Hold } from './scenarios.js';

interface Reply<T> {
  status: number;
  body: T;
}

interface ApiStatus extends ConnectionStatus {
  source: 'workflow' | 'database';
}

interface RunsPage {
  items: { status: string; trigger: string }[];
}

/**
 * "The API restarted while a run is in flight": the API (`api/server.ts`) runs as a process; the
 * drill asks it for a sync, SIGKILLs it while the run pages through the label, starts it again on
 * the same port and follows the run to its end through the new process.
 */
export async function apiRestartDrill(ctx: DrillContext, port: number, hold: Hold): Promise<DrillFindings> {
  const base = `http://127.0.0.1:${port}`;
  const call = async <T>(method: string, path: string): Promise<Reply<T>> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ctx.conn.apiToken}` },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const spawn = () =>
    spawnApi({
      databaseUrl: ctx.databaseUrl,
      temporalAddress: ctx.temporalAddress,
      taskQueue: ctx.taskQueue,
      port,
      emulator: ctx.emulator,
    });
  let api: ChildHandle = await spawn();
  hold(ctx, () => api.kill('SIGTERM'));

  const cid = ctx.conn.connectionId;
  await ctx.deliverMail(24);
  // slow enough (12 pages of 2, 2.5 s each) for the run to outlive the API's restart, which takes
  // 5 to 15 s (tsx loading googleapis); sped up again once the restarted API has been checked
  ctx.emulator.faults.latency(2_500, ['messages.get']);
  // the connection as the OAuth callback leaves it, without the initial run: the API starts the run
  await ctx.startConnection({ initialSync: false, pageSize: 2 });
  const violations: string[] = [];

  const started = await call<{ workflowId: string; runId: string }>('POST', `/api/connections/${cid}/sync`);
  if (started.status !== 202)
    throw new Error(`POST /sync answered ${started.status}: ${JSON.stringify(started.body)}`);
  await waitFor(
    'the run to be under way',
    async () => {
      const s = await call<ApiStatus>('GET', `/api/connections/${cid}/status`);
      return (s.body.currentRun?.pagesDone ?? 0) >= 1 ? s : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  await api.kill('SIGKILL');
  const killedAt = Date.now();
  const inFlightAtKill = (await ctx.status()).currentRun !== null;
  if (!inFlightAtKill) violations.push('the run was over before the API was killed');
  await sleep(500);
  api = await spawn();
  const upAt = Date.now();

  // the new process sees the run still going (when it is) and refuses a second one
  const during = await call<ApiStatus>('GET', `/api/connections/${cid}/status`);
  let secondSync = 'run already over';
  if (during.body.currentRun) {
    const again = await call<{ error?: { code: string } }>('POST', `/api/connections/${cid}/sync`);
    secondSync = `${again.status} ${again.body.error?.code ?? ''}`.trim();
    if (again.status !== 409 || again.body.error?.code !== CODE.SYNC_IN_PROGRESS)
      violations.push(`a second sync during the run answered ${secondSync}, expected 409 SYNC_IN_PROGRESS`);
  }

  ctx.emulator.faults.latency(0);
  const final = await waitFor(
    'the run to finish (seen through the restarted API)',
    async () => {
      const s = await call<ApiStatus>('GET', `/api/connections/${cid}/status`);
      return s.status === 200 && s.body.runCount >= 1 && s.body.currentRun === null ? s : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 200 },
  );
  if (final.body.source !== 'workflow')
    violations.push(`status came from ${final.body.source}, not the workflow`);
  if (final.body.lastRun?.status !== 'completed')
    violations.push(`API status shows the last run ${final.body.lastRun?.status ?? 'missing'}`);
  const runs = await call<RunsPage>('GET', `/api/connections/${cid}/runs`);
  const listed = runs.body.items?.map((r) => `${r.trigger}:${r.status}`).join(', ');
  if (runs.status !== 200 || listed !== 'manual:completed')
    violations.push(`GET /runs answered ${runs.status} [${listed}], expected [manual:completed]`);

  return {
    runs: [{ trigger: 'manual', status: 'completed' }],
    violations,
    details: {
      statusAfterRestart: during.body.currentRun
        ? `syncing, ${during.body.currentRun.pagesDone} page(s)`
        : during.body.state,
      secondSync,
      apiDownMs: upAt - killedAt,
      recoveryMs: Date.now() - upAt,
    },
  };
}

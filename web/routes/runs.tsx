import { Hono } from 'hono';
import type { Env } from '../../config/env.js';
import { PLATFORM_NAMES } from '../components/connection-card.js';
import { Page } from '../components/layout.js';
import { duration, When } from '../components/when.js';
import type { WebEnv } from '../context.js';
import { idParam } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

/** A run's execution in the Temporal UI (TEMPORAL_UI_URL): the person's way into the details. */
export const temporalRunUrl = (env: Env, workflowId: string) =>
  `${env.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(env.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;

const COUNT_COLUMNS = [
  ['emailsScanned', 'Scanned'],
  ['emailsArchived', 'Archived'],
  ['duplicatesSkipped', 'Duplicates'],
  ['factsExtracted', 'Facts'],
  ['bookingsEnriched', 'Enriched'],
  ['reviewItemsCreated', 'To review'],
] as const;

/** One connection's run history, newest first, each run linked to its execution. */
export function runPages(api: ClientOf, env: Env) {
  return new Hono<WebEnv>().get('/app/connections/:id/runs', async (c) => {
    const id = idParam(c);
    const connection = api(c).connections[':id'];
    const [conn, runs] = await Promise.all([
      answer(connection.$get({ param: { id } })),
      answer(connection.runs.$get({ param: { id }, query: { limit: 25, cursor: c.req.query('cursor') } })),
    ]);
    return c.html(
      <Page title="Run history" section="connections" wide>
        <p>
          {PLATFORM_NAMES[conn.platform]} · label <strong>{conn.reservationLabel}</strong> ·{' '}
          <a href={`/app#conn-${conn.id}`}>Back to the card</a>
        </p>
        {runs.items.length === 0 ? (
          <p class="empty">No runs yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Sync runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Status</th>
                  <th scope="col">Duration</th>
                  {COUNT_COLUMNS.map(([, name]) => (
                    <th scope="col" class="num">
                      {name}
                    </th>
                  ))}
                  <th scope="col">Error</th>
                  <th scope="col">Execution</th>
                </tr>
              </thead>
              <tbody>
                {runs.items.map((run) => (
                  <tr>
                    <td>
                      <When at={run.startedAt} />
                    </td>
                    <td>{run.trigger}</td>
                    <td>{run.mode}</td>
                    <td>
                      <span class={`status status-${run.status}`}>{run.status}</span>
                    </td>
                    <td>{duration(run.startedAt, run.finishedAt)}</td>
                    {COUNT_COLUMNS.map(([key]) => (
                      <td class="num">{run.counts[key]}</td>
                    ))}
                    <td>{run.error?.code ?? ''}</td>
                    <td>
                      <a href={temporalRunUrl(env, run.workflowId)} rel="noreferrer" target="_blank">
                        Temporal<span aria-hidden="true"> ↗</span>
                        <span class="visually-hidden"> UI: {run.workflowId} (opens a new tab)</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {runs.nextCursor ? (
          <p>
            <a href={`/app/connections/${id}/runs?cursor=${encodeURIComponent(runs.nextCursor)}`}>
              Older runs
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });
}

import { Hono } from 'hono';
import type { Connection } from '../../api/connection-record.js';
import type { ConnectionStatus } from '../../api/connection-status.js';
import type { ConnectionList } from '../../api/routes/connections.js';
import type { StartedRun } from '../../api/routes/sync.js';
import { AddForm } from '../components/add-form.js';
import { type CardProps, ConnectionCard, type Watch } from '../components/connection-card.js';
import { Notice, Page } from '../components/layout.js';
import { OAuthResultPage } from '../components/oauth-result.js';
import { Problem } from '../components/problem.js';
import type { WebEnv } from '../context.js';
import { attempt, callerOf, formOf, isPartial, numberField, refusalText } from '../request.js';
import type { Caller, WorkspaceApi } from '../workspace-api.js';

type Action = 'sync' | 'pause' | 'resume' | 'edit' | 'delete';

/** What each card button asks the API, and what the card says when it worked. */
const ACTIONS: Record<
  Action,
  {
    call: (api: WorkspaceApi, who: Caller, id: string, form: Record<string, string>) => Promise<unknown>;
    done: string;
  }
> = {
  sync: {
    call: (api, who, id) => api.post<StartedRun>(who, `/api/connections/${id}/sync`),
    done: 'Sync started.',
  },
  pause: { call: (api, who, id) => api.post(who, `/api/connections/${id}/pause`), done: 'Paused.' },
  resume: {
    call: (api, who, id) => api.post(who, `/api/connections/${id}/resume`),
    done: 'Resumed: syncing now.',
  },
  edit: {
    call: (api, who, id, form) =>
      api.patch(who, `/api/connections/${id}`, {
        reservationLabel: form.reservationLabel,
        syncIntervalMinutes: numberField(form.syncIntervalMinutes),
      }),
    done: 'Saved.',
  },
  delete: {
    call: (api, who, id) => api.delete(who, `/api/connections/${id}`),
    done: 'Deleted: Gmail access forgotten.',
  },
};

async function cardOf(api: WorkspaceApi, who: Caller, connection: Connection) {
  const status = await api.get<ConnectionStatus>(who, `/api/connections/${connection.id}/status`);
  return { connection, status };
}

/** The home page: one card per connection, live, and the form that adds one. */
export function connectionPages(api: WorkspaceApi) {
  const app = new Hono<WebEnv>();

  app.get('/app', async (c) => {
    const who = callerOf(c);
    const { items } = await api.get<ConnectionList>(who, '/api/connections');
    const cards = await Promise.all(items.map((conn) => cardOf(api, who, conn)));
    return c.html(<ConnectionsPage cards={cards} problem={c.req.query('problem')} />);
  });

  app.post('/app/connections', async (c) => {
    const who = callerOf(c);
    const form = await formOf(c);
    const created = await attempt(() =>
      api.post<Connection>(who, '/api/connections', {
        platform: form.platform,
        reservationLabel: form.reservationLabel,
        syncIntervalMinutes: numberField(form.syncIntervalMinutes),
      }),
    );
    if ('ok' in created) return c.redirect(`/app#conn-${created.ok.id}`, 303);
    const { items } = await api.get<ConnectionList>(who, '/api/connections');
    const cards = await Promise.all(items.map((conn) => cardOf(api, who, conn)));
    return c.html(
      <ConnectionsPage cards={cards} refused={refusalText(created.refused)} />,
      created.refused.status,
    );
  });

  app.get('/app/connections/:id/card', async (c) => {
    const who = callerOf(c);
    const connection = await api.get<Connection>(who, `/api/connections/${c.req.param('id')}`);
    const watch: Watch = {
      polls: Number(c.req.query('polls') ?? 0) || 0,
      untilWorkflowId: c.req.query('until'),
    };
    return c.html(<ConnectionCard {...(await cardOf(api, who, connection))} watch={watch} />);
  });

  app.post('/app/connections/:id/:action{sync|pause|resume|edit|delete}', async (c) => {
    const who = callerOf(c);
    const id = c.req.param('id');
    const action = ACTIONS[c.req.param('action') as Action];
    const result = await attempt(async () => action.call(api, who, id, await formOf(c)));
    if (!isPartial(c)) {
      if ('ok' in result) return c.redirect(`/app#conn-${id}`, 303);
    }
    const connection = await api.get<Connection>(who, `/api/connections/${id}`);
    const props: CardProps = { ...(await cardOf(api, who, connection)) };
    if ('ok' in result) {
      props.notice = { kind: 'ok', text: action.done };
      const started = result.ok as Partial<StartedRun> | undefined;
      if (started?.workflowId) props.watch = { polls: 0, untilWorkflowId: started.workflowId };
    } else {
      props.notice = { kind: 'error', text: refusalText(result.refused), code: result.refused.code };
    }
    if (isPartial(c)) return c.html(<ConnectionCard {...props} />);
    return c.html(
      <Page title="Connections" section="connections">
        <ConnectionCard {...props} />
        <p>
          <a href="/app">Back to all connections</a>
        </p>
      </Page>,
      'ok' in result ? 200 : result.refused.status,
    );
  });

  /**
   * The consent step, opened in the popup (or the whole tab): the API's own `gmail/start` answers,
   * and its redirect and whatever cookies it sets reach this browser unchanged.
   */
  app.get('/app/connections/:id/connect', async (c) => {
    const id = c.req.param('id');
    const res = await api.raw(callerOf(c), 'GET', `/api/connections/${id}/gmail/start`);
    if (res.status < 400) return res;
    // refused before Google (no label set, not ours): the popup's last page says why, as the callback's would
    const body = (await res.json()) as { error: { code: string } };
    return c.html(<OAuthResultPage ok={false} connectionId={id} code={body.error.code} />, res.status as 400);
  });

  return app;
}

function ConnectionsPage(props: {
  cards: { connection: Connection; status: ConnectionStatus }[];
  refused?: string;
  problem?: string | undefined;
}) {
  return (
    <Page title="Connections" section="connections">
      <div id="notices" aria-live="polite">
        {props.refused ? <Notice kind="error">{props.refused}</Notice> : null}
        {props.problem && /^[A-Z_]{2,40}$/.test(props.problem) ? <Problem code={props.problem} /> : null}
      </div>
      {props.cards.length === 0 ? (
        <p class="empty">No connections yet. Add one below, then connect Gmail.</p>
      ) : (
        <ul class="cards" aria-label="Connections">
          {props.cards.map((card) => (
            <li>
              <ConnectionCard {...card} />
            </li>
          ))}
        </ul>
      )}
      <AddForm noun="connection" action="/app/connections" idPrefix="new" titleId="add-title">
        <label for="new-label">Gmail label</label>
        <input id="new-label" name="reservationLabel" required placeholder="Airbnb" />
        <label for="new-interval">Sync every (minutes)</label>
        <input id="new-interval" name="syncIntervalMinutes" type="number" min="1" max="10080" value="15" />
      </AddForm>
    </Page>
  );
}

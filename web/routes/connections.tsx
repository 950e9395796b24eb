import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Connection } from '../../api/connection-record.js';
import type { ConnectionStatus } from '../../api/connection-status.js';
import { AppError } from '../../api/errors.js';
import { CODE } from '../../contracts/errors.js';
import type { Platform } from '../../contracts/platforms.js';
import { allConnections } from '../all-connections.js';
import { AddForm } from '../components/add-form.js';
import { type CardProps, ConnectionCard, POLL_LIMIT, type Watch } from '../components/connection-card.js';
import { Notice, Page } from '../components/layout.js';
import { OAuthResultPage } from '../components/oauth-result.js';
import { Problem } from '../components/problem.js';
import type { WebEnv } from '../context.js';
import { attempt, formOf, formValue, idParam, isPartial, numberField, refusalText } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

type Client = ReturnType<ClientOf>;
type OneConnection = Client['connections'][':id'];
type Action = 'sync' | 'pause' | 'resume' | 'edit' | 'delete';

/**
 * What each card button asks the API, and what the card says when it worked. Each call answers the
 * workflow id of the run it started, which the card then watches, or null.
 */
const ACTIONS: Record<
  Action,
  {
    call: (conn: OneConnection, id: string, form: Record<string, string>) => Promise<string | null>;
    done: string;
  }
> = {
  sync: {
    call: async (conn, id) => (await answer(conn.sync.$post({ param: { id } }))).workflowId,
    done: 'Sync started.',
  },
  pause: { call: (conn, id) => startsNoRun(conn.pause.$post({ param: { id } })), done: 'Paused.' },
  resume: {
    call: (conn, id) => startsNoRun(conn.resume.$post({ param: { id } })),
    done: 'Resumed: syncing now.',
  },
  edit: {
    call: (conn, id, form) =>
      startsNoRun(
        conn.$patch({
          param: { id },
          json: {
            reservationLabel: formValue(form.reservationLabel),
            syncIntervalMinutes: numberField(form.syncIntervalMinutes),
          },
        }),
      ),
    done: 'Saved.',
  },
  delete: {
    call: (conn, id) => startsNoRun(conn.$delete({ param: { id } })),
    done: 'Deleted: Gmail access forgotten.',
  },
};

/** An action whose answer the card does not need: it reads the connection afresh. */
async function startsNoRun(call: Parameters<typeof answer>[0]): Promise<null> {
  await answer(call);
  return null;
}

async function cardOf(api: Client, connection: Connection) {
  const status = await answer(api.connections[':id'].status.$get({ param: { id: connection.id } }));
  return { connection, status };
}

/** Every connection's card, newest first. */
async function allCards(api: Client) {
  return Promise.all((await allConnections(api)).map((conn) => cardOf(api, conn)));
}

/** The home page: one card per connection, live, and the form that adds one. */
export function connectionPages(api: ClientOf) {
  const app = new Hono<WebEnv>();

  app.get('/app', async (c) => {
    const cards = await allCards(api(c));
    return c.html(<ConnectionsPage cards={cards} problem={c.req.query('problem')} />);
  });

  app.post('/app/connections', async (c) => {
    const client = api(c);
    const form = await formOf(c);
    const created = await attempt(() =>
      answer(
        client.connections.$post({
          json: {
            platform: formValue<Platform>(form.platform),
            reservationLabel: formValue(form.reservationLabel),
            syncIntervalMinutes: numberField(form.syncIntervalMinutes),
          },
        }),
      ),
    );
    if ('ok' in created) return c.redirect(`/app#conn-${created.ok.id}`, 303);
    const cards = await allCards(client);
    return c.html(
      <ConnectionsPage cards={cards} refused={refusalText(created.refused)} />,
      created.refused.status,
    );
  });

  app.get('/app/connections/:id/card', async (c) => {
    const client = api(c);
    const id = idParam(c);
    const connection = await answer(client.connections[':id'].$get({ param: { id } }));
    const watch: Watch = { polls: pollsParam(c), untilWorkflowId: c.req.query('until') };
    return c.html(<ConnectionCard {...(await cardOf(client, connection))} watch={watch} />);
  });

  app.post('/app/connections/:id/:action{sync|pause|resume|edit|delete}', async (c) => {
    const client = api(c);
    const id = idParam(c);
    const action = ACTIONS[c.req.param('action') as Action];
    const result = await attempt(async () => action.call(client.connections[':id'], id, await formOf(c)));
    if (!isPartial(c)) {
      if ('ok' in result) return c.redirect(`/app#conn-${id}`, 303);
    }
    const connection = await answer(client.connections[':id'].$get({ param: { id } }));
    const props: CardProps = { ...(await cardOf(client, connection)) };
    if ('ok' in result) {
      props.notice = { kind: 'ok', text: action.done };
      if (result.ok) props.watch = { polls: 0, untilWorkflowId: result.ok };
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
    const id = idParam(c);
    const res = await api(c).connections[':id'].gmail.start.$get({ param: { id } });
    if (res.status < 400) return res;
    // refused before Google (no label set, not ours): the popup's last page says why, as the callback's would
    const body = (await res.json()) as { error: { code: string } };
    return c.html(<OAuthResultPage ok={false} connectionId={id} code={body.error.code} />, res.status as 400);
  });

  return app;
}

const Polls = z.coerce.number().int().min(0).max(POLL_LIMIT).default(0);

/**
 * How many times the card has refreshed itself: a whole number up to POLL_LIMIT, or the card would
 * poll forever (`polls=-1e9`). Refused as the API refuses a bad query: 400 naming `query.polls`.
 */
function pollsParam(c: Context): number {
  const polls = Polls.safeParse(c.req.query('polls') ?? undefined);
  if (polls.success) return polls.data;
  const message = polls.error.issues[0]?.message ?? `must be a whole number from 0 to ${POLL_LIMIT}`;
  throw new AppError(CODE.VALIDATION_FAILED, 'invalid query', [{ path: 'query.polls', message }]);
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

import { type Context, Hono } from 'hono';
import { AppError } from '../../api/errors.js';
import type {
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
} from '../../api/routes/webhook-endpoints.js';
import { Uuid } from '../../api/schemas.js';
import { CODE } from '../../contracts/errors.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../contracts/webhook-events.js';
import { ItemList } from '../components/item-list.js';
import { Notice, Page } from '../components/layout.js';
import { plural, When } from '../components/when.js';
import type { WebEnv } from '../context.js';
import { attempt, formValue, idParam, refusalText } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

/** What each event tells the host's systems, in a host's words. */
const EVENT_WORDS: Record<WebhookEventType, string> = {
  'booking.enriched': 'a booking took what an e-mail said',
  'review_item.opened': 'an e-mail needs a person',
  'review_item.resolved': 'a review item was resolved or dismissed',
  'conflict.opened': 'two channels disagree about a stay',
  'conflict.resolved': 'a conflict went away',
  'connection.needs_reauth': 'Gmail access was lost: reconnect',
  'connection.sync_failed': 'a Gmail sync failed',
  'message.unrecognized': 'an e-mail nobody could read',
};

const DISABLED_WORDS: Record<
  NonNullable<WebhookEndpoint['disabledReason']>,
  (e: WebhookEndpoint) => string
> = {
  gone: () => 'Disabled: it answered 410 Gone, which asks us to stop.',
  failing: (e) =>
    `Disabled after ${plural(e.failuresInARow, 'failed attempt')} in a row. Nothing is sent until you enable it; what was waiting is sent then, in order.`,
};

const DELIVERY_BADGES: Record<WebhookDelivery['status'], string> = {
  pending: '… Pending',
  delivered: '✓ Delivered',
  failed: '✗ Failed',
};

/** A secret shown once, right after it was made; never stored by the page. */
interface FreshSecret {
  endpointId: string;
  secret: string;
  rotated: boolean;
}

/**
 * Webhooks: the endpoints (add, enable, rotate the secret, delete), each one's secret once, and
 * each one's delivery log with a redeliver button. Everything through the typed client.
 */
export function webhookPages(api: ClientOf) {
  const app = new Hono<WebEnv>();
  const hooks = (c: Context<WebEnv>) => api(c)['webhook-endpoints'];
  const render = async (
    c: Context<WebEnv>,
    shown: { fresh?: FreshSecret; refused?: string; status?: number },
  ) => {
    const { items } = await answer(hooks(c).$get());
    return c.html(<WebhooksPage endpoints={items} {...shown} />, (shown.status ?? 200) as 200);
  };

  app.get('/app/webhooks', (c) => render(c, {}));

  app.post('/app/webhooks', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const events = [body.events ?? []].flat().filter((e): e is string => typeof e === 'string');
    const url = typeof body.url === 'string' ? body.url.trim() : undefined;
    const result = await attempt(() =>
      answer(
        hooks(c).$post({ json: { url: formValue(url), events: events.map(formValue<WebhookEventType>) } }),
      ),
    );
    if ('refused' in result)
      return render(c, { refused: refusalText(result.refused), status: result.refused.status });
    // the one time the secret exists outside the database: on this page, not behind a redirect
    return render(c, {
      fresh: { endpointId: result.ok.id, secret: result.ok.secret, rotated: false },
      status: 201,
    });
  });

  app.post('/app/webhooks/:id/rotate-secret', async (c) => {
    const id = idParam(c);
    const rotated = await answer(hooks(c)[':id']['rotate-secret'].$post({ param: { id } }));
    return render(c, { fresh: { endpointId: id, secret: rotated.secret, rotated: true } });
  });

  app.post('/app/webhooks/:id/:action{enable|delete}', async (c) => {
    const id = idParam(c);
    const one = hooks(c)[':id'];
    const act =
      c.req.param('action') === 'enable'
        ? one.enable.$post({ param: { id } })
        : one.$delete({ param: { id } });
    const result = await attempt(() => answer(act));
    if ('ok' in result) return c.redirect('/app/webhooks', 303);
    return render(c, { refused: refusalText(result.refused), status: result.refused.status });
  });

  const renderLog = async (c: Context<WebEnv>, id: string, refused?: { text: string; status: number }) => {
    const [{ items }, log] = await Promise.all([
      answer(hooks(c).$get()),
      answer(
        hooks(c)[':id'].deliveries.$get({
          param: { id },
          query: { limit: 50, cursor: c.req.query('cursor') },
        }),
      ),
    ]);
    const endpoint = items.find((e) => e.id === id);
    if (!endpoint) throw new AppError(CODE.NOT_FOUND, 'webhook endpoint not found');
    return c.html(
      <DeliveryLog endpoint={endpoint} log={log} refused={refused?.text} />,
      (refused?.status ?? 200) as 200,
    );
  };

  app.get('/app/webhooks/:id', (c) => renderLog(c, idParam(c)));

  app.post('/app/webhooks/:id/deliveries/:deliveryId/redeliver', async (c) => {
    const id = idParam(c);
    const deliveryId = deliveryIdParam(c);
    const result = await attempt(() =>
      answer(hooks(c)[':id'].deliveries[':deliveryId'].redeliver.$post({ param: { id, deliveryId } })),
    );
    if ('ok' in result) return c.redirect(`/app/webhooks/${id}`, 303);
    return renderLog(c, id, { text: refusalText(result.refused), status: result.refused.status });
  });
  return app;
}

/** The second id of the redeliver path, checked as `idParam` checks the first. */
function deliveryIdParam(c: Context): string {
  const id = Uuid.safeParse(c.req.param('deliveryId'));
  if (id.success) return id.data;
  throw new AppError(CODE.VALIDATION_FAILED, 'invalid param', [
    { path: 'param.deliveryId', message: 'must be a UUID in lower case' },
  ]);
}

function WebhooksPage(props: {
  endpoints: WebhookEndpoint[];
  fresh?: FreshSecret | undefined;
  refused?: string | undefined;
}) {
  return (
    <Page title="Webhooks" section="webhooks">
      <p>
        Your own systems hear what happens here as it happens: signed <code>POST</code>s by the{' '}
        <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> spec, retried for about a day.
      </p>
      {props.refused ? <Notice kind="error">{props.refused}</Notice> : null}
      {props.fresh ? <SecretOnce fresh={props.fresh} /> : null}
      {props.endpoints.length === 0 ? <p class="empty">No endpoints yet. Add one below.</p> : null}
      <ItemList class="cards" label="Webhook endpoints">
        {props.endpoints.map((e) => (
          <EndpointCard endpoint={e} />
        ))}
      </ItemList>
      <section class="panel" aria-labelledby="add-webhook">
        <h2 id="add-webhook">Add an endpoint</h2>
        <form method="post" action="/app/webhooks" class="stack">
          <label for="webhook-url">Endpoint URL</label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            required
            placeholder="https://…/webhooks/connections"
          />
          <fieldset>
            <legend>Events to send</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label class="check">
                <input
                  type="checkbox"
                  name="events"
                  value={type}
                  checked={type.startsWith('review_item') || undefined}
                />
                <span>
                  <code>{type}</code> — {EVENT_WORDS[type]}
                </span>
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary">
            Add endpoint
          </button>
        </form>
      </section>
    </Page>
  );
}

function SecretOnce(props: { fresh: FreshSecret }) {
  return (
    <section class="panel secret-once" aria-labelledby="secret-once" id={`secret-${props.fresh.endpointId}`}>
      <h2 id="secret-once">
        {props.fresh.rotated ? 'The new signing secret' : 'The endpoint’s signing secret'}
      </h2>
      <p>
        Copy it now: it is shown this once. Verify each delivery with it (the <code>standardwebhooks</code>{' '}
        library does it in one call).
        {props.fresh.rotated ? ' The old secret keeps signing too for a day, so switch at your pace.' : ''}
      </p>
      <p>
        <code class="secret" data-testid="secret">
          {props.fresh.secret}
        </code>
      </p>
    </section>
  );
}

function EndpointCard(props: { endpoint: WebhookEndpoint }) {
  const e = props.endpoint;
  return (
    <article class="card" aria-labelledby={`hook-${e.id}-title`} id={`hook-${e.id}`}>
      <header class="card-head">
        <h2 id={`hook-${e.id}-title`} class="url">
          {e.url}
        </h2>
        <span class={`badge badge-hook-${e.status}`}>
          {e.status === 'enabled' ? '✓ Enabled' : '⚠ Disabled'}
        </span>
      </header>
      {e.disabledReason ? (
        <div class="problem">
          <p>{DISABLED_WORDS[e.disabledReason](e)}</p>
          <p class="muted">
            Since <When at={e.disabledAt} />
          </p>
        </div>
      ) : null}
      <dl class="facts">
        <dt>Events</dt>
        <dd>{e.events.join(', ')}</dd>
        <dt>Added</dt>
        <dd>
          <When at={e.createdAt} />
        </dd>
        {e.previousSecretExpiresAt ? (
          <>
            <dt>Old secret</dt>
            <dd>
              signs too until <When at={e.previousSecretExpiresAt} />
            </dd>
          </>
        ) : null}
      </dl>
      <div class="actions">
        <a href={`/app/webhooks/${e.id}`}>Delivery log</a>
        {e.status === 'disabled' ? (
          <form method="post" action={`/app/webhooks/${e.id}/enable`}>
            <button type="submit">Enable</button>
          </form>
        ) : null}
        <form method="post" action={`/app/webhooks/${e.id}/rotate-secret`}>
          <button type="submit">Rotate secret</button>
        </form>
      </div>
      <details class="more">
        <summary>Delete…</summary>
        <form method="post" action={`/app/webhooks/${e.id}/delete`} class="stack">
          <p>Nothing more is sent to it; its delivery log goes with it.</p>
          <button type="submit" class="danger">
            Yes, delete this endpoint
          </button>
        </form>
      </details>
    </article>
  );
}

function DeliveryLog(props: {
  endpoint: WebhookEndpoint;
  log: WebhookDeliveryPage;
  refused?: string | undefined;
}) {
  const e = props.endpoint;
  return (
    <Page title="Delivery log" section="webhooks" wide>
      <p>
        <strong class="url">{e.url}</strong> ·{' '}
        <span class={`badge badge-hook-${e.status}`}>
          {e.status === 'enabled' ? '✓ Enabled' : '⚠ Disabled'}
        </span>{' '}
        · <a href="/app/webhooks">All endpoints</a>
      </p>
      {e.disabledReason ? <Notice kind="error">{DISABLED_WORDS[e.disabledReason](e)}</Notice> : null}
      {props.refused ? <Notice kind="error">{props.refused}</Notice> : null}
      {props.log.items.length === 0 ? (
        <p class="empty">Nothing sent yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">webhook-id</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.log.items.map((d) => (
                <tr id={`delivery-${d.id}`} data-status={d.status}>
                  <td>
                    <When at={d.createdAt} />
                  </td>
                  <td>
                    <code>{d.eventType}</code>
                    {d.redeliveryOf ? <span class="muted"> (sent again)</span> : null}
                  </td>
                  <td>
                    <span class={`status status-${d.status}`}>{DELIVERY_BADGES[d.status]}</span>
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td>{d.lastStatus ? `HTTP ${d.lastStatus}` : (d.lastError ?? '—')}</td>
                  <td>
                    <When at={d.nextAttemptAt} />
                  </td>
                  <td>
                    <code class="small">{d.webhookId}</code>
                  </td>
                  <td>
                    <form method="post" action={`/app/webhooks/${e.id}/deliveries/${d.id}/redeliver`}>
                      <button type="submit" aria-label={`Redeliver ${d.eventType} ${d.webhookId}`}>
                        Redeliver
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.log.nextCursor ? (
        <p>
          <a href={`/app/webhooks/${e.id}?cursor=${encodeURIComponent(props.log.nextCursor)}`}>
            Older deliveries
          </a>
        </p>
      ) : null}
    </Page>
  );
}

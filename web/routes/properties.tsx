import { type Context, Hono } from 'hono';
import type { Feed } from '../../api/routes/ical-feeds.js';
import type { ListingName } from '../../api/routes/listing-names.js';
import type { Property } from '../../api/routes/properties.js';
import { PLATFORM_NAMES } from '../components/connection-card.js';
import { channelWords, feedTitle } from '../components/feed-title.js';
import { Notice, Page } from '../components/layout.js';
import { plural } from '../components/when.js';
import type { WebEnv } from '../context.js';
import { attempt, formId, formOf, formValue, idParam, refusalText } from '../request.js';
import { answer, type ClientOf } from '../workspace-client.js';

/** How a listing name came to name its property, in words. */
const SOURCE_WORDS: Record<'match' | 'person', string> = {
  match: 'learnt from a matched e-mail',
  person: 'you chose it',
};

/**
 * Properties: each with its calendars (one per channel), the listing names its mail uses, and its
 * calendar view; add a property, put a calendar in it or take it out; confirm the property a new
 * listing name names (the suggestion is preselected; nothing counts until a person confirms).
 */
export function propertyPages(api: ClientOf) {
  const app = new Hono<WebEnv>();
  const render = async (c: Context<WebEnv>, notice?: { refused?: string; done?: string }, status = 200) => {
    const client = api(c);
    const [properties, feeds, names] = await Promise.all([
      answer(client.properties.$get()),
      answer(client['ical-feeds'].$get()),
      answer(client['listing-names'].$get({ query: { unmapped: 'true' } })),
    ]);
    return c.html(
      <PropertiesPage properties={properties.items} feeds={feeds.items} newNames={names.items} {...notice} />,
      status as 200,
    );
  };
  const afterAction = async (c: Context<WebEnv>, action: () => Promise<unknown>, done: string) => {
    const result = await attempt(action);
    if ('ok' in result) return c.redirect(`/app/properties?done=${encodeURIComponent(done)}`, 303);
    return render(c, { refused: refusalText(result.refused) }, result.refused.status);
  };

  app.get('/app/properties', (c) => {
    const done = c.req.query('done');
    return render(c, done ? { done: done.slice(0, 200) } : undefined);
  });

  app.post('/app/properties', async (c) => {
    const form = await formOf(c);
    return afterAction(
      c,
      () => answer(api(c).properties.$post({ json: { name: formValue(form.name) } })),
      'Property added.',
    );
  });

  // a calendar into a property, or out of any (propertyId empty)
  app.post('/app/feeds/:id/property', async (c) => {
    const id = idParam(c);
    const form = await formOf(c);
    const propertyId = form.propertyId ? formValue(form.propertyId) : null;
    return afterAction(
      c,
      () => answer(api(c)['ical-feeds'][':id'].$patch({ param: { id }, json: { propertyId } })),
      propertyId ? 'Calendar added to the property.' : 'Calendar taken out of the property.',
    );
  });

  app.post('/app/properties/:id/feeds', async (c) => {
    const propertyId = idParam(c);
    const form = await formOf(c);
    return afterAction(
      c,
      () =>
        answer(
          api(c)['ical-feeds'][':id'].$patch({
            param: { id: formId(form.feedId, 'feedId') },
            json: { propertyId },
          }),
        ),
      'Calendar added to the property.',
    );
  });

  // which property a listing name names ("none" when it names none of them)
  app.post('/app/listing-names/:id', async (c) => {
    const id = idParam(c);
    const form = await formOf(c);
    const propertyId = form.propertyId && form.propertyId !== 'none' ? formValue(form.propertyId) : null;
    return afterAction(
      c,
      () => answer(api(c)['listing-names'][':id'].$patch({ param: { id }, json: { propertyId } })),
      'Listing name saved.',
    );
  });
  return app;
}

function PropertiesPage(props: {
  properties: Property[];
  feeds: Feed[];
  newNames: ListingName[];
  refused?: string | undefined;
  done?: string | undefined;
}) {
  const nameOf = new Map(props.properties.map((p) => [p.id, p.name]));
  return (
    <Page title="Properties" section="properties">
      {props.refused ? <Notice kind="error">{props.refused}</Notice> : null}
      {props.done ? <Notice kind="ok">{props.done}</Notice> : null}
      <p class="muted">
        A property is a place that can be booked once per night. Put each channel's calendar in it:
        Connections compares them, and the e-mails that name it, and tells you at once when two channels sell
        the same night.
      </p>
      {props.newNames.length > 0 ? (
        <NewListingNames names={props.newNames} properties={props.properties} nameOf={nameOf} />
      ) : null}
      {props.properties.length === 0 ? (
        <p class="empty">No properties yet. Add your first place below.</p>
      ) : null}
      <ul class="cards" aria-label="Properties">
        {props.properties.map((property) => (
          <li>
            <PropertyCard property={property} feeds={props.feeds} nameOf={nameOf} />
          </li>
        ))}
      </ul>
      <section class="panel" aria-labelledby="add-property">
        <h2 id="add-property">Add a property</h2>
        <form method="post" action="/app/properties" class="stack">
          <label for="property-name">Name</label>
          <input id="property-name" name="name" required maxlength={200} placeholder="Loft Santa Croce" />
          <button type="submit" class="primary">
            Add property
          </button>
        </form>
      </section>
    </Page>
  );
}

function PropertyCard(props: { property: Property; feeds: Feed[]; nameOf: Map<string, string> }) {
  const p = props.property;
  const others = props.feeds.filter((f) => f.propertyId !== p.id);
  const titleId = `property-${p.id}-title`;
  return (
    <article class="card" id={`property-${p.id}`} aria-labelledby={titleId}>
      <header class="card-head">
        <h2 id={titleId}>{p.name}</h2>
        {p.openConflicts > 0 ? (
          <a class="badge badge-conflict" href={`/app/conflicts?property=${p.id}`}>
            ⚠ {plural(p.openConflicts, 'conflict')}
          </a>
        ) : (
          <span class="badge badge-feed-active">✓ No conflicts</span>
        )}
      </header>
      <p>
        <a href={`/app/properties/${p.id}/calendar`}>Calendar of {p.name}</a>
      </p>
      <h3>Calendars</h3>
      {p.feeds.length === 0 ? <p class="muted">No calendar in this property yet.</p> : null}
      <ul class="plain-list">
        {p.feeds.map((feed) => (
          <li>
            <span class="tag">{channelWords(feed.platform)}</span> {feedTitle(feed)}
            <form method="post" action={`/app/feeds/${feed.id}/property`} class="inline">
              <input type="hidden" name="propertyId" value="" />
              <button type="submit" class="quiet">
                Take out
                <span class="visually-hidden">
                  {' '}
                  {feedTitle(feed)} from {p.name}
                </span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <form method="post" action={`/app/properties/${p.id}/feeds`} class="filters" data-add-feed>
          <label for={`add-feed-${p.id}`}>Add a calendar</label>
          <select id={`add-feed-${p.id}`} name="feedId">
            {others.map((feed) => (
              <option value={feed.id}>
                {PLATFORM_NAMES[feed.platform]} · {feedTitle(feed)}
                {feed.propertyId
                  ? ` (now in ${props.nameOf.get(feed.propertyId) ?? 'another property'})`
                  : ''}
              </option>
            ))}
          </select>
          <button type="submit">Add to {p.name}</button>
        </form>
      ) : null}
      <h3>Listing names in mail</h3>
      {p.listingNames.length === 0 ? (
        <p class="muted small">No e-mail has named it yet.</p>
      ) : (
        <ul class="plain-list">
          {p.listingNames.map((n) => (
            <li>
              <span class="tag">{channelWords(n.platform)}</span> “{n.name}”{' '}
              <span class="muted small">
                {plural(n.facts, 'e-mail')} · {SOURCE_WORDS[n.source]}
              </span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** Names mail used that no match or person has tied to a property yet: confirm the suggestion, or choose. */
function NewListingNames(props: {
  names: ListingName[];
  properties: Property[];
  nameOf: Map<string, string>;
}) {
  return (
    <section class="panel attention" aria-labelledby="new-names">
      <h2 id="new-names">New listing names in mail</h2>
      <p class="muted small">
        Which property does each name mean? Until you say, its e-mails are not compared with any calendar.
      </p>
      <ul class="plain-list">
        {props.names.map((n) => (
          <li data-listing-name={n.id}>
            <form method="post" action={`/app/listing-names/${n.id}`} class="filters">
              <label for={`name-${n.id}`}>
                <span class="tag">{channelWords(n.platform)}</span> “{n.name}”
                <span class="muted small"> ({plural(n.facts, 'e-mail')})</span>
              </label>
              <select id={`name-${n.id}`} name="propertyId">
                {props.properties.map((p) => (
                  <option value={p.id} selected={p.id === n.suggestedPropertyId}>
                    {p.name}
                    {p.id === n.suggestedPropertyId ? ' (suggested)' : ''}
                  </option>
                ))}
                <option value="none" selected={!n.suggestedPropertyId}>
                  None of my properties
                </option>
              </select>
              <button type="submit">{n.suggestedPropertyId ? 'Confirm' : 'Save'}</button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

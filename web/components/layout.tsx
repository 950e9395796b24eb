import type { Child } from 'hono/jsx';
import { openConflictsNow } from '../nav-counts.js';

export type Section =
  | 'connections'
  | 'review'
  | 'bookings'
  | 'activity'
  | 'feeds'
  | 'properties'
  | 'conflicts'
  | 'webhooks';

/** `count`: a number the item shows beside its label when there is something to see. */
const NAV: { section: Section; href: string; label: string; count?: () => number | undefined }[] = [
  { section: 'connections', href: '/app', label: 'Connections' },
  { section: 'review', href: '/app/review', label: 'Review' },
  { section: 'bookings', href: '/app/bookings', label: 'Bookings' },
  { section: 'activity', href: '/app/activity', label: 'Activity' },
  { section: 'feeds', href: '/app/feeds', label: 'Feeds' },
  { section: 'properties', href: '/app/properties', label: 'Properties' },
  { section: 'conflicts', href: '/app/conflicts', label: 'Conflicts', count: openConflictsNow },
  { section: 'webhooks', href: '/app/webhooks', label: 'Webhooks' },
];

/** htmx's own inline indicator styles would break our CSP (style-src 'self'); app.css has them. */
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, defaultSwapStyle: 'outerHTML' });

function Document(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{props.title} · Connections</title>
        <link rel="stylesheet" href="/app/assets/app.css" />
        <script src="/app/assets/htmx.min.js" defer />
        <script src="/app/assets/app.js" defer />
      </head>
      {props.children}
    </html>
  );
}

/** A signed-in page: skip link, the main navigation, sign out, then the page. */
export function Page(props: { title: string; section: Section; wide?: boolean; children: Child }) {
  return (
    <Document title={props.title}>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">Connections</span>
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li>
                  <a href={item.href} aria-current={item.section === props.section ? 'page' : undefined}>
                    {item.label}
                    <NavCount n={item.count?.()} />
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form method="post" action="/app/sign-out" class="sign-out">
            <button type="submit" class="quiet">
              Sign out
            </button>
          </form>
          <form method="post" action="/app/sign-out-everywhere" class="sign-out">
            <button
              type="submit"
              class="quiet"
              title="Ends every session of this workspace, in every browser"
            >
              Sign out everywhere
            </button>
          </form>
        </header>
        <main id="main" tabindex={-1} class={props.wide ? 'wide' : undefined}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </Document>
  );
}

/** The number beside a navigation item, in words for a screen reader; nothing when it is 0. */
function NavCount(props: { n: number | undefined }) {
  if (!props.n) return null;
  return (
    <>
      {' '}
      <span class="nav-count" data-testid="nav-count">
        {props.n}
      </span>
      <span class="visually-hidden"> open</span>
    </>
  );
}

/** A page without the navigation: sign-in, the OAuth callback. */
export function BarePage(props: { title: string; children: Child }) {
  return (
    <Document title={props.title}>
      <body class="bare">
        <main id="main">{props.children}</main>
      </body>
    </Document>
  );
}

/** A message the page announces (polite) or, for a failure, asserts. */
export function Notice(props: { kind: 'ok' | 'error'; children: Child }) {
  return (
    <p class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <span aria-hidden="true">{props.kind === 'error' ? '⚠ ' : '✓ '}</span>
      {props.children}
    </p>
  );
}

import { Hono } from 'hono';
import { html } from 'hono/html';

/**
 * The browsable API docs (Swagger UI), with its CSS and script served by us from `swagger-ui-dist`
 * instead of a CDN: `/docs` works offline and the browser fetches nothing from outside.
 */
export function apiDocsRoutes() {
  return new Hono().get('/docs', (c) => {
    c.header(
      'Content-Security-Policy',
      // Swagger UI styles itself inline; nothing else is loosened, and nobody may frame the page
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Connections API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui" data-url="/openapi.json"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/api-docs.js"></script>
  </body>
</html>`);
  });
}

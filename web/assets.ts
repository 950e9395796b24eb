import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
const OWN = join(dirname(fileURLToPath(import.meta.url)), 'static');
const fromPackage = (file: string) => require.resolve(file);
const own = (file: string) => join(OWN, file);

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * Every file a page of ours loads, by URL: our own CSS and scripts, and the npm packages' builds.
 * Nothing comes from a CDN, so the app and the API docs work offline and leak no visit to a third
 * party. A table, not a directory: no request can name a file that is not listed here.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/app/assets/app.css': { file: own('app.css'), type: CSS },
  '/app/assets/app.js': { file: own('app.js'), type: JS },
  '/app/assets/oauth-callback.js': { file: own('oauth-callback.js'), type: JS },
  '/app/assets/htmx.min.js': { file: fromPackage('htmx.org/dist/htmx.min.js'), type: JS },
  '/docs/assets/swagger-ui.css': { file: swaggerFile('swagger-ui.css'), type: CSS },
  '/docs/assets/swagger-ui-bundle.js': { file: swaggerFile('swagger-ui-bundle.js'), type: JS },
  '/docs/assets/api-docs.js': { file: own('api-docs.js'), type: JS },
};

function swaggerFile(name: string): string {
  return join(dirname(fromPackage('swagger-ui-dist/package.json')), name);
}

/** The assets, read once at start (a missing package fails the start, not a page view). */
export function assetRoutes() {
  const loaded = Object.entries(ASSETS).map(([path, { file, type }]) => ({
    path,
    type,
    body: readFileSync(file),
  }));
  const app = new Hono();
  for (const asset of loaded)
    app.get(asset.path, (c) =>
      c.body(new Uint8Array(asset.body), 200, {
        'Content-Type': asset.type,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      }),
    );
  return app;
}

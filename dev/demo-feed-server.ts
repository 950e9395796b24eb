import { readFile } from 'node:fs/promises';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';

/** Serves the demo iCal feed over HTTP, as Airbnb would, so the import path is the real one. */
export function serveDemoFeed(opts: {
  port: number;
  file: string;
}): Promise<{ url: string; server: ServerType }> {
  const app = new Hono().get('/demo/airbnb.ics', async (c) =>
    c.body(await readFile(opts.file, 'utf8'), 200, { 'content-type': 'text/calendar; charset=utf-8' }),
  );
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: opts.port }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}/demo/airbnb.ics`, server }),
    );
    server.once('error', reject);
  });
}

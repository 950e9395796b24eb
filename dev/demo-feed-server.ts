import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The demo place's calendar on each channel, as the channel exports it: Airbnb's (`file`), and
 * beside it Vrbo's and Booking.com's, each showing the others' stays as blocked nights the way
 * channels that import each other's iCal do.
 */
const DEMO_CALENDARS = { airbnb: null, vrbo: 'vrbo.ics', booking: 'booking.ics' } as const;
export type DemoChannel = keyof typeof DEMO_CALENDARS;
export const DEMO_CHANNELS = Object.keys(DEMO_CALENDARS) as DemoChannel[];

/**
 * Serves the demo iCal feeds over HTTP on loopback, as the channels would, so the import path is the
 * real one: `/demo/<channel>.ics`. `override` lets a test serve another calendar for a channel
 * (a channel's calendar changing); it answers null to serve the file.
 */
export function serveDemoFeed(opts: {
  port: number;
  file: string;
  override?: (channel: DemoChannel) => string | null;
}): Promise<{ url: string; urls: Record<DemoChannel, string>; server: ServerType }> {
  const fileOf = (channel: DemoChannel) => {
    const sibling = DEMO_CALENDARS[channel];
    return sibling ? join(dirname(opts.file), sibling) : opts.file;
  };
  const app = new Hono().get('/demo/:file{[a-z]+\\.ics}', async (c) => {
    const channel = c.req.param('file').replace(/\.ics$/, '') as DemoChannel;
    if (!DEMO_CHANNELS.includes(channel)) return c.notFound();
    const text = opts.override?.(channel) ?? (await readFile(fileOf(channel), 'utf8'));
    return c.body(text, 200, { 'content-type': 'text/calendar; charset=utf-8' });
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: opts.port }, (info) => {
      const base = `http://127.0.0.1:${info.port}/demo`;
      const urls = Object.fromEntries(DEMO_CHANNELS.map((ch) => [ch, `${base}/${ch}.ics`])) as Record<
        DemoChannel,
        string
      >;
      resolve({ url: urls.airbnb, urls, server });
    });
    server.once('error', reject);
  });
}

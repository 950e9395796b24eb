import type { AppEnv } from '@emulators/core';
import type { GoogleStore } from '@emulators/google';
import type { Hono } from 'hono';
import { decodeWords } from 'postal-mime';
import { mailboxOf } from './gmail-user.js';

export interface MessageHeader {
  name: string;
  value: string;
}

/** Every header of an RFC 822 message, unfolded and with encoded words decoded, in order. */
export function headersOfRaw(raw: Buffer): MessageHeader[] {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const section = end < 0 ? text : text.slice(0, end);
  return section
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.match(/^([^:\s]+):\s*(.*)$/))
    .filter((match) => match !== null)
    .map(([, name = '', value = '']) => ({ name, value: decodeWords(value) }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FORMATS_WITH_HEADERS = new Set(['full', 'metadata']);

/**
 * @emulators/google answers `format=full|metadata` with only ten well-known headers, undecoded; Gmail
 * gives them all (`X-Template`, `X-Locale`, … which the extractor reads), filtered by `metadataHeaders`.
 * Rewrites `payload.headers` from the stored raw message.
 */
export function registerFullHeaders(app: Hono<AppEnv>, gs: GoogleStore): void {
  app.get('/gmail/v1/users/:userId/messages/:id', async (c, next) => {
    await next();
    const format = c.req.query('format') ?? 'full';
    if (c.res.status !== 200 || !FORMATS_WITH_HEADERS.has(format)) return;
    const email = mailboxOf(c);
    if (typeof email !== 'string') return;
    const stored = gs.messages.findBy('gmail_id', c.req.param('id')).find((m) => m.user_email === email);
    const resource: unknown = await c.res.clone().json();
    if (!stored?.raw || !isRecord(resource) || !isRecord(resource.payload)) return;
    const wanted = new Set((c.req.queries('metadataHeaders') ?? []).map((h) => h.toLowerCase()));
    const headers = headersOfRaw(Buffer.from(stored.raw, 'base64url')).filter(
      (h) => format === 'full' || wanted.size === 0 || wanted.has(h.name.toLowerCase()),
    );
    c.res = c.json({ ...resource, payload: { ...resource.payload, headers } });
  });
}

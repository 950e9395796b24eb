import type { AppEnv } from '@emulators/core';
import type { GoogleStore } from '@emulators/google';
import type { Hono } from 'hono';
import { gmailErrorResponse } from './gmail-errors.js';
import { mailboxOf } from './gmail-user.js';

type StoredMessage = ReturnType<GoogleStore['messages']['all']>[number];

const INDEXED_FORMATS = new Set(['raw', 'minimal']);
const CACHED_RAW_CHARS = 1024 * 1024;

/**
 * `messages.get` in O(1). @emulators/google finds a message by listing every message of the user and
 * scanning them (`findBy('user_email').find(…)`), so each call costs O(mailbox) and a benchmark of a
 * 20k-message sync measured the emulator, not us. The store already indexes `gmail_id`; this route
 * answers `format=raw|minimal` (what the sync asks for) from that index, with the response body
 * serialised once per stored version of the message. Other formats fall through to the plugin.
 */
export function registerIndexedMessageGet(app: Hono<AppEnv>, gs: GoogleStore): void {
  const bodies = new WeakMap<StoredMessage, { raw: string; minimal: string }>();
  app.get('/gmail/v1/users/:userId/messages/:id', async (c, next) => {
    const format = c.req.query('format') ?? 'full';
    if (!INDEXED_FORMATS.has(format) || c.req.queries('metadataHeaders')) return next();
    const email = mailboxOf(c);
    if (typeof email !== 'string') return email;
    const message = gs.messages.findBy('gmail_id', c.req.param('id')).find((m) => m.user_email === email);
    if (!message) return gmailErrorResponse('notFound');
    if (!message.raw) return next();
    let body = bodies.get(message);
    if (!body) {
      body = serialise(message);
      // the store replaces the object on every update, so a label change never serves a stale body;
      // a message of megabytes (the byte-budget tests) is serialised afresh rather than kept twice
      if ((message.raw?.length ?? 0) <= CACHED_RAW_CHARS) bodies.set(message, body);
    }
    return c.body(format === 'raw' ? body.raw : body.minimal, 200, { 'content-type': 'application/json' });
  });
}

/** The plugin's resource shape for these two formats, field for field. */
function serialise(message: StoredMessage): { raw: string; minimal: string } {
  const base = {
    id: message.gmail_id,
    threadId: message.thread_id,
    labelIds: message.label_ids,
    snippet: message.snippet,
    historyId: message.history_id,
    internalDate: message.internal_date,
    // the plugin's estimate: the stored (base64url) form's length
    sizeEstimate: Buffer.byteLength(message.raw ?? '', 'utf8'),
  };
  return { raw: JSON.stringify({ ...base, raw: message.raw }), minimal: JSON.stringify(base) };
}

import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { OidcIssuer } from './oidc-issuer.js';

export interface PushRelay {
  /** Where the push subscription (or the emulator's direct publisher) POSTs: `<url>/push`. */
  pushUrl: string;
  /** The issuer's public keys: what the API's `GMAIL_PUSH_JWKS_URL` points at. */
  jwksUrl: string;
  /** The API's push endpoint the relay forwards to (settable once the API is listening). */
  deliverTo(url: string): void;
  /** Pushes forwarded, and the statuses the API answered. */
  delivered(): { count: number; statuses: Record<number, number> };
  stop(): Promise<void>;
}

/**
 * What Pub/Sub does that its emulator does not: put Google's OIDC token on each push. Listens on
 * loopback; every POST to /push is forwarded to the API with `Authorization: Bearer <token>` signed
 * by the dev issuer (audience and service account as configured), and the API's status goes back to
 * the caller, so the Pub/Sub emulator redelivers what the API did not take. GET /certs serves the
 * issuer's JWKS. Development and tests only: production pushes come from Pub/Sub itself.
 */
export async function startPushRelay(opts: {
  issuer: OidcIssuer;
  /** The tokens' audience; default: the URL delivered to (the API's default audience is its push URL). */
  audience?: string;
  serviceAccount: string;
  /** The API's push URL, if known yet (else deliverTo). */
  target?: string;
}): Promise<PushRelay> {
  let target = opts.target ?? null;
  let count = 0;
  const statuses: Record<number, number> = {};
  const app = new Hono();
  app.get('/certs', (c) => c.json(opts.issuer.jwks()));
  app.post('/push', async (c) => {
    if (!target) return c.text('no API to deliver to yet', 503);
    const token = await opts.issuer.sign({ aud: opts.audience ?? target, email: opts.serviceAccount });
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: await c.req.text(),
    }).catch(() => null);
    const status = res?.status ?? 502;
    await res?.body?.cancel();
    count += 1;
    statuses[status] = (statuses[status] ?? 0) + 1;
    return c.body(null, status === 204 ? 204 : (status as 200));
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    pushUrl: `${url}/push`,
    jwksUrl: `${url}/certs`,
    deliverTo(next) {
      target = next;
    },
    delivered: () => ({ count, statuses: { ...statuses } }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

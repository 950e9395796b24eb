import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PushTokenVerifier, pushTokenVerifier } from '../../../api/push-token.js';
import { createOidcIssuer, type OidcIssuer } from '../../../dev/push/index.js';

const AUDIENCE = 'https://connections.test/api/gmail/push';
const ACCOUNT = 'gmail-push@connections-test.iam.gserviceaccount.com';

/** The issuer's JWKS on a loopback server, counting fetches: Google's stand-in, never Google. */
let issuer: OidcIssuer;
let server: ServerType;
let jwksUrl: string;
let fetches = 0;
let verify: PushTokenVerifier;

beforeAll(async () => {
  issuer = await createOidcIssuer();
  const app = new Hono().get('/certs', (c) => {
    fetches += 1;
    return c.json(issuer.jwks());
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  verify = pushTokenVerifier({ audience: AUDIENCE, serviceAccount: ACCOUNT, jwksUrl });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const bearer = (token: string) => `Bearer ${token}`;
const now = () => Math.floor(Date.now() / 1000);

describe('the push token verifier', () => {
  it('accepts a token of the push subscription’s service account for our endpoint', async () => {
    expect(await verify(bearer(await issuer.sign({ aud: AUDIENCE, email: ACCOUNT })))).toEqual({ ok: true });
    // Google's other spelling of its issuer
    const bare = await issuer.sign({ aud: AUDIENCE, email: ACCOUNT, iss: 'accounts.google.com' });
    expect(await verify(bearer(bare))).toEqual({ ok: true });
  });

  it.each([
    ['missing', async () => undefined],
    ['not a bearer token', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['not a JWT', async () => bearer('not.a.jwt')],
    [
      'signed with another key',
      async () => bearer(await (await createOidcIssuer()).sign({ aud: AUDIENCE, email: ACCOUNT })),
    ],
    [
      'for another audience',
      async () => bearer(await issuer.sign({ aud: 'https://attacker.example/push', email: ACCOUNT })),
    ],
    [
      'from another issuer',
      async () => bearer(await issuer.sign({ aud: AUDIENCE, email: ACCOUNT, iss: 'https://evil.example' })),
    ],
    [
      'for another service account',
      async () => bearer(await issuer.sign({ aud: AUDIENCE, email: 'x@y.iam.gserviceaccount.com' })),
    ],
    [
      'with an unverified email',
      async () => bearer(await issuer.sign({ aud: AUDIENCE, email: ACCOUNT, email_verified: false })),
    ],
    [
      'expired',
      async () =>
        bearer(
          await issuer.sign(
            { aud: AUDIENCE, email: ACCOUNT },
            { issuedAt: now() - 7200, expiresInSeconds: 3600 },
          ),
        ),
    ],
    [
      'unsigned (alg none)',
      async () => bearer(unsigned({ aud: AUDIENCE, email: ACCOUNT, iss: 'https://accounts.google.com' })),
    ],
  ])('refuses a token %s', async (_name, header) => {
    const verdict = await verify(await header());
    expect(verdict.ok).toBe(false);
  });

  it('fetches the keys once and keeps them; an unknown key id refetches at most once in the cooldown', async () => {
    const before = fetches;
    for (let i = 0; i < 5; i++) await verify(bearer(await issuer.sign({ aud: AUDIENCE, email: ACCOUNT })));
    expect(fetches - before).toBeLessThanOrEqual(1);
    const forger = await createOidcIssuer();
    const afterValid = fetches;
    for (let i = 0; i < 10; i++) await verify(bearer(await forger.sign({ aud: AUDIENCE, email: ACCOUNT })));
    expect(fetches - afterValid).toBeLessThanOrEqual(1);
  });

  it('refuses everything when push is not configured, and fetches nothing', async () => {
    const off = pushTokenVerifier(null);
    const before = fetches;
    expect((await off(bearer(await issuer.sign({ aud: AUDIENCE, email: ACCOUNT })))).ok).toBe(false);
    expect(fetches).toBe(before);
  });
});

function unsigned(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iat: now(), exp: now() + 3600 })}.`;
}

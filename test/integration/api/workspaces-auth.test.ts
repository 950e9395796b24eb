import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app.js';
import type { CreatedWorkspace, RotatedToken } from '../../../api/routes/workspaces.js';
import { connectDb } from '../../../db/client.js';
import { ADMIN_TOKEN, type Api, startApi } from './harness.js';
import { responseContract } from './response-contract.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const ID = '7d0f7a5e-3c51-4d6e-9b0b-2f1f3c9b8a11';

/** Every route behind workspace auth. */
const PROTECTED: [string, string][] = [
  ['POST', '/api/connections'],
  ['GET', '/api/connections'],
  ['GET', `/api/connections/${ID}`],
  ['PATCH', `/api/connections/${ID}`],
  ['DELETE', `/api/connections/${ID}`],
  ['GET', `/api/connections/${ID}/gmail/start`],
  ['POST', `/api/connections/${ID}/sync`],
  ['POST', `/api/connections/${ID}/pause`],
  ['POST', `/api/connections/${ID}/resume`],
  ['GET', `/api/connections/${ID}/status`],
  ['GET', `/api/connections/${ID}/runs`],
  ['GET', `/api/connections/${ID}/health`],
  ['POST', `/api/connections/${ID}/reprocess`],
  ['GET', '/api/review-items'],
  ['POST', `/api/review-items/${ID}/resolve`],
  ['POST', `/api/review-items/${ID}/dismiss`],
  ['POST', '/api/ical-feeds'],
  ['GET', '/api/ical-feeds'],
  ['GET', '/api/bookings'],
];

describe('POST /api/workspaces', () => {
  it('creates a workspace and stores only the hash of its token', async () => {
    const res = await api.call<CreatedWorkspace>('POST', '/api/workspaces', {
      json: { name: 'Seaside' },
      headers: { 'X-Admin-Token': ADMIN_TOKEN },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Seaside', id: expect.any(String), apiToken: expect.any(String) });
    const [row] = await api.stack.sql<
      { api_token_hash: string }[]
    >`SELECT api_token_hash FROM workspaces WHERE id = ${res.body.id}`;
    expect(row!.api_token_hash).toBe(createHash('sha256').update(res.body.apiToken).digest('hex'));
    const dump = await api.stack.sql`SELECT row_to_json(w)::text AS t FROM workspaces w`;
    expect(JSON.stringify(dump)).not.toContain(res.body.apiToken);
  });

  it('needs the admin token', async () => {
    for (const headers of [{}, { 'X-Admin-Token': 'wrong-token' }] as Record<string, string>[]) {
      const res = await api.call('POST', '/api/workspaces', { json: { name: 'x' }, headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('validates the body', async () => {
    const headers = { 'X-Admin-Token': ADMIN_TOKEN };
    const cases = [
      { json: {} },
      { json: { name: '' } },
      { json: { name: 42 } },
      { raw: '{"name":' },
      { json: 'just a string' },
    ];
    for (const c of cases) {
      const res = await api.call('POST', '/api/workspaces', { ...c, headers });
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const missing = await api.call('POST', '/api/workspaces', { json: {}, headers });
    expect(missing.body.error.details).toEqual([{ path: 'json.name', message: expect.any(String) }]);
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE, not 400 or 500', async () => {
    const res = await api.call('POST', '/api/workspaces', {
      raw: 'name=x',
      headers: { 'X-Admin-Token': ADMIN_TOKEN, 'Content-Type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('workspace auth', () => {
  it.each(PROTECTED)('%s %s answers 401 without a valid token', async (method, path) => {
    for (const headers of [{}, { Authorization: 'Bearer nope' }, { Authorization: 'Basic abc' }] as Record<
      string,
      string
    >[]) {
      const res = await api.call(method, path, { headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('lets a valid token through and shows only its own workspace', async () => {
    const a = await api.newWorkspace('A');
    const b = await api.newWorkspace('B');
    await api.newConnection(a.token, 'Airbnb');
    const listA = await api.call<{ items: unknown[] }>('GET', '/api/connections', { token: a.token });
    const listB = await api.call<{ items: unknown[] }>('GET', '/api/connections', { token: b.token });
    expect(listA.body.items).toHaveLength(1);
    expect(listB.body.items).toHaveLength(0);
  });
});

describe('the rest of the surface', () => {
  it('answers unknown routes with 404 NOT_FOUND', async () => {
    const { token } = await api.newWorkspace();
    for (const [method, path, opts] of [
      ['GET', '/nope', {}],
      ['GET', '/api/nope', { token }],
      ['PUT', '/api/connections', { token }],
    ] as const) {
      const res = await api.call(method, path, opts);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('echoes a request id, or makes one', async () => {
    const given = await api.call('GET', '/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await api.call('GET', '/healthz');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const rejected = await api.call('GET', '/api/connections', { headers: { 'X-Request-Id': 'rejected-1' } });
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get('x-request-id')).toBe('rejected-1');
    const unsafe = await api.call('GET', '/healthz', { headers: { 'X-Request-Id': 'a b\tc' } });
    expect(unsafe.headers.get('x-request-id')).not.toBe('a b\tc');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await api.call<{
      openapi: string;
      paths: Record<string, Record<string, { responses: object }>>;
    }>('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const [method, path] of PROTECTED) {
      const templated = path.replace(ID, '{id}');
      const op = doc.body.paths[templated]?.[method.toLowerCase()];
      expect(op, `${method} ${templated}`).toBeDefined();
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['400', '401', '500']));
    }
    const ui = await api.call<string>('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.body).toContain('/openapi.json');
    // its assets are ours (swagger-ui-dist), not a CDN's: the page works offline
    expect(ui.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    const bundle = await api.app.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
  });

  it('checks every test response against the OpenAPI document (the check itself works)', () => {
    const check = responseContract(api.app);
    expect(() => check('GET', '/api/connections', 418, {})).toThrow(/does not declare/);
    expect(() => check('GET', '/api/connections', 200, { items: [{ id: 'x' }] })).toThrow(/does not match/);
    expect(() => check('GET', '/api/connections', 401, { error: { code: 'NOPE', message: 'x' } })).toThrow(
      /does not match/,
    );
    expect(() => check('GET', '/api/connections', 200, { items: [], nextCursor: null })).not.toThrow();
  });

  it('reports health: 200 when Postgres and Temporal answer', async () => {
    const res = await api.call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', postgres: 'up', temporal: 'up' });
  });

  it('reports health: 503 when Postgres does not answer', async () => {
    const deadDb = connectDb('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    const app = createApp({ ...api.deps, sql: deadDb, log: pino({ level: 'silent' }) });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', postgres: 'down', temporal: 'up' });
    await deadDb.end({ timeout: 1 });
  });

  it('answers unexpected failures with 500 INTERNAL and no internals', async () => {
    const broken = connectDb('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    const app = createApp({ ...api.deps, sql: broken });
    const res = await app.request('/api/connections', { headers: { Authorization: 'Bearer whatever' } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);
    await broken.end({ timeout: 1 });
  });
});

describe('rotating and revoking a workspace API token', () => {
  const tokenPath = (id: string) => `/api/workspaces/${id}/api-token`;
  const works = async (token: string) => (await api.call('GET', '/api/connections', { token })).status;

  it('rotates with the current token: the new one works, the old one answers 401 from then on', async () => {
    const ws = await api.newWorkspace('rotating');
    expect(await works(ws.token)).toBe(200);
    const res = await api.call<RotatedToken>('POST', tokenPath(ws.id), { token: ws.token });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(ws.id);
    expect(res.body.apiToken).not.toBe(ws.token);
    expect(await works(ws.token)).toBe(401);
    expect(await works(res.body.apiToken)).toBe(200);
    // the old token cannot rotate again either
    expect((await api.call('POST', tokenPath(ws.id), { token: ws.token })).status).toBe(401);
  });

  it('revokes: 401 for the token at once, until the admin rotates a new one', async () => {
    const ws = await api.newWorkspace('revoking');
    const res = await api.call('DELETE', tokenPath(ws.id), { token: ws.token });
    expect(res.status).toBe(200);
    expect(await works(ws.token)).toBe(401);
    const [row] = await api.stack.sql`SELECT api_token_hash FROM workspaces WHERE id = ${ws.id}`;
    expect(row!.api_token_hash).toBeNull();
    const issued = await api.call<RotatedToken>('POST', tokenPath(ws.id), {
      headers: { 'X-Admin-Token': ADMIN_TOKEN },
    });
    expect(issued.status).toBe(200);
    expect(await works(issued.body.apiToken)).toBe(200);
    expect(await works(ws.token)).toBe(401);
  });

  it("refuses another workspace's token (403), no credential (401) and an unknown workspace (404)", async () => {
    const mine = await api.newWorkspace('mine');
    const theirs = await api.newWorkspace('theirs');
    for (const method of ['POST', 'DELETE']) {
      expect((await api.call(method, tokenPath(theirs.id), { token: mine.token })).status).toBe(403);
      expect((await api.call(method, tokenPath(theirs.id))).status).toBe(401);
      expect(
        (await api.call(method, tokenPath(theirs.id), { headers: { 'X-Admin-Token': 'wrong-token' } }))
          .status,
      ).toBe(401);
      expect(
        (await api.call(method, tokenPath(ID), { headers: { 'X-Admin-Token': ADMIN_TOKEN } })).status,
      ).toBe(404);
    }
    expect(await works(theirs.token)).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await api.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json'))
      .body;
    expect(Object.keys(doc.paths['/api/workspaces/{id}/api-token'] ?? {}).sort()).toEqual(['delete', 'post']);
  });
});

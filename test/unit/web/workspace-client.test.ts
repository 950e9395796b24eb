import type { Context } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../api/errors.js';
import { workspaceRouter } from '../../../api/workspace-router.js';
import { loadEnv } from '../../../config/env.js';
import type { WebEnv } from '../../../web/context.js';
import { answer, workspaceClient } from '../../../web/workspace-client.js';

// no Postgres, no Temporal: every call below is answered by validation before either is reached
const router = workspaceRouter({
  env: loadEnv({}),
  sql: {} as never,
  temporal: {} as never,
  cipher: {} as never,
  log: pino({ level: 'silent' }),
  gmailSettings: {} as never,
});
const session = {
  workspaceId: '7d0f7a5e-3c51-4d6e-9b0b-2f1f3c9b8a11',
  requestId: 'r1',
  log: pino({ level: 'silent' }),
};
const page = { get: (key: keyof typeof session) => session[key] } as unknown as Context<WebEnv>;
const api = workspaceClient(router)(page);

describe("the web app's typed client", () => {
  it('turns a refusal into the AppError the route threw, with its code and failing fields', async () => {
    const call = answer(
      api.connections[':id'].$get({ param: { id: '7D0F7A5E-3C51-4D6E-9B0B-2F1F3C9B8A11' } }),
    );
    await expect(call).rejects.toBeInstanceOf(AppError);
    await expect(call).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [{ path: 'param.id', message: 'must be a UUID in lower case' }],
    });
  });

  it('sends the body the route takes, and the route validates it', async () => {
    const call = answer(
      api.connections.$post({ json: { platform: 'airbnb', reservationLabel: ' ', syncIntervalMinutes: 0 } }),
    );
    await expect(call).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([
        expect.objectContaining({ path: 'json.reservationLabel' }),
        expect.objectContaining({ path: 'json.syncIntervalMinutes' }),
      ]),
    });
  });

  it('does not compile a wrong path, method or body (checked by `npm run typecheck`)', () => {
    const wrong = () => [
      // @ts-expect-error: there is no /api/connection
      api.connection.$get(),
      // @ts-expect-error: "sync now" is a POST
      api.connections[':id'].sync.$get({ param: { id: session.workspaceId } }),
      // @ts-expect-error: the body has no `interval`
      api.connections[':id'].$patch({ param: { id: session.workspaceId }, json: { interval: 5 } }),
      // @ts-expect-error: the id goes in `param`
      api.connections[':id'].$get({ query: { id: session.workspaceId } }),
    ];
    expect(wrong).toBeTypeOf('function');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedWebhookEndpoint } from '../../api/routes/webhook-endpoints.js';
import { DEFAULT_USER, seedMessages } from '../../dev/gmail/index.js';
import { DEMO_LABEL } from '../../dev/seed.js';
import { type DevStack, startDevStack } from '../../testing/dev-stack.js';
import { airbnbConfirmation } from '../../testing/mail.js';
import { waitFor } from '../../testing/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js';

/**
 * The dev stack as a black box (`npm run dev`, its own processes, configured by the environment
 * alone): a host's receiver on loopback, allowed as an operator would allow it, registered through
 * the API; an e-mail nobody's calendar knows arrives and is synced; the receiver gets
 * `review_item.opened`, signed so the standardwebhooks library verifies it, answers 500 once, and
 * gets it again with the same `webhook-id`.
 */
let receiver: WebhookReceiver;
let dev: DevStack;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  dev = await startDevStack({ env: { OUTBOUND_ALLOW_PRIVATE_HOSTS: receiver.host } });
}, 240_000);
afterAll(async () => {
  await dev?.stop();
  await receiver?.stop();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${dev.apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${dev.demo.apiToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('npm run dev, webhooks', () => {
  it('delivers review_item.opened signed, and again with the same webhook-id after a 500', async () => {
    const created = await api<CreatedWebhookEndpoint>('POST', '/api/webhook-endpoints', {
      url: receiver.url,
      events: ['review_item.opened'],
    });
    expect(created.status).toBe(201);
    receiver.verifyWithSecret(created.body.secret);
    receiver.answer(({ seenBefore }) => ({ status: seenBefore === 0 ? 500 : 204 }));

    // a confirmation for nights no demo calendar has: the matcher leaves it for a person
    await seedMessages({
      emulatorUrl: dev.emulatorUrl,
      user: DEFAULT_USER,
      label: DEMO_LABEL,
      raws: [airbnbConfirmation(90_001, 'Grace Hopper')],
    });
    // the demo's first sync may still be running: "sync now" once it is over
    await waitFor('the demo’s first sync', async () => {
      const { body } = await api<{ currentRun: unknown; lastRun: unknown }>(
        'GET',
        `/api/connections/${dev.demo.connectionId}/status`,
      );
      return body.lastRun && !body.currentRun ? true : undefined;
    });
    const sync = await api('POST', `/api/connections/${dev.demo.connectionId}/sync`);
    expect(sync.status).toBe(202);

    await receiver.until('the second attempt', (r) => r.accepted().length > 0, 90_000);
    const [accepted] = receiver.accepted();
    const attempts = receiver.received.filter((r) => r.webhookId === accepted!.webhookId);
    expect(attempts.map((r) => r.answered)).toEqual([500, 204]);
    expect(attempts.map((r) => r.verified)).toEqual([true, true]);
    const payload = JSON.parse(accepted!.body) as { type: string; data: { url: string } };
    expect(payload.type).toBe('review_item.opened');
    expect(payload.data.url.startsWith(`${dev.apiUrl}/api/review-items/`)).toBe(true);
    const item = await fetch(payload.data.url, { headers: { Authorization: `Bearer ${dev.demo.apiToken}` } });
    expect(item.status).toBe(200);
  });
});

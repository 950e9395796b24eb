import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  newEndpointSecret,
  sealSecret,
  signedHeaders,
  signingSecrets,
} from '../../../domain/webhooks/endpoint-secret.js';
import { webhookBody } from '../../../domain/webhooks/webhook-payload.js';
import { TokenCipher } from '../../../security/token-cipher.js';

const cipher = new TokenCipher('k1', { k1: Buffer.alloc(32, 7).toString('base64') });
const endpointId = '9b2c1c1e-6f0e-4d8a-a0f5-3f1f2d9c8b71';
const eventId = '2f0b6f5e-1c3d-4a7b-8e9f-0a1b2c3d4e5f';

describe('signing', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const a = newEndpointSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newEndpointSecret()).not.toBe(a);
  });

  it('signs so that the standardwebhooks library verifies, and refuses a changed body', () => {
    const secret = newEndpointSecret();
    const body = '{"type":"review_item.opened"}';
    const headers = signedHeaders([secret], { id: eventId, body, at: new Date() });
    expect(headers['webhook-id']).toBe(eventId);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual({ type: 'review_item.opened' });
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(newEndpointSecret()).verify(body, { ...headers })).toThrow(
      WebhookVerificationError,
    );
  });

  it('during a rotation, carries both signatures: receivers with either secret verify', () => {
    const now = new Date();
    const [older, newer] = [newEndpointSecret(), newEndpointSecret()];
    const row = {
      id: endpointId,
      secret: sealSecret(cipher, newer, endpointId),
      previous_secret: sealSecret(cipher, older, endpointId),
      previous_secret_expires_at: new Date(now.getTime() + 60_000),
    };
    const secrets = signingSecrets(cipher, row, now);
    expect(secrets).toEqual([newer, older]);
    const body = '{}';
    const headers = signedHeaders(secrets, { id: eventId, body, at: now });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    for (const secret of [older, newer]) expect(new Webhook(secret).verify(body, { ...headers })).toEqual({});
    // after the window, the old secret no longer signs
    const later = new Date(now.getTime() + 120_000);
    expect(signingSecrets(cipher, row, later)).toEqual([newer]);
  });

  it('seals secrets to their endpoint: a ciphertext moved to another row does not open', () => {
    const sealed = sealSecret(cipher, newEndpointSecret(), endpointId);
    expect(JSON.stringify(sealed)).not.toContain('whsec_');
    const moved = { id: eventId, secret: sealed, previous_secret: null, previous_secret_expires_at: null };
    expect(() => signingSecrets(cipher, moved, new Date())).toThrow();
  });
});

describe('the payload', () => {
  it('is thin and stable: ids, type, when it happened, and the API link', () => {
    const event = {
      id: eventId,
      type: 'review_item.opened' as const,
      data: { reviewItemId: endpointId, connectionId: eventId },
      createdAt: new Date('2026-03-01T10:00:00Z'),
    };
    const body = webhookBody(event, 'https://connections.example.test');
    expect(JSON.parse(body)).toEqual({
      id: eventId,
      type: 'review_item.opened',
      timestamp: '2026-03-01T10:00:00.000Z',
      data: {
        reviewItemId: endpointId,
        connectionId: eventId,
        url: `https://connections.example.test/api/review-items/${endpointId}`,
      },
    });
    expect(webhookBody(event, 'https://connections.example.test')).toBe(body);
  });

  it('links every event type to a path of the API', () => {
    const data = { bookingId: 'b', reviewItemId: 'r', connectionId: 'c', conflictId: 'k' };
    const links = (
      [
        'booking.enriched',
        'review_item.opened',
        'review_item.resolved',
        'conflict.opened',
        'conflict.resolved',
        'connection.needs_reauth',
        'connection.sync_failed',
        'message.unrecognized',
      ] as const
    ).map(
      (type) =>
        JSON.parse(webhookBody({ id: eventId, type, data, createdAt: new Date() }, 'http://api.test')).data
          .url,
    );
    expect(links).toEqual([
      'http://api.test/api/bookings/b',
      'http://api.test/api/review-items/r',
      'http://api.test/api/review-items/r',
      'http://api.test/api/conflicts/k',
      'http://api.test/api/conflicts/k',
      'http://api.test/api/connections/c',
      'http://api.test/api/connections/c/runs',
      'http://api.test/api/connections/c/messages?flagged=true',
    ]);
  });
});

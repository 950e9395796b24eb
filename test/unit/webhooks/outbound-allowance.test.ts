import { describe, expect, it } from 'vitest';
import { loadEnv, outboundPolicy, webhookSettings } from '../../../config/env.js';

describe('OUTBOUND_ALLOW_PRIVATE_HOSTS, one allowance for feeds and webhooks', () => {
  it('adds up with its older name FEED_ALLOW_PRIVATE_HOSTS, normalised as URLs are', () => {
    const env = loadEnv({
      OUTBOUND_ALLOW_PRIVATE_HOSTS: '127.0.0.1:4030, Receiver:80',
      FEED_ALLOW_PRIVATE_HOSTS: '127.0.0.1:4020,127.0.0.1:4030',
    });
    expect(outboundPolicy(env)).toEqual({
      allowPrivateHosts: ['127.0.0.1:4030', 'receiver:80', '127.0.0.1:4020'],
      onlyAllowedHosts: false,
    });
    expect(outboundPolicy(loadEnv({}))).toEqual({ allowPrivateHosts: [], onlyAllowedHosts: false });
  });

  it('only allowed hosts when either name says so', () => {
    expect(outboundPolicy(loadEnv({ OUTBOUND_ONLY_ALLOWED_HOSTS: 'true' })).onlyAllowedHosts).toBe(true);
    expect(outboundPolicy(loadEnv({ FEED_ONLY_ALLOWED_HOSTS: 'true' })).onlyAllowedHosts).toBe(true);
  });

  it.each(['127.0.0.1', 'http://x:1', 'x:1/path'])('refuses %s, naming the variable', (entry) => {
    expect(() => loadEnv({ OUTBOUND_ALLOW_PRIVATE_HOSTS: entry })).toThrow(/OUTBOUND_ALLOW_PRIVATE_HOSTS/);
  });
});

describe('WEBHOOK_* settings', () => {
  it('default to the spec schedule and link payloads to the public URL', () => {
    const settings = webhookSettings(loadEnv({ PUBLIC_URL: 'https://connections.example.test' }));
    expect(settings.retrySchedule).toHaveLength(7);
    expect(settings).toMatchObject({ disableAfterFailures: 24, timeoutMs: 15_000 });
    expect(settings.publicUrl).toBe('https://connections.example.test');
    expect(webhookSettings(loadEnv({})).publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('refuse a schedule they cannot read, naming the variable', () => {
    expect(() => loadEnv({ WEBHOOK_RETRY_SCHEDULE: '5 seconds' })).toThrow(/WEBHOOK_RETRY_SCHEDULE/);
    expect(webhookSettings(loadEnv({ WEBHOOK_RETRY_SCHEDULE: '100ms,1s' })).retrySchedule).toEqual([
      100, 1000,
    ]);
  });
});

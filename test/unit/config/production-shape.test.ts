import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadEnv } from '../../../config/env.js';
import { PRODUCTION_ENV } from './production-env.js';

describe('production refuses what is only for development', () => {
  it('starts on an https public URL, and on a loopback http one (the compose stack tried locally)', () => {
    expect(loadEnv(PRODUCTION_ENV).NODE_ENV).toBe('production');
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'])
      expect(loadEnv({ ...PRODUCTION_ENV, PUBLIC_URL: url }).PUBLIC_URL).toBe(url);
  });

  it.each([
    ['PUBLIC_URL', 'http://connections.example', /PUBLIC_URL must be https in production/],
    ['PUBLIC_URL', 'http://10.0.0.5:3000', /PUBLIC_URL must be https/],
    ['GMAIL_API_ROOT_URL', 'http://127.0.0.1:4010/', /GMAIL_API_ROOT_URL is the Gmail emulator's override/],
    ['GOOGLE_OAUTH_AUTH_URL', 'https://evil.example/auth', /GOOGLE_OAUTH_AUTH_URL is the Gmail emulator's/],
    ['GOOGLE_OAUTH_TOKEN_URL', 'http://127.0.0.1:4010/token', /GOOGLE_OAUTH_TOKEN_URL is the/],
    ['GOOGLE_OAUTH_REVOKE_URL', 'http://127.0.0.1:4010/revoke', /GOOGLE_OAUTH_REVOKE_URL is the/],
    ['OUTBOUND_ALLOW_PRIVATE_HOSTS', '169.254.169.254:80', /entry 169.254.169.254:80 names a cloud metadata/],
    ['FEED_ALLOW_PRIVATE_HOSTS', 'metadata.google.internal:80', /FEED_ALLOW_PRIVATE_HOSTS entry .* metadata/],
    ['OUTBOUND_ALLOW_PRIVATE_HOSTS', '[fd00:ec2::254]:80', /names a cloud metadata service/],
    ['OUTBOUND_ALLOW_PRIVATE_HOSTS', '169.254.10.1:8080', /names a link-local address/],
    ['OUTBOUND_ALLOW_PRIVATE_HOSTS', '[fe80::1]:8080', /names a link-local address/],
    [
      'OUTBOUND_ALLOW_PRIVATE_HOSTS',
      '10.1.2.3:8080',
      /non-loopback internal host: set OUTBOUND_ALLOW_INTERNAL_NETWORK/,
    ],
    ['OUTBOUND_ALLOW_PRIVATE_HOSTS', 'feeds.internal:8080', /entry feeds.internal:8080 names a non-loopback/],
    ['METRICS_TOKEN', 'abcdefgh'.repeat(2), /METRICS_TOKEN is too short/],
    ['METRICS_TOKEN', 'Ab3-xY9_'.repeat(4), /METRICS_TOKEN is too weak \(a shorter value repeated\)/],
    [
      'DATABASE_URL',
      'postgres://connections:connections@postgres:5432/connections',
      /DATABASE_URL uses a published default password/,
    ],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    expect(() => loadEnv({ ...PRODUCTION_ENV, [name]: value })).toThrow(message);
    // development takes it as it is
    expect(() => loadEnv({ NODE_ENV: 'development', [name]: value })).not.toThrow();
  });

  it('takes a loopback allowance as it is, and an internal one with the second switch', () => {
    expect(
      loadEnv({ ...PRODUCTION_ENV, OUTBOUND_ALLOW_PRIVATE_HOSTS: '127.0.0.1:4020,localhost:4030' }).NODE_ENV,
    ).toBe('production');
    const internal = { ...PRODUCTION_ENV, OUTBOUND_ALLOW_PRIVATE_HOSTS: '10.1.2.3:8080,feeds.internal:80' };
    expect(
      loadEnv({ ...internal, OUTBOUND_ALLOW_INTERNAL_NETWORK: 'true' }).OUTBOUND_ALLOW_PRIVATE_HOSTS,
    ).toEqual(['10.1.2.3:8080', 'feeds.internal:80']);
    // the switch never opens link-local or metadata addresses
    expect(() =>
      loadEnv({
        ...PRODUCTION_ENV,
        OUTBOUND_ALLOW_PRIVATE_HOSTS: '169.254.169.254:80',
        OUTBOUND_ALLOW_INTERNAL_NETWORK: 'true',
      }),
    ).toThrow(/metadata/);
  });

  it('names every problem at once', () => {
    const all = {
      ...PRODUCTION_ENV,
      PUBLIC_URL: 'http://connections.example',
      GMAIL_API_ROOT_URL: 'http://127.0.0.1:4010/',
    };
    expect(() => loadEnv(all)).toThrow(/PUBLIC_URL must be https.*; GMAIL_API_ROOT_URL is/);
  });

  it('leaves docker-compose.yml no default Postgres password: it must be set', () => {
    const compose = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');
    parse(compose);
    expect(compose).not.toMatch(/POSTGRES_PASSWORD:-/);
    expect(compose).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
  });
});

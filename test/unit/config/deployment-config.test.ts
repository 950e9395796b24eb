import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_VARS, loadEnv, REQUIRED_IN_PRODUCTION } from '../../../config/env.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface ComposeService {
  environment?: Record<string, string | number> | string[];
  command?: string[];
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(env.map((line) => line.split('=', 2) as [string, string]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };

  it('has the production shape: Postgres, Temporal, its UI, the worker and the API', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'worker', 'api']),
    );
    expect(compose.services.worker!.command).toEqual(['npm', 'run', 'worker']);
    expect(compose.services.api!.command).toEqual(['npm', 'run', 'api']);
  });

  for (const role of ['worker', 'api']) {
    it(`sets every variable the ${role} requires in production`, () => {
      const env = environmentOf(compose.services[role]!);
      const missing = REQUIRED_IN_PRODUCTION.filter((name) => !env[name]);
      expect(missing).toEqual([]);
      expect(env.NODE_ENV).toBe('production');
      for (const name of Object.keys(env)) expect(ENV_VARS).toContain(name);
    });
  }
});

describe('the environment', () => {
  it('refuses to start in production on the local defaults', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(
      /production needs DATABASE_URL, TEMPORAL_ADDRESS/,
    );
  });

  it('names the failing variable when a value is malformed', () => {
    expect(() => loadEnv({ API_PORT: 'eighty' })).toThrow(/API_PORT/);
  });

  it('is documented variable by variable in the README', () => {
    const readme = read('README.md');
    const undocumented = ENV_VARS.filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });
});

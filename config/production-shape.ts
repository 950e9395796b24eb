import ipaddr from 'ipaddr.js';
import { isIpLiteral, unbracket } from '../outbound/address-rules.js';

/**
 * What a production process refuses because it is only for development (issue 20): each rule
 * names its variable and says why, so a deployment learns everything wrong with it at once.
 * Secrets are judged separately (production-secrets.ts), before the schema parses them.
 */
export interface ProductionShape {
  PUBLIC_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
  GMAIL_API_ROOT_URL?: string | undefined;
  GOOGLE_OAUTH_AUTH_URL?: string | undefined;
  GOOGLE_OAUTH_TOKEN_URL?: string | undefined;
  GOOGLE_OAUTH_REVOKE_URL?: string | undefined;
  OUTBOUND_ALLOW_PRIVATE_HOSTS: readonly string[];
  FEED_ALLOW_PRIVATE_HOSTS: readonly string[];
  OUTBOUND_ALLOW_INTERNAL_NETWORK: boolean;
}

/** The password docker-compose.yml used to default to, and the local stack's: public, so never a secret. */
export const PUBLIC_DATABASE_PASSWORDS = new Set(['connections', 'postgres', 'password']);

/** The emulator's doors: unset, googleapis and the OAuth client talk to Google itself. */
const EMULATOR_OVERRIDES = [
  'GMAIL_API_ROOT_URL',
  'GOOGLE_OAUTH_AUTH_URL',
  'GOOGLE_OAUTH_TOKEN_URL',
  'GOOGLE_OAUTH_REVOKE_URL',
] as const;

/** Cloud metadata services, by name and by address: credentials live there, nothing a feed needs. */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);
const LOOPBACK_NAME = /^(?:.+\.)?localhost$/;

type HostKind = 'loopback' | 'metadata' | 'link-local' | 'internal';

/** What an allow-list entry (`host:port`, as `allowListOf` keeps it) names. */
export function hostKindOf(key: string): HostKind {
  const host = unbracket(key.slice(0, key.lastIndexOf(':')));
  if (METADATA_NAMES.has(host)) return 'metadata';
  if (LOOPBACK_NAME.test(host)) return 'loopback';
  if (!isIpLiteral(host)) return 'internal'; // a name: whatever it resolves to is on the internal network
  let address = ipaddr.parse(host);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
    address = (address as ipaddr.IPv6).toIPv4Address();
  if (METADATA_ADDRESSES.has(address.toString())) return 'metadata';
  const range = address.range();
  if (range === 'loopback') return 'loopback';
  if (range === 'linkLocal') return 'link-local';
  return 'internal';
}

/** Each allow-list entry's problem in production, by what it names. */
const HOST_RULES: Record<HostKind, (env: ProductionShape) => string | null> = {
  loopback: () => null,
  metadata: () => 'names a cloud metadata service: never allowed',
  'link-local': () => 'names a link-local address (where metadata services live): never allowed',
  internal: (env) =>
    env.OUTBOUND_ALLOW_INTERNAL_NETWORK
      ? null
      : 'names a non-loopback internal host: set OUTBOUND_ALLOW_INTERNAL_NETWORK=true as well to mean it',
};

function allowListProblems(env: ProductionShape): string[] {
  return (['OUTBOUND_ALLOW_PRIVATE_HOSTS', 'FEED_ALLOW_PRIVATE_HOSTS'] as const).flatMap((name) =>
    env[name].flatMap((key) => {
      const problem = HOST_RULES[hostKindOf(key)](env);
      return problem ? [`${name} entry ${key} ${problem}`] : [];
    }),
  );
}

function publicUrlProblem(env: ProductionShape): string[] {
  if (!env.PUBLIC_URL) return [];
  const url = new URL(env.PUBLIC_URL);
  if (url.protocol === 'https:') return [];
  // a loopback URL is someone trying the compose stack on their own machine: no cookie crosses a network
  if (url.protocol === 'http:' && hostKindOf(`${url.hostname}:0`) === 'loopback') return [];
  return ['PUBLIC_URL must be https in production (session cookies are Secure and __Host- only over https)'];
}

function databasePasswordProblem(env: ProductionShape): string[] {
  if (!env.DATABASE_URL) return [];
  let password: string;
  try {
    password = decodeURIComponent(new URL(env.DATABASE_URL).password);
  } catch {
    return [];
  }
  return PUBLIC_DATABASE_PASSWORDS.has(password)
    ? ["DATABASE_URL uses a published default password (docker-compose.yml's old one): set POSTGRES_PASSWORD"]
    : [];
}

function overrideProblems(env: ProductionShape): string[] {
  return EMULATOR_OVERRIDES.filter((name) => env[name]).map(
    (name) =>
      `${name} is the Gmail emulator's override: unset it in production, where Google is the endpoint`,
  );
}

/** Everything development-only in a production environment, one line each (empty: none). */
export function productionShapeProblems(env: ProductionShape): string[] {
  return [
    ...publicUrlProblem(env),
    ...overrideProblems(env),
    ...allowListProblems(env),
    ...databasePasswordProblem(env),
  ];
}

/**
 * The local stack's secrets. They are public (they are in this repository), so they are the
 * schema's defaults for development and nothing else: a production process refuses them.
 */
export const DEV_SECRETS = {
  ADMIN_TOKEN: 'dev-admin-token',
  TOKEN_ENCRYPTION_KEY: 'ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=',
  OAUTH_STATE_SECRET: 'dev-oauth-state-secret-change-me',
  GOOGLE_CLIENT_SECRET: 'dev-secret',
} as const;

/** Every secret this repository spells out, for the local stack, the tests and the drills. */
const PUBLIC_SECRETS = new Set<string>([
  ...Object.values(DEV_SECRETS),
  'test-admin-token',
  'test-oauth-state-secret-0123456789',
  'drill-admin-token',
  'drill-oauth-state-secret-0123456789',
]);

interface SecretRule {
  name: keyof typeof DEV_SECRETS | 'METRICS_TOKEN';
  /** Shortest value accepted; shorter ones are guessable or a placeholder. */
  minLength: number;
  /** What else makes the value unusable, or null when it is fine. */
  problem?: (value: string) => string | null;
}

const AES_256_KEY = (value: string) =>
  Buffer.from(value, 'base64').length === 32 ? null : 'must be 32 random bytes, base64';

const RULES: readonly SecretRule[] = [
  { name: 'ADMIN_TOKEN', minLength: 32 },
  { name: 'OAUTH_STATE_SECRET', minLength: 32 },
  { name: 'GOOGLE_CLIENT_SECRET', minLength: 16 },
  { name: 'TOKEN_ENCRYPTION_KEY', minLength: 44, problem: AES_256_KEY },
  // whoever has it reads every workspace's counts and labels
  { name: 'METRICS_TOKEN', minLength: 24 },
];

/** Fewer distinct characters than this is a pattern (`aaaa…`, `1234…`), not a secret. */
const MIN_DISTINCT_CHARS = 8;

/** `abcdefgh` twice or more: the length of the whole, the guessing of a part. */
const REPEATED = /^(.{1,32}?)\1+$/s;

const KEY_RULE = RULES.find((r) => r.name === 'TOKEN_ENCRYPTION_KEY')!;

/** What is wrong with the production secrets in `source`, one line per variable (empty: all good). */
export function weakProductionSecrets(source: NodeJS.ProcessEnv): string[] {
  return [
    ...RULES.flatMap((rule) => weakness(rule.name, source[rule.name], rule)),
    ...ringWeaknesses(source.TOKEN_ENCRYPTION_KEYS),
  ];
}

/** Every key of the ring `TOKEN_ENCRYPTION_KEYS` (`id:key,…`) is held to the single key's rule. */
function ringWeaknesses(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .flatMap((entry) => {
      const id = entry.slice(0, Math.max(0, entry.indexOf(':')));
      return weakness(`TOKEN_ENCRYPTION_KEYS key "${id}"`, entry.slice(entry.indexOf(':') + 1), KEY_RULE);
    });
}

function weakness(name: string, value: string | undefined, rule: Omit<SecretRule, 'name'>): string[] {
  const { minLength, problem } = rule;
  if (value === undefined || value === '') return [];
  if (PUBLIC_SECRETS.has(value))
    return [`${name} is a published development value: set a secret of your own`];
  if (value.length < minLength) return [`${name} is too short (at least ${minLength} characters)`];
  if (new Set(value).size < MIN_DISTINCT_CHARS) return [`${name} is too weak (too few distinct characters)`];
  if (REPEATED.test(value)) return [`${name} is too weak (a shorter value repeated)`];
  const other = problem?.(value);
  return other ? [`${name} ${other}`] : [];
}

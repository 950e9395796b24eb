import pino from 'pino';

/** Paths pino blanks out wherever they appear: tokens, codes and secrets never reach a log. */
const REDACT = [
  'token',
  'apiToken',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'code',
  'state',
  'authorization',
  'password',
  'secret',
  '*.token',
  '*.apiToken',
  '*.access_token',
  '*.refresh_token',
  '*.code',
  '*.state',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'headers.authorization',
];

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info') {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}

export type Logger = ReturnType<typeof createLogger>;

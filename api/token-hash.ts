import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Workspace API tokens: shown once, stored as their sha256. */
export function newApiToken(): string {
  return `cw_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

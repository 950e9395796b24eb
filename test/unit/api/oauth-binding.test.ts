import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bindingCookie,
  CALLBACK_PATH,
  expiredBindingCookie,
  OAUTH_BINDING_COOKIE,
} from '../../../api/oauth-cookie.js';
import { codeChallengeOf, codeVerifierFor, signState, verifyState } from '../../../api/oauth-state.js';
import { isSystemLabel } from '../../../gmail/system-labels.js';

const SECRET = 'unit-oauth-state-secret-0123456789';

describe('the PKCE verifier', () => {
  it('is 43 base64url characters, one per state nonce, and only with the secret', () => {
    const v = codeVerifierFor(SECRET, 'nonce-aaaaaaaaaaaaaaaa');
    expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeVerifierFor(SECRET, 'nonce-aaaaaaaaaaaaaaaa')).toBe(v);
    expect(codeVerifierFor(SECRET, 'nonce-bbbbbbbbbbbbbbbb')).not.toBe(v);
    expect(codeVerifierFor('another-secret-0123456789abcdef', 'nonce-aaaaaaaaaaaaaaaa')).not.toBe(v);
  });

  it('has the S256 challenge of RFC 7636 (appendix B)', () => {
    expect(codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});

describe('the state', () => {
  it('carries the hash of the binding, which a forger cannot change without the secret', () => {
    const binding = createHash('sha256').update('cookie-value').digest('base64url');
    const claims = {
      nonce: 'n'.repeat(24),
      connectionId: 'c',
      workspaceId: 'w',
      expiresAt: Date.now() + 60_000,
      binding,
    };
    const state = signState(SECRET, claims);
    expect(verifyState(SECRET, state)?.binding).toBe(binding);
    const [body, mac] = state.split('.');
    const swapped = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), binding: 'x'.repeat(43) }),
    ).toString('base64url');
    expect(verifyState(SECRET, `${swapped}.${mac}`)).toBeNull();
  });
});

describe('the binding cookie', () => {
  it('is HttpOnly, SameSite=Lax, scoped to the callback, and Secure behind https', () => {
    const plain = bindingCookie('v', 'http://127.0.0.1:3000/api/connections/gmail/callback');
    expect(plain).toMatch(new RegExp(`^${OAUTH_BINDING_COOKIE}=v;`));
    expect(plain).toContain(`Path=${CALLBACK_PATH}`);
    expect(plain).toContain('HttpOnly');
    expect(plain).toContain('SameSite=Lax');
    expect(plain).not.toContain('Secure');
    expect(bindingCookie('v', 'https://connections.example.com/api/connections/gmail/callback')).toContain(
      'Secure',
    );
    expect(expiredBindingCookie('http://x/cb')).toContain('Max-Age=0');
  });
});

describe('system labels', () => {
  it.each([
    ['INBOX', true],
    ['Inbox', true],
    [' sent ', true],
    ['CATEGORY_UPDATES', true],
    ['category_forums', true],
    ['Airbnb', false],
    ['Inbox Airbnb', false],
    ['Spammy guests', false],
  ])('%j is a system label: %s', (name, system) => {
    expect(isSystemLabel(name)).toBe(system);
  });
});

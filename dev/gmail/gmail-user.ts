import type { AppEnv } from '@emulators/core';
import type { Context } from 'hono';
import { gmailErrorResponse } from './gmail-errors.js';

/** The mailbox a Gmail call may touch, or the error Gmail gives (same rules as @emulators/google's routes). */
export function mailboxOf(c: Context<AppEnv>): string | Response {
  const email = c.get('authUser')?.login;
  if (!email) return gmailErrorResponse('unauthenticated');
  const userId = c.req.param('userId');
  if (userId !== 'me' && userId !== email) return gmailErrorResponse('notFound');
  return email;
}

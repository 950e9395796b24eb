import type { Auth } from 'googleapis';
import { CODE, isErrorCode, REAUTH_CODES } from '../contracts/errors.js';
import { createGmail, createOAuthClient, type Gmail, type GmailSettings } from '../gmail/client.js';
import { type GmailDeps, gmailForConnection } from '../gmail/connected-gmail.js';
import { toGmailFailure } from '../gmail/errors.js';
import { AppError } from './errors.js';

/** What the API reads from a Gmail account: who it is and, by name, the watched label. */
export interface GmailAccount {
  emailAddress: string | null;
  labelId: string | null;
  /** Gmail says the label is one of its own (`type: system`): never a reservation label */
  systemLabel: boolean;
}

export function gmailWithTokens(settings: GmailSettings, tokens: Auth.Credentials): Gmail {
  const auth = createOAuthClient(settings);
  auth.setCredentials(tokens);
  return createGmail(auth, settings);
}

export async function storedGmail(deps: GmailDeps, connectionId: string): Promise<Gmail> {
  try {
    return await gmailForConnection(deps, connectionId);
  } catch (err) {
    throw toAppError(err, 'open Gmail');
  }
}

export async function readAccount(gmail: Gmail, labelName: string): Promise<GmailAccount> {
  try {
    const [profile, labels] = await Promise.all([
      gmail.users.getProfile({ userId: 'me' }),
      gmail.users.labels.list({ userId: 'me' }),
    ]);
    const all = labels.data.labels ?? [];
    const labelId = findLabelId(all, labelName);
    return {
      emailAddress: profile.data.emailAddress ?? null,
      labelId,
      systemLabel: all.some((l) => l.id === labelId && l.type === 'system'),
    };
  } catch (err) {
    throw toAppError(err, 'read the Gmail account');
  }
}

/** Gmail label names are unique regardless of case; an exact match still wins. */
export function findLabelId(
  labels: { id?: string | null; name?: string | null }[],
  name: string,
): string | null {
  const exact = labels.find((l) => l.name === name);
  const loose = labels.find((l) => l.name?.toLowerCase() === name.toLowerCase());
  return (exact ?? loose)?.id ?? null;
}

function toAppError(err: unknown, doing: string): AppError {
  const failure = toGmailFailure(err, doing);
  if (isErrorCode(failure.type) && REAUTH_CODES.includes(failure.type)) {
    return new AppError(
      CODE.GMAIL_NOT_CONNECTED,
      'Gmail access was revoked or never granted: connect Gmail again',
      undefined,
      { cause: err },
    );
  }
  return new AppError(
    CODE.GMAIL_UNAVAILABLE,
    `Gmail did not answer as expected (${failure.type})`,
    undefined,
    { cause: err },
  );
}

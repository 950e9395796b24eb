import { CODE, type ErrorCode } from './errors.js';

/**
 * What a person reads when a connection or a feed shows an error: what happened, in plain words,
 * and the one thing that fixes it. Keyed by the registry's codes, and typed so that every code a
 * connection or a feed can show must have an entry: adding one to `CONNECTION_FACING_CODES`
 * without help here is a type error.
 */
export interface ErrorHelp {
  /** What happened, for a host, not a developer. */
  explanation: string;
  /** The one action that fixes it. */
  action: string;
  /** Which button on the card does it, if one does. */
  fix: 'reconnect' | 'edit_label' | 'sync_now' | 'resume' | 'wait' | 'edit_feed' | 'none';
}

/** Codes that land on a connection (its last error, a run's error, the connect callback) or a feed. */
export const CONNECTION_FACING_CODES = [
  CODE.LABEL_NOT_FOUND,
  CODE.LABEL_NOT_CONFIGURED,
  CODE.LABEL_CONFLICT,
  CODE.AUTH_REVOKED,
  CODE.RATE_LIMITED,
  CODE.GMAIL_UNAVAILABLE,
  CODE.GMAIL_REQUEST_FAILED,
  CODE.GMAIL_NOT_CONNECTED,
  CODE.CONNECTION_PAUSED,
  CODE.SYNC_IN_PROGRESS,
  CODE.SYNC_FAILED,
  CODE.INVALID_STATE,
  CODE.OAUTH_DENIED,
  CODE.OAUTH_CODE_REJECTED,
  CODE.TOO_MANY_REQUESTS,
  CODE.TEMPORAL_UNAVAILABLE,
  CODE.INTERNAL,
  CODE.FEED_NOT_FOUND,
  CODE.NOT_ICAL,
  CODE.FEED_URL_NOT_ALLOWED,
  CODE.FEED_UNREACHABLE,
  CODE.FEED_TOO_LARGE,
  CODE.FEED_HELD_FOR_REVIEW,
  CODE.FEED_LIMIT_REACHED,
  CODE.FEED_CONFLICT,
  CODE.CONNECTION_LIMIT_REACHED,
] as const satisfies readonly ErrorCode[];
export type ConnectionFacingCode = (typeof CONNECTION_FACING_CODES)[number];

export const ERROR_HELP: Record<ConnectionFacingCode, ErrorHelp> = {
  [CODE.LABEL_NOT_FOUND]: {
    explanation: "Your Gmail account has no label with this connection's name, so there is nothing to read.",
    action: 'Create the label in Gmail (or change the label here to one you have), then connect Gmail again.',
    fix: 'edit_label',
  },
  [CODE.LABEL_NOT_CONFIGURED]: {
    explanation: 'This connection does not say which Gmail label holds your booking e-mails.',
    action: 'Set the Gmail label in Edit, then connect Gmail.',
    fix: 'edit_label',
  },
  [CODE.LABEL_CONFLICT]: {
    explanation: 'Another connection of yours already reads this Gmail label.',
    action: 'Pick a different label, or delete the other connection.',
    fix: 'edit_label',
  },
  [CODE.AUTH_REVOKED]: {
    explanation: 'Google no longer lets us read this mailbox: access was revoked or the password changed.',
    action: 'Reconnect Gmail and allow access again. Nothing is lost; syncing picks up where it stopped.',
    fix: 'reconnect',
  },
  [CODE.RATE_LIMITED]: {
    explanation: 'Gmail asked us to slow down for a while.',
    action: 'Nothing to do: the sync waits as long as Gmail asks and carries on by itself.',
    fix: 'wait',
  },
  [CODE.GMAIL_UNAVAILABLE]: {
    explanation: 'Gmail did not answer (an outage or a network problem).',
    action: 'Nothing to do: the sync retries with growing pauses. Sync now tries again at once.',
    fix: 'sync_now',
  },
  [CODE.GMAIL_REQUEST_FAILED]: {
    explanation: 'Gmail refused a request it should have accepted.',
    action: 'Try Sync now; if it keeps failing, reconnect Gmail.',
    fix: 'reconnect',
  },
  [CODE.GMAIL_NOT_CONNECTED]: {
    explanation: 'Gmail has not been connected to this connection yet.',
    action: 'Connect Gmail.',
    fix: 'reconnect',
  },
  [CODE.CONNECTION_PAUSED]: {
    explanation: 'The connection is paused, so it does not sync.',
    action: 'Resume it.',
    fix: 'resume',
  },
  [CODE.SYNC_IN_PROGRESS]: {
    explanation: 'A sync is already running.',
    action: 'Wait for it to finish; its progress shows on the card.',
    fix: 'wait',
  },
  [CODE.SYNC_FAILED]: {
    explanation: 'The last sync stopped on an unexpected problem.',
    action: 'Try Sync now. The run history links to the details.',
    fix: 'sync_now',
  },
  [CODE.INVALID_STATE]: {
    explanation: 'The Google sign-in took too long or was opened twice, so it could not be trusted.',
    action: 'Connect Gmail again.',
    fix: 'reconnect',
  },
  [CODE.OAUTH_DENIED]: {
    explanation: 'Access was not allowed on the Google page.',
    action: 'Connect Gmail again and choose Allow.',
    fix: 'reconnect',
  },
  [CODE.OAUTH_CODE_REJECTED]: {
    explanation: 'Google did not accept the sign-in (it may have expired).',
    action: 'Connect Gmail again.',
    fix: 'reconnect',
  },
  [CODE.TOO_MANY_REQUESTS]: {
    explanation: 'Sync now was pressed many times in a short while.',
    action: 'Wait a minute, then try again.',
    fix: 'wait',
  },
  [CODE.TEMPORAL_UNAVAILABLE]: {
    explanation: 'The service that runs syncs did not answer.',
    action: 'Try again in a moment.',
    fix: 'wait',
  },
  [CODE.INTERNAL]: {
    explanation: 'Something went wrong on our side.',
    action: 'Try again; if it persists, tell us the time it happened.',
    fix: 'none',
  },
  [CODE.FEED_NOT_FOUND]: {
    explanation: 'The calendar address answers "not found".',
    action: 'Copy the calendar (iCal) link from the platform again and add the feed anew.',
    fix: 'edit_feed',
  },
  [CODE.NOT_ICAL]: {
    explanation: 'The address does not return a calendar.',
    action: "Use the platform's iCal export link (it usually ends in .ics).",
    fix: 'edit_feed',
  },
  [CODE.FEED_URL_NOT_ALLOWED]: {
    explanation: 'The address points inside a private network, which we never fetch.',
    action: "Use the platform's public iCal link.",
    fix: 'edit_feed',
  },
  [CODE.FEED_UNREACHABLE]: {
    explanation: 'The calendar could not be fetched this time.',
    action: 'Nothing to do: the next import tries again.',
    fix: 'wait',
  },
  [CODE.FEED_TOO_LARGE]: {
    explanation: 'The calendar is larger than we accept.',
    action: 'Use a calendar link for one listing only.',
    fix: 'edit_feed',
  },
  [CODE.FEED_HELD_FOR_REVIEW]: {
    explanation: 'The last import would have cancelled most of your future stays, so nothing was changed.',
    action:
      'Check the calendar on the platform; if the cancellations are real, resume the feed to apply them.',
    fix: 'resume',
  },
  [CODE.FEED_LIMIT_REACHED]: {
    explanation: 'This workspace has as many feeds as it may.',
    action: 'Delete a feed you no longer use.',
    fix: 'edit_feed',
  },
  [CODE.FEED_CONFLICT]: {
    explanation: 'This calendar is already added.',
    action: 'Nothing to do: it is in the list.',
    fix: 'none',
  },
  [CODE.CONNECTION_LIMIT_REACHED]: {
    explanation: 'This workspace has as many connections as it may.',
    action: 'Delete a connection you no longer use.',
    fix: 'none',
  },
};

const FALLBACK: ErrorHelp = {
  explanation: 'Something went wrong.',
  action: 'Try again in a moment.',
  fix: 'none',
};

/** The help for any code a row may hold (older rows may hold codes no longer facing a person). */
export function helpFor(code: string): ErrorHelp {
  return (ERROR_HELP as Record<string, ErrorHelp>)[code] ?? FALLBACK;
}

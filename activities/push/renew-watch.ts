import type { ApplicationFailure } from '@temporalio/common';
import { CODE, ERRORS, isErrorCode } from '../../contracts/errors.js';
import type { WatchOutcome } from '../../contracts/workflows.js';
import { callGmail } from '../../gmail/call-gmail.js';
import { gmailForConnection } from '../../gmail/connected-gmail.js';
import { toGmailFailure } from '../../gmail/errors.js';
import { watchMailbox } from '../../gmail/watch.js';
import type { ActivityDeps } from '../deps.js';
import { mailboxLabelIds, recordPushState } from './watch-rows.js';

/**
 * Watches the connection's label (and its mailbox's other connections' labels: one watch per
 * mailbox) on the deployment's push topic; called by the connection workflow when it connects,
 * when its label changes and once a day. `off` when this deployment has no topic: nothing is asked
 * of Gmail then. A failure that another attempt can heal (rate limit, Gmail unavailable) is thrown
 * for the retry policy; any other is recorded and answered as `failed`, and the workflow polls at
 * its short interval until a later watch succeeds.
 */
export function renewWatch(deps: ActivityDeps) {
  return async ({ connectionId }: { connectionId: string }): Promise<WatchOutcome> => {
    if (!deps.push) {
      await recordPushState(deps.sql, connectionId, 'off', null);
      return { state: 'off' };
    }
    const labelIds = await mailboxLabelIds(deps.sql, connectionId, { without: false });
    if (labelIds.length === 0) {
      await recordPushState(deps.sql, connectionId, 'failed', null);
      return {
        state: 'failed',
        code: CODE.LABEL_NOT_CONFIGURED,
        message: ERRORS.LABEL_NOT_CONFIGURED.message,
      };
    }
    try {
      const gmail = await gmailForConnection(
        { sql: deps.sql, cipher: deps.cipher, settings: deps.gmailSettings },
        connectionId,
      );
      const watch = await watchMailbox(callGmail(deps, connectionId), gmail, {
        topicName: deps.push.topic,
        labelIds,
      });
      await recordPushState(deps.sql, connectionId, 'watching', watch.expiresAt);
      return {
        state: 'watching',
        watchExpiresAt: watch.expiresAt.toISOString(),
        healthyPollMinutes: deps.push.healthyPollMinutes,
      };
    } catch (err) {
      const failure = toGmailFailure(err, 'gmail watch');
      await recordPushState(deps.sql, connectionId, 'failed', null);
      if (isRetryable(failure)) throw failure;
      deps.log.warn(
        { connectionId, code: failure.type, err: failure.message },
        'watching the mailbox failed',
      );
      const code = isErrorCode(failure.type) ? failure.type : CODE.GMAIL_REQUEST_FAILED;
      return { state: 'failed', code, message: failure.message };
    }
  };
}

export function isRetryable(failure: ApplicationFailure): boolean {
  return !failure.nonRetryable && (!isErrorCode(failure.type) || ERRORS[failure.type].retryable);
}

import { callGmail } from '../../gmail/call-gmail.js';
import { gmailForConnection } from '../../gmail/connected-gmail.js';
import { toGmailFailure } from '../../gmail/errors.js';
import { stopMailboxWatch, watchMailbox } from '../../gmail/watch.js';
import type { ActivityDeps } from '../deps.js';
import { isRetryable } from './renew-watch.js';
import { mailboxLabelIds, recordPushState } from './watch-rows.js';

/**
 * The connection stops watching, before its grant is revoked (disconnect): `users.stop` when no other
 * connection reads this mailbox, else a watch of the labels the others still read (stopping would
 * silence them). Best effort past the retry policy: a watch left behind lapses at its expiry, and
 * what it still sends finds no connection to wake.
 */
export function endWatch(deps: ActivityDeps) {
  return async ({ connectionId }: { connectionId: string }): Promise<void> => {
    if (deps.push) {
      const others = await mailboxLabelIds(deps.sql, connectionId, { without: true });
      try {
        const gmail = await gmailForConnection(
          { sql: deps.sql, cipher: deps.cipher, settings: deps.gmailSettings },
          connectionId,
        );
        const call = callGmail(deps, connectionId);
        if (others.length > 0)
          await watchMailbox(call, gmail, { topicName: deps.push.topic, labelIds: others });
        else await stopMailboxWatch(call, gmail);
      } catch (err) {
        const failure = toGmailFailure(err, 'gmail stop');
        if (isRetryable(failure)) throw failure;
        deps.log.warn(
          { connectionId, code: failure.type, err: failure.message },
          'the watch could not be stopped',
        );
      }
    }
    await recordPushState(deps.sql, connectionId, 'stopped', null);
  };
}

import type { ConnectionStatus } from '../../api/connection-status.js';
import { When } from './when.js';

/** What each push state means for the host, in words (the poll interval follows from it). */
const PUSH_WORDS: Record<ConnectionStatus['push']['state'], string> = {
  watching: 'on: new mail is read within seconds',
  off: 'off: new mail waits for the next scheduled sync',
  pending: 'starting the Gmail watch…',
  silent: 'Gmail stopped telling us about new mail: syncing on the short schedule until it does',
  failed: 'the Gmail watch could not be set up: syncing on the short schedule, retrying soon',
  expired: 'the Gmail watch lapsed: syncing on the short schedule until it is renewed',
  stopped: 'stopped',
};

/** The card's "Real time" line: the push state, the watch's expiry and the last notification. */
export function PushLine({ status }: { status: ConnectionStatus }) {
  const push = status.push;
  return (
    <>
      {PUSH_WORDS[push.state]}
      {push.watchExpiresAt ? (
        <>
          {' '}
          · watch renews daily, lapses <When at={push.watchExpiresAt} />
        </>
      ) : null}
      {push.lastNotificationAt ? (
        <>
          {' '}
          · last notification <When at={push.lastNotificationAt} />
        </>
      ) : null}
    </>
  );
}

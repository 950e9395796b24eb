import type { ArchivedMessage } from '../../api/routes/messages.js';
import { swappingForm } from './swapping-form.js';
import { When } from './when.js';

/** What the queue calls mail the extractor flagged `unrecognized`. */
export const UNREAD_MAIL = 'We could not read this e-mail';

/** A flagged message with the connection it came from, as the review queue lists it. */
export interface UnreadMail {
  connectionId: string;
  connectionName: string;
  message: ArchivedMessage;
}

/** The page element of one unread mail: its connection and Gmail id together (ids repeat across labels). */
export const unreadMailId = (mail: { connectionId: string; gmailMessageId: string }) =>
  `mail-${mail.connectionId}-${mail.gmailMessageId}`;

/**
 * One e-mail nobody could read, in the review queue beside the review items: its subject, sender,
 * date and the start of its text (escaped like every text here, never rendered as markup), and
 * "Not a booking" to dismiss it. It is a queue item like the others: `j`/`k` reach it, `d`
 * dismisses it.
 */
export function UnreadMailView(props: { mail: UnreadMail }) {
  const { message } = props.mail;
  const id = unreadMailId({ connectionId: props.mail.connectionId, gmailMessageId: message.gmailMessageId });
  const title = `${id}-title`;
  const open = message.dismissedAt === null;
  const post = swappingForm(
    `/app/review/mail/${props.mail.connectionId}/${message.gmailMessageId}`,
    `#${id}`,
  );
  return (
    <article
      id={id}
      class="review-item"
      aria-labelledby={title}
      tabindex={-1}
      data-review-item
      data-unread-mail
    >
      <div class="evidence-side">
        <p>
          <span class="tag">{UNREAD_MAIL}</span>
        </p>
        <h2 id={title}>{message.subject ?? '(no subject)'}</h2>
        <p class="muted small">
          From {message.from ?? 'unknown sender'} · <When at={message.internalDate} /> ·{' '}
          {props.mail.connectionName}
        </p>
        {message.excerpt ? (
          <pre class="mail-text">{message.excerpt}</pre>
        ) : (
          <p class="muted">The e-mail has no text to show.</p>
        )}
      </div>
      <div class="candidate-side">
        <h3>What to do</h3>
        <p>
          It looks like booking mail, but nothing could read a booking from it, so no booking took what it
          says. If it is one, check the stay in your calendar; if it is not, dismiss it.
        </p>
        {open ? (
          <form {...post('dismiss')}>
            <button type="submit" class="quiet" data-dismiss>
              Not a booking
            </button>
          </form>
        ) : (
          <p class="muted small">
            Not a booking — dismissed <When at={message.dismissedAt} />
          </p>
        )}
      </div>
    </article>
  );
}

import type { ReviewItem } from '../../api/routes/review-items.js';
import { candidateReasons } from './candidate-reasons.js';
import { swappingForm } from './swapping-form.js';
import { When } from './when.js';

export const REASONS: Record<ReviewItem['reason'], string> = {
  no_match: 'No booking matches',
  ambiguous: 'Several bookings could match',
  change_request: 'The guest asks for a change',
  low_confidence: 'The e-mail was hard to read',
};

/** The fact's fields a person compares, in reading order; empty ones are left out. */
const FIELDS: [keyof ReviewItem['fact'], string][] = [
  ['guestName', 'Guest'],
  ['checkIn', 'Check-in'],
  ['checkOut', 'Check-out'],
  ['guestCount', 'Guests'],
  ['confirmationCode', 'Confirmation code'],
  ['listingName', 'Listing'],
  ['payoutAmount', 'Payout'],
  ['requestedCheckIn', 'Asks for check-in'],
  ['requestedCheckOut', 'Asks for check-out'],
  ['requestedGuestCount', 'Asks for guests'],
];

const FIELD_NAMES: Record<string, string> = Object.fromEntries(FIELDS);

/** Who sold the stay, as a host says it. */
const CHANNEL_NAMES: Record<ReviewItem['fact']['platform'], string> = {
  airbnb: 'Airbnb',
  vrbo: 'Vrbo',
  booking: 'Booking.com',
  expedia: 'Expedia',
  agoda: 'Agoda',
  direct: 'Direct booking',
  other: 'Not named',
  pms: 'Not named (PMS)',
};

/** The channel, and the channel manager that relayed the mail when one did (`Expedia via lodgify`). */
function channelOf(fact: ReviewItem['fact']): string {
  return fact.via ? `${CHANNEL_NAMES[fact.platform]} via ${fact.via}` : CHANNEL_NAMES[fact.platform];
}

function fieldValue(item: ReviewItem, key: keyof ReviewItem['fact']): string | null {
  const value = item.fact[key];
  if (value === null || value === undefined) return null;
  if (key === 'payoutAmount') return `${value} ${item.fact.payoutCurrency ?? ''}`.trim();
  return String(value);
}

/** One queue item: what the e-mail said, with the lines it came from, beside the ranked candidates. */
export function ReviewItemView(props: { item: ReviewItem; feedNames: Record<string, string> }) {
  const { item } = props;
  const open = item.status === 'open';
  const title = `review-${item.id}-title`;
  const post = swappingForm(`/app/review/${item.id}`, `#review-${item.id}`);
  return (
    <article
      id={`review-${item.id}`}
      class="review-item"
      aria-labelledby={title}
      tabindex={-1}
      data-review-item
    >
      <div class="evidence-side">
        <h2 id={title}>{item.email.subject ?? '(no subject)'}</h2>
        <p class="muted small">
          From {item.email.from ?? 'unknown sender'} · <When at={item.email.date} />
        </p>
        <p>
          <span class="tag">{REASONS[item.reason]}</span>
          {!open ? <span class="tag"> {item.status}</span> : null}
          {item.fact.readBy === 'generic' ? <span class="tag"> Read without a known layout</span> : null}
        </p>
        <dl class="facts">
          <dt>Channel</dt>
          <dd>{channelOf(item.fact)}</dd>
          {FIELDS.map(([key, name]) => {
            const value = fieldValue(item, key);
            return value === null ? null : (
              <>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </>
            );
          })}
        </dl>
        {Object.keys(item.fact.evidence).length > 0 ? (
          <>
            <h3>Where the e-mail says so</h3>
            <ul class="evidence">
              {Object.entries(item.fact.evidence).map(([field, ev]) => (
                <li>
                  <span class="muted">{FIELD_NAMES[field] ?? field}:</span> <q>{ev.text}</q>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <div class="candidate-side">
        <h3>Candidate bookings</h3>
        {item.candidates.length === 0 ? <p class="muted">No booking comes close.</p> : null}
        <ol class="candidates">
          {item.candidates.map((cand, rank) => (
            <li>
              <p>
                <strong>
                  {cand.checkIn} → {cand.checkOut}
                </strong>{' '}
                · {props.feedNames[cand.feedId] ?? 'listing'} · {cand.guestName ?? 'no guest name yet'}
                {cand.confirmationCode ? ` · ${cand.confirmationCode}` : ''}
              </p>
              <p class="muted small">
                {rank === 0 ? 'Best match: ' : ''}
                {candidateReasons(item.fact, cand).join(', ') || 'nothing to compare'}
                {cand.score !== null ? ` (score ${cand.score.toFixed(2)})` : ''}
              </p>
              {open ? (
                <form {...post('resolve')}>
                  <input type="hidden" name="bookingId" value={cand.bookingId} />
                  <button type="submit" data-resolve={rank === 0 ? 'best' : 'other'}>
                    Resolve<span class="visually-hidden"> with the booking of {cand.checkIn}</span>
                  </button>
                </form>
              ) : item.resolution?.bookingId === cand.bookingId ? (
                <p class="ok-text">✓ Chosen</p>
              ) : null}
            </li>
          ))}
        </ol>
        {open ? (
          <form {...post('dismiss')}>
            <button type="submit" class="quiet" data-dismiss>
              Dismiss
            </button>
          </form>
        ) : (
          <p class="muted small">
            Closed <When at={item.resolvedAt} />
          </p>
        )}
      </div>
    </article>
  );
}

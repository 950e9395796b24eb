import type { Connection } from '../../api/connection-record.js';
import type { ConnectionStatus } from '../../api/connection-status.js';
import { BADGES, type BadgeKey, badgeOf } from './badge.js';
import { Notice } from './layout.js';
import { Problem } from './problem.js';
import { PushLine } from './push-line.js';
import { swappingForm } from './swapping-form.js';
import { plural, When } from './when.js';

export const PLATFORM_NAMES: Record<Connection['platform'], string> = {
  airbnb: 'Airbnb',
  vrbo: 'Vrbo',
  booking: 'Booking.com',
  pms: 'PMS',
};

/** Keep refreshing the card until this run has finished (after Sync now), at most `polls` times. */
export interface Watch {
  untilWorkflowId?: string;
  polls: number;
}

export interface CardProps {
  connection: Connection;
  status: ConnectionStatus;
  watch?: Watch;
  notice?: { kind: 'ok' | 'error'; text: string; code?: string };
}

/** Two seconds apart: five minutes of live progress without a reload. */
export const POLL_LIMIT = 150;

/** Live while a run is in flight, while a fresh connection waits for its first run, or while watched. */
function isLive(p: CardProps, badge: BadgeKey): boolean {
  if ((p.watch?.polls ?? 0) >= POLL_LIMIT) return false;
  if (badge === 'syncing') return true;
  if (badge === 'connected' && !p.status.lastRun) return true;
  const watched = p.watch?.untilWorkflowId;
  return !!watched && p.status.lastRun?.workflowId !== watched && badge !== 'paused';
}

function cardUrl(id: string, watch: Watch | undefined): string {
  const q = new URLSearchParams({ polls: String((watch?.polls ?? 0) + 1) });
  if (watch?.untilWorkflowId) q.set('until', watch.untilWorkflowId);
  return `/app/connections/${id}/card?${q}`;
}

/** One connection: what it reads, how it is doing, and the buttons that steer it. */
export function ConnectionCard(p: CardProps) {
  const c = p.connection;
  const badge = badgeOf(p);
  const live = isLive(p, badge);
  const headingId = `conn-${c.id}-title`;
  const partial = swappingForm(`/app/connections/${c.id}`, `#conn-${c.id}`);
  const problem = p.status.lastError?.code ?? c.lastError?.code;
  return (
    <article
      id={`conn-${c.id}`}
      class={`card state-${badge}`}
      aria-labelledby={headingId}
      data-badge={badge}
      {...(live
        ? { 'hx-get': cardUrl(c.id, p.watch), 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' }
        : {})}
    >
      <header class="card-head">
        <h2 id={headingId}>
          {PLATFORM_NAMES[c.platform]} <span class="muted">· {c.reservationLabel ?? 'no label'}</span>
        </h2>
        <span class={`badge badge-${badge}`} data-testid="badge">
          <span aria-hidden="true">{BADGES[badge].symbol} </span>
          {BADGES[badge].text}
        </span>
      </header>
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      {p.notice?.code ? <Problem code={p.notice.code} /> : null}
      <dl class="facts">
        <dt>Gmail</dt>
        <dd>
          {c.gmailAddress ?? <span class="muted">not connected yet</span>}
          {c.gmailStatus === 'connected' ? <span class="ok-text"> · Connected</span> : null}
        </dd>
        <dt>Label</dt>
        <dd>{c.reservationLabel ?? '—'}</dd>
        <dt>Syncs</dt>
        <dd data-testid="interval">
          every {plural(p.status.pollIntervalMinutes, 'minute')}
          {p.status.pollIntervalMinutes !== c.syncIntervalMinutes ? (
            <span class="muted"> while push is on ({c.syncIntervalMinutes} without)</span>
          ) : null}
        </dd>
        <dt>Real time</dt>
        <dd data-testid="push">
          <PushLine status={p.status} />
        </dd>
        <dt>Last run</dt>
        <dd data-testid="last-run">
          {p.status.lastRun ? (
            <>
              <When at={p.status.lastRun.finishedAt} /> · {p.status.lastRun.status} ·{' '}
              {plural(p.status.lastRun.emailsScanned, 'e-mail')} scanned, {p.status.lastRun.emailsArchived}{' '}
              archived, {plural(p.status.lastRun.bookingsEnriched, 'booking')} enriched,{' '}
              {p.status.lastRun.reviewItemsCreated} to review
            </>
          ) : (
            <span class="muted">none yet</span>
          )}
        </dd>
        <dt>Next run</dt>
        <dd>
          <When at={p.status.nextSyncAt} none={badge === 'paused' ? 'paused' : 'not scheduled'} />
        </dd>
        <dt>On schedule</dt>
        <dd data-testid="timeliness">{timelinessText(c)}</dd>
      </dl>
      {p.status.currentRun ? (
        <p class="progress" role="status" data-testid="progress">
          <span aria-hidden="true">↻ </span>
          Syncing: {plural(p.status.currentRun.pagesDone, 'page')} done, {p.status.currentRun.emailsScanned}{' '}
          scanned, {p.status.currentRun.emailsArchived} archived
        </p>
      ) : null}
      {problem && badge !== 'connected' && badge !== 'syncing' ? (
        <Problem code={problem} message={p.status.lastError?.message ?? c.lastError?.message} />
      ) : null}
      <div class="actions">
        {c.gmailStatus !== 'connected' || badge === 'needs_reauth' ? (
          <form method="get" action={`/app/connections/${c.id}/connect`} data-connect={c.id}>
            <button type="submit" class="primary">
              {badge === 'needs_reauth' ? 'Reconnect' : 'Connect Gmail'}
            </button>
          </form>
        ) : null}
        {c.gmailStatus === 'connected' ? (
          <form {...partial('sync')}>
            <button type="submit" disabled={badge === 'syncing' || badge === 'paused'}>
              {badge === 'syncing' ? 'Syncing…' : 'Sync now'}
            </button>
          </form>
        ) : null}
        {c.gmailStatus !== 'pending' && c.gmailStatus !== 'revoked' ? (
          c.syncState === 'paused' ? (
            <form {...partial('resume')}>
              <button type="submit">Resume</button>
            </form>
          ) : (
            <form {...partial('pause')}>
              <button type="submit">Pause</button>
            </form>
          )
        ) : null}
        <a href={`/app/connections/${c.id}/runs`}>Run history</a>
      </div>
      <details class="more">
        <summary>Edit</summary>
        <form {...partial('edit')} class="stack">
          <label for={`label-${c.id}`}>Gmail label</label>
          <input id={`label-${c.id}`} name="reservationLabel" value={c.reservationLabel ?? ''} required />
          <label for={`interval-${c.id}`}>Sync every (minutes)</label>
          <input
            id={`interval-${c.id}`}
            name="syncIntervalMinutes"
            type="number"
            min="1"
            max="10080"
            value={String(c.syncIntervalMinutes)}
            required
          />
          <button type="submit">Save</button>
        </form>
      </details>
      <details class="more">
        <summary>Delete…</summary>
        <form {...partial('delete')} class="stack">
          <p>Stop syncing and forget the Gmail access. Archived e-mails and enriched bookings stay.</p>
          <button type="submit" class="danger">
            Yes, delete
          </button>
        </form>
      </details>
    </article>
  );
}

/** The same verdict as the API's `timeliness` and the sync-lag metric, in words. */
export function timelinessText(c: Pick<Connection, 'timeliness' | 'syncLagSeconds'>): string {
  const late = Math.round(c.syncLagSeconds / 60);
  const words: Record<typeof c.timeliness, string> = {
    onTime: 'yes',
    delayed: `delayed: ${plural(late, 'minute')} past its interval`,
    failing: 'no: its last sync failed',
  };
  return words[c.timeliness];
}

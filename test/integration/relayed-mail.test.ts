import { describe, expect, it } from 'vitest';
import type { ArchivedMessagePage } from '../../api/routes/messages.js';
import type { ReviewItemPage } from '../../api/routes/review-items.js';
import type { Platform } from '../../contracts/platforms.js';
import {
  createConnectedConnection,
  deliver,
  syncOnce,
  type TestConnection,
} from '../../testing/connections.js';
import { confirmations } from '../../testing/mail.js';
import { parsePrometheusText, sampleSum } from '../../testing/prometheus-text.js';
import {
  lodgifyExpedia,
  RELAYED,
  smoobuBookingCom,
  UNRECOGNIZED_SUBJECT,
  unrecognizedBooking,
} from '../../testing/relayed-mail.js';
import { type Api, useApi } from './api/harness.js';
import { addBooking, addFeed, type BookingFixture } from './match/fixtures.js';

/**
 * Issue 22 through the real stack: mail relayed by channel managers and mail nothing reads, put in
 * the Gmail emulator, synced by a connection's workflow (real Temporal, real Postgres, the real
 * googleapis client), then read back through the API. A Booking.com reservation relayed by Smoobu
 * and an Expedia one relayed by Lodgify are read by the generic reader: the first finds its booking
 * by its exact code and enriches it; the second only by its dates, so a person is asked. The third
 * mail is flagged `unrecognized`, never silent.
 */
let api: Api;
let conn: TestConnection;
let bookingComStay: string;
let pmsStay: string;

useApi(async (started) => {
  api = started;
  conn = await createConnectedConnection(api.stack, { label: 'Bookings' });
  const { sql } = api.stack;
  /** A stay in a calendar of its own, on `platform`. */
  const stayIn = async (platform: Platform, stay: BookingFixture) => {
    const feedId = await addFeed(sql, conn.workspaceId, platform);
    return addBooking(sql, { workspaceId: conn.workspaceId, connectionId: conn.connectionId, feedId }, stay);
  };
  // Booking.com's calendar shows the Smoobu stay under its code; a PMS calendar the Expedia one, uncoded
  const { smoobuBooking: coded, lodgifyExpedia: uncoded } = RELAYED;
  bookingComStay = await stayIn('booking', {
    checkIn: coded.checkIn,
    checkOut: coded.checkOut,
    confirmationCode: coded.confirmationCode,
  });
  pmsStay = await stayIn('pms', { checkIn: uncoded.checkIn, checkOut: uncoded.checkOut });
  // seven ordinary confirmations too: ten messages, so the connection has a share of unread mail
  await deliver(api.stack, conn.label, [
    smoobuBookingCom(),
    lodgifyExpedia(),
    unrecognizedBooking(),
    ...confirmations(7),
  ]);
  await syncOnce(api.stack, conn);
});

const apiMetric = async (name: string, labels: Record<string, string>) => {
  const res = await api.app.request('/metrics');
  return sampleSum(parsePrometheusText(await res.text()), name, labels);
};

describe('relayed and unreadable mail, through the whole pipeline', () => {
  it('stores each relayed fact with its channel as platform, the relay as via, read by the generic reader', async () => {
    const facts = await api.stack.sql`
      SELECT platform, via, read_by, confirmation_code, check_in::text, check_out::text, guest_name, guest_count
      FROM reservation_facts WHERE connection_id = ${conn.connectionId} AND via IS NOT NULL ORDER BY via DESC`;
    expect(facts).toEqual(
      [RELAYED.smoobuBooking, RELAYED.lodgifyExpedia].map((r) => ({
        platform: r.platform,
        via: r.via,
        read_by: 'generic',
        confirmation_code: r.confirmationCode,
        check_in: r.checkIn,
        check_out: r.checkOut,
        guest_name: r.guestName,
        guest_count: r.guestCount,
      })),
    );
  });

  it('the Smoobu fact enriches its Booking.com booking through its exact code', async () => {
    const [booking] = await api.stack.sql`
      SELECT guest_name, guest_count, enrichment_status, raw_data->>'enrichment_reason' AS reason
      FROM bookings WHERE id = ${bookingComStay}`;
    expect(booking).toEqual({
      guest_name: 'Emma Clarke',
      guest_count: 2,
      enrichment_status: 'enriched',
      reason: 'code_match',
    });
  });

  it('the Lodgify fact finds the PMS stay by its dates only, so it waits in the review queue, booking untouched', async () => {
    const res = await api.call<ReviewItemPage>('GET', `/api/review-items?connectionId=${conn.connectionId}`, {
      token: conn.apiToken,
    });
    expect(res.status).toBe(200);
    const item = res.body.items.find((i) => i.fact.via === 'lodgify');
    expect(item).toMatchObject({
      reason: 'low_confidence',
      fact: {
        platform: 'expedia',
        readBy: 'generic',
        confirmationCode: RELAYED.lodgifyExpedia.confirmationCode,
      },
    });
    expect(item!.candidates[0]!.bookingId).toBe(pmsStay);
    expect(res.body.items.some((i) => i.fact.via === 'smoobu')).toBe(false);
    const [booking] = await api.stack
      .sql`SELECT guest_name, enrichment_status FROM bookings WHERE id = ${pmsStay}`;
    expect(booking).toEqual({ guest_name: null, enrichment_status: null });
  });

  it('the unreadable mail is flagged, listed by ?flagged=true with its text, told to the outbox and counted', async () => {
    const res = await api.call<ArchivedMessagePage>(
      'GET',
      `/api/connections/${conn.connectionId}/messages?flagged=true`,
      { token: conn.apiToken },
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const message = res.body.items[0]!;
    expect(message).toMatchObject({
      subject: UNRECOGNIZED_SUBJECT,
      flags: ['unrecognized'],
      dismissedAt: null,
    });
    expect(message.excerpt).toContain('for the stay starting 14/08/2026 has been received');

    const events = await api.stack.sql`
      SELECT type, data FROM webhook_events
      WHERE workspace_id = ${conn.workspaceId} AND type LIKE 'message.%'`;
    expect(events).toEqual([
      {
        type: 'message.unrecognized',
        data: {
          connectionId: conn.connectionId,
          messageId: message.gmailMessageId,
          path: `/api/connections/${conn.connectionId}/messages/${message.gmailMessageId}`,
        },
      },
    ]);
    const one = await api.call('GET', events[0]!.data.path, { token: conn.apiToken });
    expect(one.body).toMatchObject({ gmailMessageId: message.gmailMessageId });

    const worker = parsePrometheusText(await api.stack.deps.metrics.registry.metrics());
    expect(sampleSum(worker, 'connections_unrecognized_messages_total', { sender_domain: 'other' })).toBe(1);
    expect(sampleSum(worker, 'connections_unrecognized_messages_total')).toBe(1);
  });

  it("the connection's share of unread mail is a series until a person dismisses the mail", async () => {
    const share = { connection_id: conn.connectionId };
    expect(await apiMetric('connections_unrecognized_mail_share', share)).toBeCloseTo(0.1);
    const [message] = await api.stack.sql<{ id: string }[]>`
      SELECT gmail_message_id AS id FROM gmail_messages WHERE connection_id = ${conn.connectionId} AND 'unrecognized' = ANY(flags)`;
    const dismissed = await api.call(
      'POST',
      `/api/connections/${conn.connectionId}/messages/${message!.id}/dismiss`,
      {
        token: conn.apiToken,
      },
    );
    expect(dismissed.status).toBe(200);
    const text = await (await api.app.request('/metrics')).text();
    expect(
      parsePrometheusText(text).filter(
        (s) =>
          s.labels.connection_id === conn.connectionId && s.name === 'connections_unrecognized_mail_share',
      ),
    ).toEqual([]);
  });
});

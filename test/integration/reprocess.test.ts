import { describe, expect, it } from 'vitest';
import { reprocessWorkflowId, statusQuery } from '../../contracts/workflows.js';
import { dismissReviewItem, resolveReviewItem } from '../../domain/review/resolve-review-item.js';
import { PARSER_VERSION } from '../../extraction/index.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../testing/connections.js';
import { airbnbConfirmation, stayOf } from '../../testing/mail.js';
import { smoobuBookingCom, UNRECOGNIZED_SUBJECT, unrecognizedBooking } from '../../testing/relayed-mail.js';
import { type Stack, useStack } from '../support/stack.js';
import { addBooking, addFeed, readBooking } from './match/fixtures.js';

let stack: Stack;
useStack((s) => {
  stack = s;
});

/** A connection on `label` holding `raws`, after its first sync completed. */
async function firstSyncOf(label: string, raws: string[]) {
  const conn = await createConnectedConnection(stack, { label });
  await deliver(stack, conn.label, raws);
  const handle = await startConnectionWorkflow(stack, conn);
  await expect
    .poll(async () => (await handle.query(statusQuery)).lastRun?.status, { timeout: 60_000 })
    .toBe('completed');
  return { conn, handle };
}

describe('reprocess', () => {
  it('re-extracts the archive with the current parser without asking Gmail', async () => {
    const { conn, handle } = await firstSyncOf('Reprocess', [
      airbnbConfirmation(900, 'Ada Lovelace'),
      airbnbConfirmation(901, 'Alan Turing'),
    ]);

    // what an older parser left behind: one fact misread, one message never understood
    await stack.sql`UPDATE reservation_facts SET guest_name = 'Ada L', parser_version = '0.9.0'
      WHERE connection_id = ${conn.connectionId} AND guest_name = 'Ada Lovelace'`;
    await stack.sql`DELETE FROM reservation_facts WHERE connection_id = ${conn.connectionId} AND guest_name = 'Alan Turing'`;

    const since = Date.now();
    const result = await stack.client.workflow.execute('reprocessWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: reprocessWorkflowId(conn.connectionId),
      args: [{ connectionId: conn.connectionId, workspaceId: conn.workspaceId }],
    });
    expect(result).toMatchObject({ emailsScanned: 2, factsExtracted: 2, factsChanged: 2 });

    const facts = await stack.sql`SELECT guest_name, parser_version, match_status FROM reservation_facts
      WHERE connection_id = ${conn.connectionId} ORDER BY guest_name`;
    expect(facts.map((f) => [f.guest_name, f.parser_version])).toEqual([
      ['Ada Lovelace', PARSER_VERSION],
      ['Alan Turing', PARSER_VERSION],
    ]);
    expect(facts.every((f) => f.match_status !== 'pending')).toBe(true);
    expect(stack.emulator.faults.calls({ since }).filter((c) => c.kind !== 'other')).toEqual([]);
    const runs = await stack.sql`SELECT trigger, status, emails_scanned FROM sync_runs
      WHERE connection_id = ${conn.connectionId} ORDER BY started_at`;
    expect(runs.at(-1)).toEqual({ trigger: 'reprocess', status: 'completed', emails_scanned: 2 });
    await handle.terminate();
  });

  it('never reopens, re-matches or moves a fact a person resolved or dismissed', async () => {
    const { conn, handle } = await firstSyncOf('Reprocess decided', [
      airbnbConfirmation(920, 'Chosen Guest'),
      airbnbConfirmation(921, 'Dismissed Guest'),
    ]);
    const items = await stack.sql<{ id: string; guest: string }[]>`
      SELECT i.id, f.guest_name AS guest FROM enrichment_review_items i JOIN reservation_facts f ON f.id = i.fact_id
      WHERE i.connection_id = ${conn.connectionId} AND i.status = 'open' ORDER BY f.guest_name`;
    expect(items.map((i) => i.guest)).toEqual(['Chosen Guest', 'Dismissed Guest']);

    // the feed now shows both stays under their codes, but the person chose other bookings
    const tenant = { ...conn, feedId: await addFeed(stack.sql, conn.workspaceId, 'airbnb') };
    const byCode = await addBooking(stack.sql, tenant, {
      ...stayOf(920),
      confirmationCode: stayOf(920).code,
    });
    await addBooking(stack.sql, tenant, { ...stayOf(921), confirmationCode: stayOf(921).code });
    const chosen = await addBooking(stack.sql, tenant, { checkIn: '2026-08-01', checkOut: '2026-08-04' });
    await resolveReviewItem(stack.sql, {
      workspaceId: conn.workspaceId,
      itemId: items[0]!.id,
      bookingId: chosen,
    });
    await dismissReviewItem(stack.sql, { workspaceId: conn.workspaceId, itemId: items[1]!.id });
    // an older parser's reading, so the re-extraction sees both facts change
    await stack.sql`UPDATE reservation_facts SET guest_count = 9 WHERE connection_id = ${conn.connectionId}`;

    await stack.client.workflow.execute('reprocessWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: reprocessWorkflowId(conn.connectionId),
      args: [{ connectionId: conn.connectionId, workspaceId: conn.workspaceId }],
    });

    const after = await stack.sql`
      SELECT f.guest_name, f.match_status, f.matched_booking_id, i.status, i.resolution->>'bookingId' AS resolved_to
      FROM reservation_facts f JOIN enrichment_review_items i ON i.fact_id = f.id
      WHERE f.connection_id = ${conn.connectionId} ORDER BY f.guest_name`;
    expect(after).toEqual([
      {
        guest_name: 'Chosen Guest',
        match_status: 'matched',
        matched_booking_id: chosen,
        status: 'resolved',
        resolved_to: chosen,
      },
      {
        guest_name: 'Dismissed Guest',
        match_status: 'unmatched',
        matched_booking_id: null,
        status: 'dismissed',
        resolved_to: null,
      },
    ]);
    expect((await readBooking(stack.sql, byCode)).guestName).toBeNull();
    await handle.terminate();
  });
});

describe('reprocess: mail nobody could read', () => {
  it('recomputes the flag: mail the extractor now reads loses it, mail it no longer reads gains it and is told', async () => {
    const { conn, handle } = await firstSyncOf('Reprocess unread', [
      smoobuBookingCom(),
      unrecognizedBooking(),
    ]);
    const messages = await stack.sql<{ id: number; subject: string }[]>`
      SELECT id, subject FROM gmail_messages WHERE connection_id = ${conn.connectionId}`;
    const relayedId = messages.find((m) => m.subject.startsWith('New booking'))!.id;
    const unreadId = messages.find((m) => m.subject === UNRECOGNIZED_SUBJECT)!.id;
    expect(await flagsOf(relayedId)).toEqual({ flags: [], excerpt: null });
    expect((await flagsOf(unreadId)).flags).toEqual(['unrecognized']);

    // what an older extractor left: it could not read the relay, and did not flag the other
    await stack.sql`UPDATE gmail_messages SET flags = '{unrecognized}', excerpt = 'old' WHERE id = ${relayedId}`;
    await stack.sql`DELETE FROM reservation_facts WHERE message_id = ${relayedId}`;
    await stack.sql`UPDATE gmail_messages SET flags = '{}', excerpt = NULL WHERE id = ${unreadId}`;
    await stack.sql`DELETE FROM webhook_events WHERE workspace_id = ${conn.workspaceId}`;

    await stack.client.workflow.execute('reprocessWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: reprocessWorkflowId(conn.connectionId),
      args: [{ connectionId: conn.connectionId, workspaceId: conn.workspaceId }],
    });

    expect(await flagsOf(relayedId)).toEqual({ flags: [], excerpt: null });
    const [fact] =
      await stack.sql`SELECT platform, via, read_by FROM reservation_facts WHERE message_id = ${relayedId}`;
    expect(fact).toEqual({ platform: 'booking', via: 'smoobu', read_by: 'generic' });
    const regained = await flagsOf(unreadId);
    expect(regained.flags).toEqual(['unrecognized']);
    expect(regained.excerpt).toContain('has been received');
    // the relayed mail now read goes on to matching and may open review items: only message.* here
    const events = await stack.sql`SELECT type, data->>'messageId' AS message FROM webhook_events
      WHERE workspace_id = ${conn.workspaceId} AND type LIKE 'message.%'`;
    const told = await stack.sql`SELECT id FROM webhook_events WHERE workspace_id = ${conn.workspaceId}`;
    const [gmailId] = await stack.sql`SELECT gmail_message_id FROM gmail_messages WHERE id = ${unreadId}`;
    expect(events).toEqual([{ type: 'message.unrecognized', message: gmailId!.gmail_message_id }]);

    // a second reprocess changes nothing and tells nobody again
    await stack.client.workflow.execute('reprocessWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: reprocessWorkflowId(conn.connectionId),
      args: [{ connectionId: conn.connectionId, workspaceId: conn.workspaceId }],
    });
    expect(await flagsOf(unreadId)).toEqual(regained);
    expect(await stack.sql`SELECT id FROM webhook_events WHERE workspace_id = ${conn.workspaceId}`).toEqual(
      told,
    );
    await handle.terminate();
  });
});

async function flagsOf(id: number) {
  const [row] = await stack.sql<{ flags: string[]; excerpt: string | null }[]>`
    SELECT flags, excerpt FROM gmail_messages WHERE id = ${id}`;
  return row!;
}

import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { type Api, eventually, useApi } from './harness.js';

let api: Api;
let token: string;

useApi(async (started) => {
  api = started;
  token = (await api.newWorkspace('label change')).token;
});
// runs before useApi's stop: a test that failed half-way must not leave the emulator slow
afterAll(() => {
  api?.stack.emulator.faults.clear();
});

const status = (conn: Connection) => api.statusOf(token, conn.id);

describe('changing the label while a sync runs', () => {
  it('archives every message of the new label, whatever the running sync of the old one wrote', async () => {
    await api.mailbox('Before', [airbnbConfirmation(301, 'Old One'), airbnbConfirmation(302, 'Old Two')]);
    const newSubjects = [303, 304, 305].map((n) => airbnbConfirmation(n, `New ${n}`));
    await api.mailbox('After', newSubjects);
    const conn = await api.newConnection(token, 'Before');
    // the initial sync's listing hangs long enough for the PATCH to land in the middle of it
    api.stack.emulator.faults.latency(2_000, ['messages.list']);
    expect((await api.connectGmail(token, conn.id)).status).toBe(200);
    await eventually(async () => ((await status(conn)).currentRun ? true : undefined), 30_000, 'a run');

    const patched = await api.call<Connection>('PATCH', `/api/connections/${conn.id}`, {
      token,
      json: { reservationLabel: 'After' },
    });
    expect(patched.status).toBe(200);
    api.stack.emulator.faults.clear();

    const idle = await eventually(
      async () => {
        const s = await status(conn);
        return s.state === 'idle' && s.lastRun ? s : undefined;
      },
      60_000,
      'idle',
    );
    // today's contract for catching up is "sync now"; a run the label change started itself counts too
    if (idle.runCount < 2) {
      expect((await api.call('POST', `/api/connections/${conn.id}/sync`, { token })).status).toBe(202);
      await eventually(
        async () => {
          const s = await status(conn);
          return s.state === 'idle' && s.runCount >= 2 ? s : undefined;
        },
        60_000,
        'the second run',
      );
    }
    const archived = await api.stack.sql<{ subject: string }[]>`
      SELECT subject FROM gmail_messages WHERE connection_id = ${conn.id} AND subject LIKE '%New 30%'`;
    expect(archived.map((m) => m.subject).sort()).toEqual([
      'Reservation confirmed - New 303 arrives Jul 7',
      'Reservation confirmed - New 304 arrives Jul 8',
      'Reservation confirmed - New 305 arrives Jul 9',
    ]);
  });
});

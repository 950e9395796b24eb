import type { gmail_v1 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUser,
  DEFAULT_USER,
  GMAIL_MODIFY_SCOPE,
  type GmailEmulator,
  type GmailNotification,
  gmailAt,
  seedMessages,
  startGmailEmulator,
  WATCH_LIFETIME_MS,
} from '../../../dev/gmail/index.js';
import { airbnbConfirmation } from '../../../testing/mail.js';

const TOPIC = 'projects/connections-test/topics/gmail-push';

/**
 * The Gmail emulator's side of push, through the real googleapis client: users.watch and users.stop
 * as Gmail has them, and a notification for each change of a watched label. The publisher here
 * collects what it is given (the Pub/Sub leg is tested in gmail-push.test.ts).
 */
let emulator: GmailEmulator;
let gmail: gmail_v1.Gmail;
const published: GmailNotification[] = [];

beforeAll(async () => {
  emulator = await startGmailEmulator({ port: 0 });
  emulator.push.use({
    topic: TOPIC,
    publish: async (n) => {
      published.push(n);
    },
  });
  const { client } = await authorizeUser({
    emulatorUrl: emulator.url,
    user: DEFAULT_USER,
    scopes: [GMAIL_MODIFY_SCOPE],
  });
  gmail = gmailAt(emulator.url, client, { retry: false });
});
afterAll(async () => {
  await emulator?.stop();
});

const label = async (name: string) =>
  (await seedMessages({ emulatorUrl: emulator.url, user: DEFAULT_USER, label: name, raws: [] })).labelId;
const importInto = async (labelId: string) =>
  (
    await gmail.users.messages.import({
      userId: 'me',
      requestBody: {
        raw: Buffer.from(airbnbConfirmation()).toString('base64url'),
        labelIds: ['INBOX', labelId],
      },
    })
  ).data.id!;
const settle = () => new Promise((r) => setTimeout(r, 50));
const statusOf = (call: Promise<unknown>) =>
  call.then(
    () => 200,
    (err: { response?: { status?: number } }) => err.response?.status,
  );

describe('users.watch and users.stop in the Gmail emulator', () => {
  it('refuses a topic it cannot publish to and labels that do not exist', async () => {
    const watched = await label('Watched');
    expect(
      await statusOf(
        gmail.users.watch({
          userId: 'me',
          requestBody: { topicName: 'projects/x/topics/y', labelIds: [watched] },
        }),
      ),
    ).toBe(400);
    expect(
      await statusOf(
        gmail.users.watch({ userId: 'me', requestBody: { topicName: TOPIC, labelIds: ['Label_nope'] } }),
      ),
    ).toBe(400);
    expect(emulator.push.watchOf(DEFAULT_USER)).toBeNull();
  });

  it('publishes each change of a watched label once, with the history id, and nothing else', async () => {
    const watched = await label('Watched');
    const other = await label('Other');
    const before = Date.now();
    const { data } = await gmail.users.watch({
      userId: 'me',
      requestBody: { topicName: TOPIC, labelIds: [watched], labelFilterBehavior: 'include' },
    });
    expect(Number(data.expiration)).toBeGreaterThanOrEqual(before + WATCH_LIFETIME_MS);
    published.length = 0;

    await importInto(watched);
    await settle();
    expect(published).toHaveLength(1);
    expect(published[0]!.emailAddress).toBe(DEFAULT_USER);
    expect(BigInt(published[0]!.historyId)).toBeGreaterThan(BigInt(data.historyId!));

    await importInto(other);
    await settle();
    expect(published).toHaveLength(1);

    // labelling a message into the watched label is a change of it too
    const moved = await importInto(other);
    await gmail.users.messages.modify({ userId: 'me', id: moved, requestBody: { addLabelIds: [watched] } });
    await settle();
    expect(published.length).toBeGreaterThanOrEqual(2);
    const listed = await gmail.users.history.list({
      userId: 'me',
      startHistoryId: data.historyId!,
      labelId: watched,
    });
    expect(BigInt(listed.data.historyId!)).toBeGreaterThanOrEqual(BigInt(published.at(-1)!.historyId));
  });

  it('a second watch replaces the first; stop and expiry end the notifications', async () => {
    const a = await label('Watched');
    const b = await label('Other');
    await gmail.users.watch({ userId: 'me', requestBody: { topicName: TOPIC, labelIds: [a] } });
    await gmail.users.watch({ userId: 'me', requestBody: { topicName: TOPIC, labelIds: [b] } });
    expect(emulator.push.watchOf(DEFAULT_USER)!.labelIds).toEqual([b]);
    published.length = 0;
    await importInto(a);
    await settle();
    expect(published).toHaveLength(0);

    emulator.push.watchOf(DEFAULT_USER)!.expiration = String(Date.now() - 1);
    await importInto(b);
    await settle();
    expect(published).toHaveLength(0);

    await gmail.users.watch({ userId: 'me', requestBody: { topicName: TOPIC, labelIds: [b] } });
    await gmail.users.stop({ userId: 'me' });
    expect(emulator.push.watchOf(DEFAULT_USER)).toBeNull();
    await importInto(b);
    await settle();
    expect(published).toHaveLength(0);
  });

  it('labelFilterBehavior exclude notifies for every label but those', async () => {
    const quiet = await label('Watched');
    const loud = await label('Other');
    await gmail.users.watch({
      userId: 'me',
      requestBody: { topicName: TOPIC, labelIds: [quiet], labelFilterBehavior: 'exclude' },
    });
    published.length = 0;
    await importInto(quiet);
    await importInto(loud);
    await settle();
    expect(published).toHaveLength(1);
    await gmail.users.stop({ userId: 'me' });
  });
});

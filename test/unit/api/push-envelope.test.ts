import { describe, expect, it } from 'vitest';
import { AppError } from '../../../api/errors.js';
import { messageIdOf, notificationOf, PushEnvelope } from '../../../api/push-envelope.js';
import { pushEnvelope } from '../../../dev/gmail/index.js';

const envelopeOf = (data: string, extra: Record<string, unknown> = {}) =>
  PushEnvelope.parse({
    message: { data, messageId: '7', ...extra },
    subscription: 'projects/p/subscriptions/s',
  });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

/** The failing field a 400 names. */
function failingPath(call: () => unknown): string | null {
  try {
    call();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return ((err as AppError).details as { path: string }[])[0]!.path;
  }
}

describe('the push envelope', () => {
  it('reads what Pub/Sub sends: the notification, with a string or numeric history id', () => {
    const sent = pushEnvelope(
      { emailAddress: 'host@example.com', historyId: '12345' },
      'm-1',
      'projects/p/subscriptions/s',
    );
    const envelope = PushEnvelope.parse(sent);
    expect(notificationOf(envelope)).toEqual({ emailAddress: 'host@example.com', historyId: '12345' });
    expect(messageIdOf(envelope)).toBe('m-1');
    expect(notificationOf(envelopeOf(b64({ emailAddress: 'a@b.co', historyId: 987 })))).toEqual({
      emailAddress: 'a@b.co',
      historyId: '987',
    });
    // the snake_case spelling alone is enough
    const snake = PushEnvelope.parse({ message: { data: b64({}), message_id: 'm-2' }, subscription: 's' });
    expect(messageIdOf(snake)).toBe('m-2');
  });

  it('names the field that is wrong', () => {
    expect(failingPath(() => notificationOf(envelopeOf(Buffer.from('not json').toString('base64'))))).toBe(
      'body.message.data',
    );
    expect(failingPath(() => notificationOf(envelopeOf(b64({ historyId: '1' }))))).toBe(
      'body.message.data.emailAddress',
    );
    expect(
      failingPath(() => notificationOf(envelopeOf(b64({ emailAddress: 'a@b.co', historyId: '1e9' })))),
    ).toBe('body.message.data.historyId');
    expect(failingPath(() => notificationOf(envelopeOf(b64([1, 2]))))).toBe('body.message.data');
    const noId = PushEnvelope.safeParse({ message: { data: b64({}) }, subscription: 's' });
    expect(noId.success).toBe(false);
    expect(noId.error?.issues[0]?.path).toEqual(['message', 'messageId']);
  });

  it('refuses data too large to be a notification before decoding it', () => {
    const huge = PushEnvelope.safeParse({
      message: { data: 'A'.repeat(5000), messageId: '1' },
      subscription: 's',
    });
    expect(huge.success).toBe(false);
  });
});

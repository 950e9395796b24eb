import { randomBytes } from 'node:crypto';

/** What Gmail publishes to the watch's topic when a watched label changes. */
export interface GmailNotification {
  emailAddress: string;
  historyId: string;
}

/** Where the emulator's notifications go: a Pub/Sub topic (dev/push/), or straight to a push endpoint. */
export interface PushPublisher {
  /** `projects/<project>/topics/<topic>`: a watch must name it, as Gmail checks it can publish there. */
  readonly topic: string;
  publish(notification: GmailNotification): Promise<void>;
}

/** The body a Pub/Sub push subscription POSTs: the message (data base64) and the subscription's name. */
export function pushEnvelope(notification: GmailNotification, messageId: string, subscription: string) {
  const publishTime = new Date().toISOString();
  return {
    message: {
      data: Buffer.from(JSON.stringify(notification)).toString('base64'),
      messageId,
      message_id: messageId,
      publishTime,
      publish_time: publishTime,
      attributes: {},
    },
    subscription,
  };
}

/**
 * Without a Pub/Sub emulator: the emulator posts the push envelope itself to `endpoint`, as a push
 * subscription would (one message id each, retried a few times on a failure like Pub/Sub does).
 */
export function directPushPublisher(opts: {
  topic: string;
  endpoint: string;
  subscription?: string;
}): PushPublisher {
  const subscription =
    opts.subscription ?? opts.topic.replace('/topics/', '/subscriptions/').concat('-direct');
  let sequence = 0;
  const prefix = randomBytes(4).toString('hex');
  return {
    topic: opts.topic,
    async publish(notification) {
      const body = JSON.stringify(pushEnvelope(notification, `${prefix}-${++sequence}`, subscription));
      for (const pause of [0, 200, 1_000, 5_000]) {
        if (pause) await new Promise((r) => setTimeout(r, pause));
        const res = await fetch(opts.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).catch(() => null);
        await res?.body?.cancel();
        if (res && res.status < 300) return;
      }
    },
  };
}

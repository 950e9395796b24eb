import { PubSub } from '@google-cloud/pubsub';
import type { PushPublisher } from '../gmail/index.js';

/**
 * The official client against the emulator: emulator mode (no credentials), and the universe
 * domain given, so google-auth-library never looks for Google's metadata server (it would, to learn
 * the universe, before the first call: traffic off the machine).
 */
export function emulatorClient(host: string, project: string): PubSub {
  return new PubSub({
    projectId: project,
    apiEndpoint: host,
    emulatorMode: true,
    universeDomain: 'googleapis.com',
  });
}

/**
 * A topic with a push subscription to `pushEndpoint` on the emulator, and the publisher the Gmail
 * emulator publishes its notifications through (Gmail's own side of push).
 */
export async function pushTopic(
  client: PubSub,
  opts: { topic: string; subscription: string; pushEndpoint: string },
): Promise<{ publisher: PushPublisher; topicName: string; subscriptionName: string }> {
  const [topic] = await client.createTopic(opts.topic);
  const [subscription] = await topic.createSubscription(opts.subscription, {
    pushConfig: { pushEndpoint: opts.pushEndpoint },
    // Pub/Sub's own default: a push the API does not acknowledge in time comes again
    ackDeadlineSeconds: 10,
  });
  return {
    topicName: topic.name,
    subscriptionName: subscription.name,
    publisher: {
      topic: topic.name,
      async publish(notification) {
        await topic.publishMessage({ json: notification });
      },
    },
  };
}

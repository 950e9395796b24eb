import { randomBytes } from 'node:crypto';
import type { GmailEmulator } from '../gmail/index.js';
import { directPushPublisher } from '../gmail/index.js';
import { createOidcIssuer, type OidcIssuer } from './oidc-issuer.js';
import { emulatorClient, pushTopic } from './pubsub-topic.js';
import { type PushRelay, startPushRelay } from './push-relay.js';

/** The Cloud project the local stack's topics live in (the Pub/Sub emulator takes any). */
export const DEV_PUSH_PROJECT = 'connections-dev';
/** The service account a real push subscription would sign as; the dev tokens name it. */
export const DEV_PUSH_SERVICE_ACCOUNT = `gmail-push@${DEV_PUSH_PROJECT}.iam.gserviceaccount.com`;

/** `pubsub-emulator`: Gmail emulator → Pub/Sub emulator → push subscription → relay → API; `direct`: Gmail emulator → relay → API. */
export type PushPathMode = 'pubsub-emulator' | 'direct';

export interface PushPath {
  mode: PushPathMode;
  /** `GMAIL_PUSH_TOPIC` for the worker. */
  topic: string;
  /** `GMAIL_PUSH_SERVICE_ACCOUNT` and `GMAIL_PUSH_JWKS_URL` for the API. */
  serviceAccount: string;
  jwksUrl: string;
  relay: PushRelay;
  /** Signs tokens with the key the API trusts (and, in tests, forged ones with another). */
  issuer: OidcIssuer;
  /** The push subscription pushes come from, as the envelope names it. */
  subscription: string;
  stop(): Promise<void>;
}

/** A topic name of its own for each stack, so stacks sharing one Pub/Sub emulator never cross. */
export function newPushTopicId(prefix = 'gmail-push'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function topicNameOf(topicId: string): string {
  return `projects/${DEV_PUSH_PROJECT}/topics/${topicId}`;
}

/**
 * Gmail push on the local machine: the dev token issuer and the relay that signs each push, then
 * either a topic and push subscription on the Pub/Sub emulator (when `pubsubHost` is given) or the
 * Gmail emulator posting the push envelope itself; in both, the Gmail emulator's watches publish
 * into it. The API is told where to deliver with `relay.deliverTo` once it listens (or `apiPushUrl`).
 */
export async function startPushPath(opts: {
  emulator: GmailEmulator;
  pubsubHost: string | null;
  topicId: string;
  /** Default: the API's push URL, as `deliverTo` sets it (the API's own default audience). */
  audience?: string;
  apiPushUrl?: string;
}): Promise<PushPath> {
  const issuer = await createOidcIssuer();
  const relay = await startPushRelay({
    issuer,
    audience: opts.audience,
    serviceAccount: DEV_PUSH_SERVICE_ACCOUNT,
    target: opts.apiPushUrl,
  });
  const stops: (() => Promise<unknown>)[] = [relay.stop];
  const stop = async () => {
    opts.emulator.push.use(null);
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const topic = topicNameOf(opts.topicId);
    let mode: PushPathMode = 'direct';
    let subscription = `projects/${DEV_PUSH_PROJECT}/subscriptions/${opts.topicId}-direct`;
    if (opts.pubsubHost) {
      const client = emulatorClient(opts.pubsubHost, DEV_PUSH_PROJECT);
      stops.push(() => client.close());
      const made = await pushTopic(client, {
        topic: opts.topicId,
        subscription: `${opts.topicId}-api`,
        pushEndpoint: relay.pushUrl,
      });
      opts.emulator.push.use(made.publisher);
      mode = 'pubsub-emulator';
      subscription = made.subscriptionName;
    } else {
      opts.emulator.push.use(directPushPublisher({ topic, endpoint: relay.pushUrl, subscription }));
    }
    return {
      mode,
      topic,
      serviceAccount: DEV_PUSH_SERVICE_ACCOUNT,
      jwksUrl: relay.jwksUrl,
      relay,
      issuer,
      subscription,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

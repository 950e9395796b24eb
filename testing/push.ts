import { appendFile } from 'node:fs/promises';
import { newPushTopicId, type PushPath, startPushPath, topicNameOf } from '../dev/push/index.js';
import type { SharedServers, Stack, StackOptions } from './stack.js';
import { startStack } from './stack.js';
import { type ServedApp, serveApp } from './web-server.js';

/** A poll interval that never fires during a test: what reaches the label must come by push. */
export const QUIET_POLL_MINUTES = 10_080;

export interface PushStack {
  stack: Stack;
  /** The API (and web app) over HTTP, verifying push tokens against the path's JWKS. */
  app: ServedApp;
  path: PushPath;
  stop(): Promise<void>;
}

/**
 * A stack with Gmail push on, end to end: the worker watches labels on a topic of its own; the
 * Gmail emulator publishes watched changes to the Pub/Sub emulator at `pubsubHost` (its push
 * subscription → the relay that signs the OIDC token → the API), or without one posts the push
 * itself to the relay; the API checks each token against the relay's JWKS.
 * `PUSH_PATH_REPORT` names a file that gets one line per stack: which path ran and what it carried
 * (.ci/run prints it).
 */
export async function startPushStack(
  servers: SharedServers,
  opts: { pubsubHost: string | null; stack?: StackOptions; healthyPollMinutes?: number },
): Promise<PushStack> {
  const topicId = newPushTopicId();
  const stack = await startStack(servers, {
    name: 'push',
    ...opts.stack,
    push: { topic: topicNameOf(topicId), healthyPollMinutes: opts.healthyPollMinutes ?? 60 },
  });
  const stops: (() => Promise<unknown>)[] = [() => stack.stop()];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const path = await startPushPath({ emulator: stack.emulator, pubsubHost: opts.pubsubHost, topicId });
    stops.push(async () => {
      await reportPath(path);
      await path.stop();
    });
    const app = await serveApp(stack, {
      GMAIL_PUSH_TOPIC: path.topic,
      GMAIL_PUSH_SERVICE_ACCOUNT: path.serviceAccount,
      GMAIL_PUSH_JWKS_URL: path.jwksUrl,
    });
    stops.push(() => app.stop());
    path.relay.deliverTo(`${app.url}/api/gmail/push`);
    return { stack, app, path, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function reportPath(path: PushPath): Promise<void> {
  const file = process.env.PUSH_PATH_REPORT;
  if (!file) return;
  const { count, statuses } = path.relay.delivered();
  await appendFile(file, `${path.mode} ${count} ${JSON.stringify(statuses)}\n`).catch(() => {});
}

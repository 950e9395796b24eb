/**
 * Gmail push on the local machine (npm run dev, the harness, the benchmark): the Pub/Sub emulator
 * when installed, the dev token issuer and the relay that plays Pub/Sub's part of signing pushes.
 * What the rest may import of this folder.
 */
export { createOidcIssuer, GOOGLE_ISSUER, type OidcIssuer, type PushTokenClaims } from './oidc-issuer.js';
export { findPubSubEmulator, type PubSubEmulator, startPubSubEmulator } from './pubsub-emulator.js';
export {
  DEV_PUSH_PROJECT,
  DEV_PUSH_SERVICE_ACCOUNT,
  newPushTopicId,
  type PushPath,
  type PushPathMode,
  startPushPath,
  topicNameOf,
} from './push-path.js';
export type { PushRelay } from './push-relay.js';

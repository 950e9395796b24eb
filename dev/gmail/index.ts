/**
 * The Gmail emulator's public surface: what `npm run dev`, the CLI, the harness, the benchmark and
 * the tests may use. Everything else in this folder is how the emulator works inside.
 */
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_USER,
  type GmailEmulator,
  type GmailEmulatorOptions,
  startGmailEmulator,
} from './emulator.js';
export type { FaultController, FaultPatch, FaultSettings } from './faults.js';
export { gmailAt } from './gmail-client.js';
export { importEmails, type MailboxTarget, seedMessages } from './mailbox.js';
export {
  approveConsent,
  authorizeUser,
  createOAuthClient,
  GMAIL_MODIFY_SCOPE,
  GMAIL_READONLY_SCOPE,
  type OAuthClient,
  type Tokens,
} from './oauth.js';
export {
  directPushPublisher,
  type GmailNotification,
  type PushPublisher,
  pushEnvelope,
} from './push-publisher.js';
export { type MailboxWatch, WATCH_LIFETIME_MS } from './watch-routes.js';

/**
 * Gmail's own labels. A reservation label is a label the host files booking mail under; a system
 * label would make Connections archive the whole inbox (or the spam, or the sent mail), so none of
 * them may be one. Gmail reserves these names regardless of case, so the check ignores case too.
 * https://developers.google.com/gmail/api/guides/labels#system_labels
 */
export const SYSTEM_LABELS: ReadonlySet<string> = new Set([
  'INBOX',
  'SENT',
  'SPAM',
  'TRASH',
  'DRAFT',
  'STARRED',
  'IMPORTANT',
  'UNREAD',
  'CHAT',
  'SCHEDULED',
  'SNOOZED',
  'OUTBOX',
  'ALL_MAIL',
  'YELLOW_STAR',
]);
const SYSTEM_PREFIXES = ['CATEGORY_'] as const;

export function isSystemLabel(name: string): boolean {
  const upper = name.trim().toUpperCase();
  return SYSTEM_LABELS.has(upper) || SYSTEM_PREFIXES.some((p) => upper.startsWith(p));
}

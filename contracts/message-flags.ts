/**
 * What the archive can say about one message, as codes: the API lists them
 * (`GET /api/connections/{id}/messages?flagged=true`), the archive stores them in
 * `gmail_messages.flags`. Pure data, like `errors.ts` beside it.
 */
export const MESSAGE_FLAGS = [
  // our own limits
  'too_large',
  'budget_exceeded',
  // what parsing found
  'empty_input',
  'not_an_email',
  'parse_failed',
  'mime_parse_failed',
  'nul_bytes',
  'truncated_multipart',
  'nesting_too_deep',
  'invalid_base64',
  'invalid_quoted_printable',
  'unknown_charset',
  // what extraction found: mail that looks like booking mail but gave no fact (see `readMail`)
  'unrecognized',
] as const;

export type MessageFlag = (typeof MESSAGE_FLAGS)[number];

const KNOWN = new Set<string>(MESSAGE_FLAGS);

export function isMessageFlag(value: string): value is MessageFlag {
  return KNOWN.has(value);
}

/**
 * The flags in a parse error text (`mime_parse_failed: Unexpected end, too_large`): each finding
 * starts with its code; details after it are for people, not for the list.
 */
export function flagsInParseError(error: string | null): MessageFlag[] {
  if (!error) return [];
  const codes = error.split(', ').map((part) => part.match(/^[a-z_]{1,40}/)?.[0] ?? '');
  return [...new Set(codes.filter(isMessageFlag))];
}

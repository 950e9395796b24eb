import type { ParsedEmail } from '../../extraction/parse-email.js';
import { cleanText, htmlToPlainText } from '../../extraction/plain-text.js';

/** What a person is shown of a mail nobody could read: enough to tell a booking from the rest. */
export const MAX_EXCERPT_CHARS = 2_000;
/** HTML rendered for it at most: a hostile megabyte of markup is not worth reading for a glance. */
const MAX_HTML_CHARS = 256 * 1024;

/**
 * The start of a mail's text as plain text: its text part, else its HTML rendered, with blank
 * lines and trailing spaces squeezed, at most MAX_EXCERPT_CHARS characters (cut before a lone
 * surrogate half). Made on the mail pool's threads, under their budget, when a mail is flagged
 * `unrecognized`; shown escaped, never as markup. Pure.
 */
export function excerptOf(email: Pick<ParsedEmail, 'text' | 'html'>): string | null {
  const source = email.text?.trim()
    ? email.text
    : htmlToPlainText((email.html ?? '').slice(0, MAX_HTML_CHARS));
  const text = cleanText(source.slice(0, MAX_EXCERPT_CHARS * 4))
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text === '') return null;
  if (text.length <= MAX_EXCERPT_CHARS) return text;
  const cut = text.slice(0, MAX_EXCERPT_CHARS - 1).replace(/[\ud800-\udbff]$/, '');
  return `${cut}…`;
}

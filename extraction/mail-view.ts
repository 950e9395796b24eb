import { openCollapsedLines } from './collapsed-lines.js';
import { isReplySubject } from './conversation.js';
import type { DateContext } from './dates.js';
import type { Span } from './evidence.js';
import { unwrapForwarded } from './forwarded.js';
import { detectLanguage, type Language, numericOrderOf } from './language.js';
import type { ParsedEmail } from './parse-email.js';
import { cleanText, htmlToPlainText, linesWithSpans } from './plain-text.js';

/** A mail as the templates read it: forwarded wrappers removed, text cleaned, split into lines. */
export interface MailView {
  subject: string;
  /** Sender address, lower-case; the original sender when the mail was forwarded. */
  from: string;
  /** The subject answered another message (`RE:`, `AW:`, `R:`): a conversation, not a notice. */
  reply: boolean;
  /** Raw `From` header (with display name) when the mail was not forwarded. */
  fromHeader: string;
  headers: Record<string, string>;
  forwarded: boolean;
  sentAt: Date | null;
  language: Language;
  dates: DateContext;
  /** Whole cleaned text, URLs kept (codes hide in them). */
  text: string;
  /** Text on one line, whitespace collapsed: for sentences the templates wrap. */
  flat: string;
  /** Trimmed non-empty lines with URLs removed. */
  lines: string[];
  /** Offsets in `text` of each of `lines` (evidence points there). */
  lineSpans: Span[];
  /** Which part of the mail `text` comes from: the text part, or the HTML rendered to text. */
  part: 'text' | 'html';
  /** The alt texts of the HTML part's images: relays name the channel with a logo. */
  imageAlts: string[];
}

/** `<img … alt="Booking.com">`: the attribute within a bounded stretch of one tag. */
const IMAGE_ALT = /<img\b[^>]{0,300}?\balt\s*=\s*["']([^"'<>]{1,80})["']/gi;
const MAX_IMAGE_ALTS = 50;
/** A channel's logo sits in a mail's head: a bounded stretch of HTML is searched, not a megabyte. */
const IMAGE_SCAN_CHARS = 200_000;

function imageAltsOf(html: string | undefined): string[] {
  if (!html) return [];
  const alts: string[] = [];
  for (const m of html.slice(0, IMAGE_SCAN_CHARS).matchAll(IMAGE_ALT)) {
    const alt = m[1]!.trim();
    if (alt) alts.push(alt);
    if (alts.length >= MAX_IMAGE_ALTS) break;
  }
  return alts;
}

const REPLY_PREFIX = /^\s*(?:(?:fwd?|fw|rv|re|tr|i|wg|enc|r)\s*:\s*)+/i;

/**
 * Booking mail is tens of kilobytes; reading a 10 MB body would block the worker for seconds for
 * nothing a template needs (the archive keeps the whole body).
 */
const MAX_BODY_CHARS = 1_000_000;
/** Subjects and header values are matched whole: cut to what a real one holds (RFC 5322's line). */
const MAX_SUBJECT_CHARS = 998;
const MAX_HEADER_CHARS = 2_000;

function cappedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, value.slice(0, MAX_HEADER_CHARS)]),
  );
}

export function toMailView(email: ParsedEmail): MailView {
  const plain = email.text?.slice(0, MAX_BODY_CHARS);
  const html = email.html?.slice(0, MAX_BODY_CHARS);
  const part = plain?.trim() || !html ? 'text' : 'html';
  const body = cleanText(part === 'text' ? (plain ?? '') : htmlToPlainText(html ?? ''));
  const original = unwrapForwarded(body);
  const subject = cleanText((original?.subject ?? email.subject ?? '').slice(0, MAX_SUBJECT_CHARS))
    .replace(REPLY_PREFIX, '')
    .trim();
  const text = openCollapsedLines(original ? original.body : body);
  const sentAt = original?.sentAt ?? validDate(email.date);
  const headers = original ? {} : cappedHeaders(email.headers);
  const language = detectLanguage(headers['x-locale'], `${subject}\n${text.slice(0, 20_000)}`);
  const { lines, spans } = linesWithSpans(text);
  return {
    subject,
    reply: isReplySubject(original?.subject ?? email.subject),
    from: original?.from ?? email.from ?? '',
    fromHeader: original ? '' : (headers.from ?? ''),
    headers,
    forwarded: original !== null,
    sentAt,
    language,
    dates: { sentAt, numericOrder: numericOrderOf(language), language },
    text,
    flat: text.replace(/\s+/g, ' '),
    lines,
    lineSpans: spans,
    part,
    imageAlts: imageAltsOf(html),
  };
}

function validDate(iso: string | null): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

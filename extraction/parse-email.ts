import PostalMime, { decodeWords, type Email } from 'postal-mime';
import { type HeaderBlock, looksLikeEmail, readHeaderBlock } from './header-block.js';
import { findMimeDamage } from './mime-damage.js';

/** What the archive keeps of a message: enough to re-run the extractor without the raw bytes. */
export interface ParsedEmail {
  subject: string | null;
  /** Sender address, lower-case. */
  from: string | null;
  /** ISO timestamp. */
  date: string | null;
  /** Lower-case names; repeated headers joined with '\n'; encoded words decoded. */
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
  /** Short codes for what went wrong (`not_an_email`, `truncated_multipart`, …), null when intact. */
  error: string | null;
}

/** Larger messages are parsed up to this size only (and flagged): booking mail is far smaller. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export const NOT_AN_EMAIL = 'not_an_email';

/** Header text an address or a date is looked for in: real ones are far shorter. */
const MAX_ADDRESS_TEXT = 1_000;
const MAX_DATE_TEXT = 200;
/** Longest header value kept (DKIM signatures and References run long; 16 KB is past any real one). */
const MAX_HEADER_VALUE = 16 * 1024;

/** Parses a raw message. Never throws: damage is reported in `error`, with whatever could be read. */
export async function parseEmail(raw: Uint8Array | string): Promise<ParsedEmail> {
  try {
    return await parseSafely(raw);
  } catch (err) {
    return { ...emptyEmail(), error: `parse_failed: ${shortMessage(err)}` };
  }
}

async function parseSafely(raw: Uint8Array | string): Promise<ParsedEmail> {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  if (bytes.length === 0) return { ...emptyEmail(), error: 'empty_input' };
  const tooLarge = bytes.length > MAX_MESSAGE_BYTES;
  const kept = tooLarge ? bytes.subarray(0, MAX_MESSAGE_BYTES) : bytes;
  const latin1 = Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('latin1');
  const block = readHeaderBlock(latin1);
  if (!looksLikeEmail(block)) {
    return {
      ...fromHeaderBlock(block),
      error: `${NOT_AN_EMAIL}: no header block with From, Subject or Date`,
    };
  }
  const damage = findMimeDamage(latin1);
  if (tooLarge) damage.push('too_large');
  try {
    // postal-mime joins folded header lines in quadratic time: a header block past this is an attack or junk
    const email = await PostalMime.parse(kept, { maxHeadersSize: 256 * 1024 });
    if (email.text?.includes('\u0000') || email.html?.includes('\u0000')) damage.push('nul_bytes');
    return { ...fromPostalMime(email, block), error: damage.length ? damage.join(', ') : null };
  } catch (err) {
    damage.unshift(`mime_parse_failed: ${shortMessage(err)}`);
    return { ...fromHeaderBlock(block), error: damage.join(', ') };
  }
}

/** Bytes of a message read when it is not parsed in full (over a limit): its header block. */
const HEADER_ONLY_BYTES = 64 * 1024;

/**
 * Subject, sender, date and headers from the header block alone, for a message we will not parse
 * (too large, or over its budget); cheap and bounded, so it runs on the event loop.
 */
export function parseHeaderOnly(raw: Uint8Array, error: string): ParsedEmail {
  const head = raw.subarray(0, HEADER_ONLY_BYTES);
  const block = readHeaderBlock(
    Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1'),
  );
  return { ...fromHeaderBlock(block), error };
}

function fromPostalMime(email: Email, block: HeaderBlock): Omit<ParsedEmail, 'error'> {
  const headers = decodedHeaders(email.headers.map((h) => [h.key, h.value]));
  return {
    subject: email.subject?.trim() || null,
    from: senderAddress(email) ?? addressIn(headers.from),
    date: isoDate(email.date) ?? isoDate(block.headers.date),
    headers,
    text: email.text ?? null,
    html: email.html ?? null,
  };
}

/** What the header block alone tells, when the body could not be parsed. */
function fromHeaderBlock(block: HeaderBlock | null): Omit<ParsedEmail, 'error'> {
  if (!block) return emptyEmail();
  const headers = decodedHeaders(Object.entries(block.headers));
  return {
    ...emptyEmail(),
    subject: headers.subject?.trim() || null,
    from: addressIn(headers.from),
    date: isoDate(headers.date),
    headers,
  };
}

function decodedHeaders(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of entries) {
    const name = key.toLowerCase();
    const decoded = safeDecodeWords(value.slice(0, MAX_HEADER_VALUE));
    headers[name] = name in headers ? `${headers[name]}\n${decoded}` : decoded;
  }
  return headers;
}

function safeDecodeWords(value: string): string {
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

function senderAddress(email: Email): string | null {
  const from = email.from;
  const address = from?.address ?? from?.group?.[0]?.address;
  return address ? address.toLowerCase() : null;
}

function addressIn(value: string | undefined): string | null {
  // capped: on a long value without `@` this pattern rescans from every start (quadratic)
  return (
    value
      ?.slice(0, MAX_ADDRESS_TEXT)
      .match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/)?.[0]
      ?.toLowerCase() ?? null
  );
}

function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(value.slice(0, MAX_DATE_TEXT).replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function emptyEmail(): Omit<ParsedEmail, 'error'> {
  return { subject: null, from: null, date: null, headers: {}, text: null, html: null };
}

function shortMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 120);
}

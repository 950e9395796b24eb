/**
 * The header block at the top of a message, read by hand: it decides whether bytes are an e-mail at
 * all, and it is what we still have when the MIME parser gives up.
 */

/** Headers every real message carries some of; a file with fewer than two is not a message. */
const MAIL_HEADERS = new Set([
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'received',
  'return-path',
  'delivered-to',
  'content-type',
  'reply-to',
  'sender',
]);
const IDENTIFYING_HEADERS = ['from', 'subject', 'date'];

const HEADER_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/;
const MBOX_SEPARATOR = /^From \S+/;
/** Enough for any real header block; garbage is not scanned further. */
const HEADER_SCAN_LIMIT = 256 * 1024;

export interface HeaderBlock {
  /** Lower-case names; a repeated header's values joined with '\n'; values still RFC 2047-encoded. */
  headers: Record<string, string>;
  /** Offset (in the scanned latin1 text) where the body starts. */
  bodyOffset: number;
}

/** The header block of `text` (read as latin1), or null when the first line is not a header. */
export function readHeaderBlock(text: string): HeaderBlock | null {
  const scanned = text.slice(0, HEADER_SCAN_LIMIT);
  const lines = scanned.split(/\r?\n/);
  const headers: Record<string, string> = {};
  let offset = 0;
  let current: string | null = null;
  let first = 0;
  if (MBOX_SEPARATOR.test(lines[0] ?? '')) {
    offset += (lines[0]?.length ?? 0) + 1;
    first = 1;
  }
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    offset += line.length + 1;
    if (line === '') return Object.keys(headers).length ? { headers, bodyOffset: offset } : null;
    if (/^[ \t]/.test(line) && current) {
      headers[current] += ` ${line.trim()}`;
      continue;
    }
    const m = HEADER_LINE.exec(line);
    if (!m) return Object.keys(headers).length ? { headers, bodyOffset: offset - line.length - 1 } : null;
    current = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    headers[current] = current in headers ? `${headers[current]}\n${value}` : value;
  }
  return Object.keys(headers).length ? { headers, bodyOffset: scanned.length } : null;
}

/** At least two usual mail headers, one of them From, Subject or Date. */
export function looksLikeEmail(block: HeaderBlock | null): block is HeaderBlock {
  if (!block) return false;
  const names = Object.keys(block.headers);
  const usual = names.filter((name) => MAIL_HEADERS.has(name)).length;
  return usual >= 2 && IDENTIFYING_HEADERS.some((name) => name in block.headers);
}

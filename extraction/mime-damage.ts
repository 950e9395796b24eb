/**
 * Damage the MIME parser silently works around. It still gives us text, but the archive should
 * know the message was not intact, so each finding becomes a short code in `ParsedEmail.error`.
 */

const BOUNDARY = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/gi;
/** Deeper than any real mail client writes; deeper nesting is a malformed or hostile message. */
const MAX_MULTIPART_DEPTH = 30;
const BASE64_HEADER = /content-transfer-encoding:[ \t]*base64/i;
const QP_HEADER = /content-transfer-encoding:[ \t]*quoted-printable/i;
const CHARSET = /charset\s*=\s*"?([^\s";]+)/i;
/** Content-Type header lines (with their folded continuations): bodies may quote `charset=` too. */
const CONTENT_TYPE_HEADER = /^content-type:[^\n]*(?:\n[ \t][^\n]*)*/gim;

const contentTypes = (raw: string): string[] => raw.match(CONTENT_TYPE_HEADER) ?? [];

type DamageCheck = (raw: string) => string | null;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const DAMAGE_CHECKS: readonly DamageCheck[] = [
  (raw) => {
    const boundaries = contentTypes(raw).flatMap((header) =>
      [...header.matchAll(BOUNDARY)].map((m) => m[1] ?? m[2] ?? ''),
    );
    if (boundaries.length > MAX_MULTIPART_DEPTH) return 'nesting_too_deep';
    const unclosed = boundaries.filter((b) => b && !new RegExp(`^--${escapeRegExp(b)}--`, 'm').test(raw));
    return unclosed.length ? 'truncated_multipart' : null;
  },
  (raw) => {
    for (const part of partBodies(raw, BASE64_HEADER)) {
      const body = part.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) return 'invalid_base64';
    }
    return null;
  },
  (raw) => {
    for (const part of partBodies(raw, QP_HEADER))
      if (/=(?![0-9A-Fa-f]{2}|\r?\n|$)/.test(part)) return 'invalid_quoted_printable';
    return null;
  },
  (raw) => {
    for (const header of contentTypes(raw)) {
      const charset = CHARSET.exec(header)?.[1];
      if (!charset) continue;
      try {
        new TextDecoder(charset);
      } catch {
        return `unknown_charset ${charset.slice(0, 40)}`;
      }
    }
    return null;
  },
];

/**
 * Bodies of the parts whose headers carry `encoding`: from the blank line after such a header to
 * the next `--` line. One pass over the lines: a regex spanning lines here (a lazy run up to a
 * blank line) was quadratic on mail that repeats the header without ever ending the block.
 */
function partBodies(raw: string, encoding: RegExp): string[] {
  const bodies: string[] = [];
  let state: 'scan' | 'headers' | 'body' = 'scan';
  let body: string[] = [];
  for (const line of raw.split('\n')) {
    if (state === 'body') {
      if (!line.startsWith('--')) {
        body.push(line);
        continue;
      }
      bodies.push(body.join('\n'));
      body = [];
      state = 'scan';
    }
    if (state === 'headers' && (line === '' || line === '\r')) state = 'body';
    else if (state === 'scan' && encoding.test(line)) state = 'headers';
  }
  if (state === 'body') bodies.push(body.join('\n'));
  return bodies;
}

/** Codes for the damage found in a raw message (read as latin1); empty when it looks intact. */
export function findMimeDamage(raw: string): string[] {
  return DAMAGE_CHECKS.map((check) => check(raw)).filter((code): code is string => code !== null);
}

/**
 * Generators of malformed e-mails for the archive/extract fuzz test, one per kind of damage, in one
 * table (`MAIL_KINDS`). Each kind says what `parseEmail` must make of it (`parseError`) and what the
 * extractor may make of it (`facts`). Every generator is a pure function of a seeded `Rng`, so a
 * corpus is rebuilt byte for byte from its seed.
 */
import { Rng } from './rng.js';

export type Bytes = Uint8Array;

/**
 * What the archive's `parse_error` must be: a pattern it must match (the damage is one `parseEmail`
 * can detect), `null` (an intact message: must not be flagged), or `'any'` (damage the parser cannot
 * or need not see: only "nothing throws" and "archived and processed" are asserted).
 */
export type ParseErrorExpectation = RegExp | null | 'any';

/**
 * What the extractor may produce: `none` (no fact row at all), `no_data` (a recognised template may
 * give facts, but not one field of them may be filled from garbage), `any`, or `booking` (at least one
 * fact carrying the confirmation code the generator wrote).
 */
export type FactsExpectation = 'none' | 'no_data' | 'any' | 'booking';

export interface GeneratedMail {
  /** Position in the corpus (also the generator's fork index). */
  index: number;
  kind: string;
  raw: Bytes;
  /** The confirmation code of a `booking` mail. */
  confirmationCode?: string;
}

export interface MailKind {
  name: string;
  /** Share of the corpus, relative to the other kinds' weights (ignored when `fixedCount` is set). */
  weight: number;
  /** Exactly this many in any corpus (the 10 MB bodies: a few are enough and keep the run fast). */
  fixedCount?: number;
  /** Intact messages mixed in to catch false positives. */
  control?: boolean;
  parseError: ParseErrorExpectation;
  facts: FactsExpectation;
  /**
   * A product gap this kind exposes that is reported but not fixed yet: the kind's `parseError` is
   * then asserted in a separate `it.fails` test instead of with the others.
   */
  knownGap?: string;
  /** `index`: position in the corpus (unique, for Message-IDs); `nth`: how many of this kind came before. */
  generate(rng: Rng, index: number, nth: number): { raw: Bytes; confirmationCode?: string };
}

// ---------------------------------------------------------------------------------------------
// building blocks

const enc = new TextEncoder();
const latin1 = (s: string): Bytes => Buffer.from(s, 'latin1');
const utf8 = (s: string): Bytes => enc.encode(s);
const concat = (parts: readonly (Bytes | string)[]): Bytes =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

type Eol = '\r\n' | '\n';
const eolOf = (rng: Rng): Eol => (rng.chance(0.7) ? '\r\n' : '\n');

/** Neutral words: filler must never look like a booking, so no fact may come out of it. */
const WORDS = (
  'the a of garden weekly news letter update coffee blue river quiet morning table paper window ' +
  'yellow simple mountain notes library spring orange music pencil cloud river forest bread ' +
  'question answer small large friday minute silver planet ocean recipe kitchen lamp chair ' +
  'café naïve über straße ñandú façade résumé 東京 ☕ 🌊 данные'
).split(' ');
const DOMAINS = ['news.example', 'shop.example.org', 'mail.example.net', 'lists.example.com', 'fuzz.test'];

const words = (rng: Rng, n: number): string => Array.from({ length: n }, () => rng.pick(WORDS)).join(' ');
const ASCII_WORDS = WORDS.filter((w) => /^[a-z]+$/.test(w));
const asciiWords = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => rng.pick(ASCII_WORDS)).join(' ');
const fillerLines = (rng: Rng, lines: number): string[] =>
  Array.from({ length: lines }, () => words(rng, rng.int(3, 14)));

const DAY_MS = 86_400_000;
const rfc2822 = (rng: Rng): string =>
  new Date(Date.UTC(2025, 0, 1) + rng.int(0, 3 * 365) * DAY_MS + rng.int(0, DAY_MS - 1)).toUTCString();

interface HeaderOptions {
  date?: boolean;
  from?: string;
  subject?: string;
  /** Extra header lines (Content-Type etc.), written after the usual ones. */
  extra?: readonly string[];
}

/** The usual headers of a neutral newsletter-like message. */
function headers(rng: Rng, index: number, opts: HeaderOptions = {}): string[] {
  const domain = rng.pick(DOMAINS);
  return [
    `From: ${opts.from ?? `${asciiWords(rng, 2)} <${asciiWords(rng, 1)}${index}@${domain}>`}`,
    'To: host@example.com',
    `Subject: ${opts.subject ?? asciiWords(rng, rng.int(2, 8))}`,
    ...(opts.date === false ? [] : [`Date: ${rfc2822(rng)}`]),
    `Message-ID: <fuzz-${rng.seed.toString(16)}-${index}@${domain}>`,
    'MIME-Version: 1.0',
    ...(opts.extra ?? []),
  ];
}

const boundaryOf = (rng: Rng): string => `=_fuzz_${rng.next().toString(36)}${rng.next().toString(36)}`;

function base64Lines(data: Bytes, eol: Eol): string {
  return (
    Buffer.from(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(eol);
}

/** Quoted-printable that any decoder accepts (soft breaks, `=XX` escapes of UTF-8 bytes). */
function quotedPrintable(text: string, eol: Eol): string {
  const bytes = Buffer.from(text, 'utf8');
  let line = '';
  const lines: string[] = [];
  for (const byte of bytes) {
    const char =
      byte === 0x0a ? '\n' : byte >= 33 && byte <= 126 && byte !== 61 ? String.fromCharCode(byte) : null;
    if (char === '\n') {
      lines.push(line);
      line = '';
      continue;
    }
    const piece = char ?? (byte === 0x20 ? ' ' : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);
    if (line.length + piece.length > 72) {
      lines.push(`${line}=`);
      line = '';
    }
    line += piece;
  }
  lines.push(line.endsWith(' ') ? `${line.slice(0, -1)}=20` : line);
  return lines.join(eol);
}

interface Part {
  headers: string[];
  body: Bytes | string;
}

const textPart = (text: string, charset = 'utf-8'): Part => ({
  headers: [`Content-Type: text/plain; charset=${charset}`],
  body: text,
});
const htmlPart = (text: string): Part => ({
  headers: ['Content-Type: text/html; charset=utf-8'],
  body: `<html><body><p>${text.split('\n').join('</p><p>')}</p></body></html>`,
});

/** A multipart body: `closed: false` leaves the closing delimiter out. */
function multipartBody(boundary: string, parts: readonly Part[], eol: Eol, closed = true): Bytes {
  const out: (Bytes | string)[] = [`This is a multi-part message in MIME format.${eol}`];
  for (const part of parts) {
    out.push(`--${boundary}${eol}`, part.headers.join(eol), eol, eol, part.body, eol);
  }
  if (closed) out.push(`--${boundary}--${eol}`);
  return concat(out);
}

function message(head: readonly string[], body: Bytes | string | null, eol: Eol): Bytes {
  if (body === null) return utf8(head.join(eol));
  return concat([head.join(eol), eol, eol, body]);
}

/** A well-formed multipart/alternative newsletter; `closeAt` is where its closing delimiter starts. */
function wellFormedMultipart(
  rng: Rng,
  index: number,
  eol: Eol,
): { raw: Bytes; closeAt: number; bodyAt: number } {
  const boundary = boundaryOf(rng);
  const text = fillerLines(rng, rng.int(3, 40)).join(eol);
  const parts: Part[] = [textPart(text), htmlPart(text)];
  if (rng.chance(0.4)) {
    parts.push({
      headers: [
        'Content-Type: application/pdf; name="notes.pdf"',
        'Content-Disposition: attachment; filename="notes.pdf"',
        'Content-Transfer-Encoding: base64',
      ],
      body: base64Lines(rng.bytes(rng.int(10, 6000)), eol),
    });
  }
  const head = utf8(
    headers(rng, index, { extra: [`Content-Type: multipart/alternative; boundary="${boundary}"`] }).join(
      eol,
    ) +
      eol +
      eol,
  );
  const body = multipartBody(boundary, parts, eol);
  const raw = concat([head, body]);
  const closeAt = Buffer.from(raw).lastIndexOf(`--${boundary}--`);
  return { raw, closeAt, bodyAt: head.length };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** An Airbnb host confirmation (the layout of FORMATS.md), with a seeded code, guest and stay. */
function airbnbConfirmation(
  rng: Rng,
  index: number,
  eol: Eol,
  opts: { date?: boolean } = {},
): { raw: Bytes; confirmationCode: string } {
  const code = `HM${Array.from({ length: 8 }, () => rng.pick([...CODE_ALPHABET])).join('')}`;
  const sent = new Date(Date.UTC(2026, 0, 1) + rng.int(0, 330) * DAY_MS);
  const checkIn = new Date(sent.getTime() + rng.int(3, 25) * DAY_MS);
  const checkOut = new Date(checkIn.getTime() + rng.int(1, 6) * DAY_MS);
  const day = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const guest = `${rng.pick(['Ana', 'Luca', 'Marie', 'John', 'Sofía'])} ${rng.pick(['Rossi', 'Smith', 'García'])}`;
  const head = [
    'From: Airbnb <automated@airbnb.com>',
    'To: host@example.com',
    `Subject: Reservation confirmed - ${guest} arrives ${day(checkIn)}`,
    ...(opts.date === false ? [] : [`Date: ${sent.toUTCString()}`]),
    `Message-ID: <fuzz-booking-${rng.seed.toString(16)}-${index}@airbnb.com>`,
    'X-Template: BOOKING_CONFIRMATION_TO_HOST',
    'X-Locale: en',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  const body = [
    `New booking confirmed! ${guest} arrives ${day(checkIn)}.`,
    '',
    'SEASIDE LOFT',
    'Entire home/apt',
    '',
    'Check-in      Checkout',
    `${day(checkIn)}   ${day(checkOut)}`,
    '',
    'GUESTS',
    `${rng.int(1, 6)} adults`,
    '',
    'CONFIRMATION CODE',
    code,
    '',
    'YOU EARN',
    `$${rng.int(50, 2000)}.${String(rng.int(0, 99)).padStart(2, '0')}`,
    '',
  ].join(eol);
  return { raw: message(head, body, eol), confirmationCode: code };
}

// ---------------------------------------------------------------------------------------------
// the kinds

const TEN_MB = 10 * 1024 * 1024;

export const MAIL_KINDS: readonly MailKind[] = [
  {
    name: 'control_plain',
    weight: 0,
    fixedCount: 60,
    control: true,
    parseError: null,
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const text = fillerLines(rng, rng.int(2, 30)).join(eol);
      switch (rng.int(0, 4)) {
        case 0:
          return { raw: message(headers(rng, index, { extra: [textPart(text).headers[0]!] }), text, eol) };
        case 1:
          return { raw: wellFormedMultipart(rng, index, eol).raw };
        case 2: {
          const head = headers(rng, index, {
            extra: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
          });
          return { raw: message(head, base64Lines(utf8(text), eol) + eol, eol) };
        }
        case 3: {
          const head = headers(rng, index, {
            extra: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
          });
          return { raw: message(head, quotedPrintable(text, eol) + eol, eol) };
        }
        default: {
          const head = headers(rng, index, { extra: ['Content-Type: text/plain; charset=iso-8859-1'] });
          return { raw: concat([head.join(eol), eol, eol, latin1(asciiWords(rng, 20) + ' café façade')]) };
        }
      }
    },
  },
  {
    name: 'control_booking',
    weight: 0,
    fixedCount: 40,
    control: true,
    parseError: null,
    facts: 'booking',
    generate: (rng, index) => airbnbConfirmation(rng, index, eolOf(rng)),
  },
  {
    // A multipart message cut somewhere after its header block and before its closing delimiter.
    name: 'truncated_multipart_cut',
    weight: 3,
    parseError: /truncated_multipart/,
    facts: 'none',
    generate(rng, index) {
      const { raw, closeAt, bodyAt } = wellFormedMultipart(rng, index, eolOf(rng));
      return { raw: raw.subarray(0, rng.int(bodyAt, closeAt + 3)) };
    },
  },
  {
    // Any message cut at any byte (inside a header, a UTF-8 sequence, a base64 quad…).
    name: 'truncated_anywhere',
    weight: 3,
    parseError: 'any',
    facts: 'none',
    generate(rng, index) {
      const { raw } = wellFormedMultipart(rng, index, eolOf(rng));
      return { raw: raw.subarray(0, rng.int(1, raw.length - 1)) };
    },
  },
  {
    name: 'unterminated_boundary',
    weight: 2,
    parseError: /truncated_multipart/,
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const boundary = boundaryOf(rng);
      const head = headers(rng, index, { extra: [`Content-Type: multipart/mixed; boundary="${boundary}"`] });
      const text = fillerLines(rng, rng.int(1, 10)).join(eol);
      switch (rng.int(0, 2)) {
        case 0: // parts, never closed
          return {
            raw: message(head, multipartBody(boundary, [textPart(text), htmlPart(text)], eol, false), eol),
          };
        case 1: // boundary declared, never used
          return { raw: message(head, text, eol) };
        default: // closed with another boundary
          return {
            raw: message(
              head,
              concat([multipartBody(boundary, [textPart(text)], eol, false), `--other${rng.next()}--${eol}`]),
              eol,
            ),
          };
      }
    },
  },
  {
    name: 'latin1_declared_utf8',
    weight: 2,
    parseError: 'any',
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const head = headers(rng, index, {
        subject: `${asciiWords(rng, 2)} caf\u00e9`,
        extra: ['Content-Type: text/plain; charset=utf-8'],
      });
      const body = latin1(
        `${asciiWords(rng, 10)} caf\u00e9 na\u00efve \u00fcber stra\u00dfe \u00f1and\u00fa\u00ff${eol}`,
      );
      // the Subject's é is a raw latin-1 byte in the header too
      return { raw: concat([latin1(head.join(eol)), eol, eol, body]) };
    },
  },
  {
    name: 'missing_charset',
    weight: 2,
    parseError: 'any',
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const extra = rng.chance(0.5) ? ['Content-Type: text/plain'] : [];
      const body = rng.chance(0.5)
        ? latin1(`${asciiWords(rng, 8)} \u00e9\u00e8\u00ff`)
        : utf8(words(rng, 20));
      return { raw: concat([headers(rng, index, { extra }).join(eol), eol, eol, body]) };
    },
  },
  {
    name: 'unknown_charset',
    weight: 3,
    parseError: /unknown_charset/,
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const charset = rng.pick([
        `x-unknown-${rng.int(0, 99)}`,
        `x-fuzz-${rng.next().toString(36)}`,
        'klingon-8',
      ]);
      const quoted = rng.chance(0.5) ? `"${charset}"` : charset;
      const text = fillerLines(rng, rng.int(1, 8)).join(eol);
      if (rng.chance(0.5)) {
        return {
          raw: message(
            headers(rng, index, { extra: [`Content-Type: text/plain; charset=${quoted}`] }),
            text,
            eol,
          ),
        };
      }
      const boundary = boundaryOf(rng);
      const head = headers(rng, index, {
        extra: [`Content-Type: multipart/alternative; boundary=${boundary}`],
      });
      return {
        raw: message(head, multipartBody(boundary, [textPart(text, quoted), htmlPart(text)], eol), eol),
      };
    },
  },
  {
    // A real booking without a Date header: the year of its dates comes from Gmail's internalDate.
    name: 'no_date_header',
    weight: 2,
    parseError: 'any',
    facts: 'any',
    generate: (rng, index) => airbnbConfirmation(rng, index, eolOf(rng), { date: false }),
  },
  {
    name: 'huge_body_10mb',
    weight: 0,
    fixedCount: 3,
    parseError: null,
    facts: 'none',
    generate(rng, index, nth) {
      const eol: Eol = '\r\n';
      const line = `${asciiWords(rng, 12)}${eol}`;
      const text = line.repeat(Math.ceil(TEN_MB / line.length));
      switch (nth % 3) {
        case 0:
          return {
            raw: message(
              headers(rng, index, { extra: ['Content-Type: text/plain; charset=utf-8'] }),
              text,
              eol,
            ),
          };
        case 1: {
          const boundary = boundaryOf(rng);
          const head = headers(rng, index, {
            extra: [`Content-Type: multipart/mixed; boundary="${boundary}"`],
          });
          const attachment: Part = {
            headers: [
              'Content-Type: application/octet-stream; name="big.bin"',
              'Content-Disposition: attachment; filename="big.bin"',
              'Content-Transfer-Encoding: base64',
            ],
            body: base64Lines(rng.bytes((TEN_MB * 3) / 4), eol),
          };
          return { raw: message(head, multipartBody(boundary, [textPart(line), attachment], eol), eol) };
        }
        default:
          return {
            raw: message(
              headers(rng, index, { extra: ['Content-Type: text/html; charset=utf-8'] }),
              `<html><body>${`<p>${line}</p>`.repeat(Math.ceil(TEN_MB / (line.length + 7)))}</body></html>`,
              eol,
            ),
          };
      }
    },
  },
  {
    // Raw 8-bit random bytes (NULs included) in an attachment: legal with `binary`, hostile anyway.
    name: 'binary_part',
    weight: 2,
    parseError: 'any',
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const boundary = boundaryOf(rng);
      const head = headers(rng, index, { extra: [`Content-Type: multipart/mixed; boundary="${boundary}"`] });
      const binary: Part = {
        headers: [
          `Content-Type: ${rng.pick(['application/octet-stream', 'image/png', 'text/plain'])}`,
          `Content-Transfer-Encoding: ${rng.pick(['binary', '8bit', '7bit'])}`,
        ],
        body: rng.bytes(rng.int(1, 20_000)),
      };
      return { raw: message(head, multipartBody(boundary, [textPart(words(rng, 10)), binary], eol), eol) };
    },
  },
  {
    // NUL bytes in a text/plain body: not allowed in a message; flagged `nul_bytes` (the archive strips them).
    name: 'nul_text_body',
    weight: 2,
    parseError: /./,
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const head = headers(rng, index, { extra: ['Content-Type: text/plain; charset=utf-8'] });
      const pieces: (Bytes | string)[] = [];
      for (let i = rng.int(1, 20); i > 0; i--)
        pieces.push(words(rng, rng.int(1, 6)), new Uint8Array(rng.int(1, 8)));
      return { raw: concat([head.join(eol), eol, eol, ...pieces]) };
    },
  },
  {
    name: 'random_bytes',
    weight: 2,
    parseError: /not_an_email/,
    facts: 'none',
    generate: (rng) => {
      const raw = rng.bytes(rng.int(1, 30_000));
      // a first byte that cannot start a header name keeps this from ever parsing as headers
      raw[0] = rng.pick([0x00, 0x20, 0x3a, 0x7f, 0xff]);
      return { raw };
    },
  },
  {
    name: 'nested_multipart',
    weight: 3,
    parseError: /nesting_too_deep/,
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const depth = rng.int(50, 200);
      const boundaries = Array.from({ length: depth }, (_, i) => `nest${i}_${rng.next().toString(36)}`);
      const closed = rng.chance(0.7);
      let inner: Bytes = concat([textPart(words(rng, 8)).headers.join(eol), eol, eol, words(rng, 8), eol]);
      for (let i = depth - 1; i >= 0; i--) {
        const b = boundaries[i]!;
        inner = concat([
          `Content-Type: multipart/${rng.pick(['mixed', 'alternative', 'related'])}; boundary="${b}"${eol}${eol}`,
          `--${b}${eol}`,
          inner,
          closed ? `--${b}--${eol}` : '',
        ]);
      }
      return { raw: concat([headers(rng, index).join(eol), eol, inner]) };
    },
  },
  {
    name: 'invalid_base64',
    weight: 3,
    parseError: /invalid_base64/,
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      let encoded = Buffer.from(fillerLines(rng, rng.int(1, 10)).join('\n'))
        .toString('base64')
        .replace(/=+$/, '');
      const at = rng.int(0, encoded.length);
      switch (rng.int(0, 2)) {
        case 0: // characters outside the alphabet
          encoded = `${encoded.slice(0, at)}${rng.pick(['!', '*', '@', '#', '%', '~', '.', ','])}${encoded.slice(at)}`;
          break;
        case 1: // padding in the middle
          encoded = `${encoded.slice(0, at)}==${encoded.slice(at)}QUJD`;
          break;
        default: // a length that is not a multiple of four
          encoded = encoded.length % 4 === 1 ? encoded : `${encoded}${'A'.repeat(5 - (encoded.length % 4))}`;
          if (encoded.length % 4 === 0) encoded += 'A';
      }
      const body = (encoded.match(/.{1,76}/g) ?? ['!']).join(eol) + eol;
      const cte = 'Content-Transfer-Encoding: base64';
      if (rng.chance(0.5)) {
        return {
          raw: message(
            headers(rng, index, { extra: ['Content-Type: text/plain; charset=utf-8', cte] }),
            body,
            eol,
          ),
        };
      }
      const boundary = boundaryOf(rng);
      const head = headers(rng, index, { extra: [`Content-Type: multipart/mixed; boundary="${boundary}"`] });
      const part: Part = { headers: ['Content-Type: text/plain; charset=utf-8', cte], body };
      return { raw: message(head, multipartBody(boundary, [part], eol), eol) };
    },
  },
  {
    name: 'invalid_quoted_printable',
    weight: 3,
    parseError: /invalid_quoted_printable/,
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const lines = fillerLines(rng, rng.int(1, 8)).map((l) => quotedPrintable(l, eol));
      const bad = rng.pick(['=ZZ', '=G1', '=4', '= x', '==', '=\u00e9', '=x0']);
      const at = rng.int(0, lines.length - 1);
      lines[at] = `${lines[at]}${bad}more`;
      const cte = 'Content-Transfer-Encoding: quoted-printable';
      return {
        raw: message(
          headers(rng, index, { extra: ['Content-Type: text/plain; charset=utf-8', cte] }),
          lines.join(eol) + eol,
          eol,
        ),
      };
    },
  },
  {
    name: 'headers_only',
    weight: 2,
    parseError: 'any',
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      return { raw: message(headers(rng, index), rng.chance(0.5) ? null : '', eol) };
    },
  },
  {
    // Gmail refuses an empty `raw` (so does the emulator): the emptiest messages it stores.
    name: 'empty_message',
    weight: 1,
    parseError: /not_an_email|empty_input/,
    facts: 'none',
    generate: (rng) => ({ raw: utf8(rng.pick(['\r\n', '\n', ' ', '\r\n\r\n', '\t', '\n\n\n', ' \r\n'])) }),
  },
  {
    name: 'huge_headers',
    weight: 1,
    parseError: 'any',
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const size = rng.int(64 * 1024, 400 * 1024);
      // Folded headers stay small: postal-mime unfolds them in quadratic time (a 0.9 MB one takes
      // 12 s, see the fuzz report), and the run must stay fast.
      const foldedSize = Math.min(size, 100 * 1024);
      let extra: string[];
      switch (rng.int(0, 2)) {
        case 0: // one enormous unfolded header
          extra = [`X-Fuzz-Long: ${'x'.repeat(size)}`];
          break;
        case 1: // one enormous folded header
          extra = [
            `X-Fuzz-Folded: ${Array.from({ length: foldedSize / 70 }, () => asciiWords(rng, 10)).join(`${eol} `)}`,
          ];
          break;
        default: // thousands of headers
          extra = Array.from({ length: size / 40 }, (_, i) => `X-Fuzz-${i}: ${asciiWords(rng, 4)}`);
      }
      const subject = rng.chance(0.3) ? asciiWords(rng, 5000) : undefined;
      return {
        raw: message(
          headers(rng, index, { subject, extra: [...extra, 'Content-Type: text/plain'] }),
          words(rng, 20),
          eol,
        ),
      };
    },
  },
  {
    // A booking whose lines end in CRLF or LF, at random: readers must accept both.
    name: 'mixed_line_endings',
    weight: 2,
    parseError: null,
    facts: 'booking',
    generate(rng, index) {
      const { raw, confirmationCode } = airbnbConfirmation(rng, index, '\n');
      const text = Buffer.from(raw).toString('utf8');
      return { raw: utf8(text.replace(/\n/g, () => (rng.chance(0.5) ? '\r\n' : '\n'))), confirmationCode };
    },
  },
  {
    // Some lines end in a bare CR (old Mac style), which RFC 5322 forbids.
    name: 'bare_cr_line_endings',
    weight: 1,
    parseError: 'any',
    facts: 'any',
    generate(rng, index) {
      const { raw, confirmationCode } = airbnbConfirmation(rng, index, '\n');
      const text = Buffer.from(raw).toString('utf8');
      return { raw: utf8(text.replace(/\n/g, () => rng.pick(['\r\n', '\n', '\r']))), confirmationCode };
    },
  },
  {
    // RFC 2047 words that do not decode: bad base64, unknown charsets, unterminated.
    name: 'bad_encoded_words',
    weight: 2,
    parseError: 'any',
    facts: 'none',
    generate(rng, index) {
      const eol = eolOf(rng);
      const junk = () =>
        rng.pick([
          '=?utf-8?B?!!!notbase64?=',
          '=?x-unknown-7?Q?caf=E9?=',
          '=?utf-8?Q?unterminated',
          '=?utf-8?X?what?=',
          '=?utf-8?B?w6k=?==?utf-8?B?',
          `=?iso-8859-1?Q?${'=FF'.repeat(rng.int(1, 200))}?=`,
        ]);
      const head = headers(rng, index, {
        from: `${junk()} <news${index}@news.example>`,
        subject: `${junk()} ${asciiWords(rng, 3)} ${junk()}`,
        extra: [`X-Note: ${junk()}`, 'Content-Type: text/plain; charset=utf-8'],
      });
      return { raw: message(head, words(rng, 30), eol) };
    },
  },
  {
    // Airbnb's headers on a body that is binary junk: a template is recognised, nothing can be read.
    name: 'platform_headers_garbage_body',
    weight: 2,
    parseError: 'any',
    facts: 'no_data',
    generate(rng, index) {
      const eol = eolOf(rng);
      const head = [
        'From: Airbnb <automated@airbnb.com>',
        'To: host@example.com',
        `Subject: Reservation confirmed - ${asciiWords(rng, 2)}`,
        `Date: ${rfc2822(rng)}`,
        `Message-ID: <fuzz-garbage-${rng.seed.toString(16)}-${index}@airbnb.com>`,
        'X-Template: BOOKING_CONFIRMATION_TO_HOST',
        'Content-Type: text/plain; charset=utf-8',
        ...(rng.chance(0.5) ? ['Content-Transfer-Encoding: base64'] : []),
      ];
      const junk = rng.bytes(rng.int(1, 4000)).map((b) => (b === 0x0d || b === 0x0a ? 0x20 : b));
      return { raw: concat([head.join(eol), eol, eol, junk]) };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// the corpus

/**
 * `count` mails: the fixed-count kinds first claim their share, the rest is split by weight (each
 * weighted kind gets at least one), then the whole is shuffled. Each mail is generated by its own
 * `rng.fork(index)`, so a mail depends only on the seed and its index.
 */
export function generateCorpus(seed: number, count: number, kinds: readonly MailKind[] = MAIL_KINDS) {
  const rng = new Rng(seed);
  const fixed = kinds.filter((k) => k.fixedCount !== undefined);
  const weighted = kinds.filter((k) => k.fixedCount === undefined);
  const assigned: MailKind[] = fixed.flatMap((k) => Array.from({ length: k.fixedCount! }, () => k));
  const rest = Math.max(count - assigned.length, weighted.length);
  const totalWeight = weighted.reduce((sum, k) => sum + k.weight, 0);
  const shares = weighted.map((k) => Math.max(1, Math.floor((rest * k.weight) / totalWeight)));
  for (let i = 0; shares.reduce((a, b) => a + b, 0) < rest; i++) shares[i % shares.length]! += 1;
  weighted.forEach((k, i) => {
    for (let n = 0; n < shares[i]!; n++) assigned.push(k);
  });
  rng.shuffle(assigned);
  const counters = new Map<string, number>();
  return assigned.map((kind, index): GeneratedMail => {
    const nth = counters.get(kind.name) ?? 0;
    counters.set(kind.name, nth + 1);
    const { raw, confirmationCode } = kind.generate(rng.fork(index), index, nth);
    return { index, kind: kind.name, raw, ...(confirmationCode ? { confirmationCode } : {}) };
  });
}

export const kindNamed = (name: string): MailKind => {
  const kind = MAIL_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`unknown mail kind ${name}`);
  return kind;
};

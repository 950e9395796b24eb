import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_AN_EMAIL, parseEmail } from '../../../extraction/parse-email.js';

const HEADERS =
  'From: "Airbnb" <Automated@Airbnb.com>\r\nSubject: Hello\r\nDate: Tue, 21 Jul 2026 14:58:44 +0000\r\n';

describe('parseEmail on a well-formed message', () => {
  it('gives subject, lower-case sender, ISO date, decoded headers and the text part', async () => {
    const email = await parseEmail(
      `${HEADERS}X-Template: BOOKING_CONFIRMATION_TO_HOST\r\nReceived: by a\r\nReceived: by b\r\n` +
        'X-Note: =?UTF-8?B?Q29iZcOxYQ==?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody text\r\n',
    );
    expect(email).toMatchObject({
      subject: 'Hello',
      from: 'automated@airbnb.com',
      date: '2026-07-21T14:58:44.000Z',
      html: null,
      error: null,
    });
    expect(email.text).toContain('Body text');
    expect(email.headers['x-template']).toBe('BOOKING_CONFIRMATION_TO_HOST');
    expect(email.headers.received).toBe('by a\nby b');
    expect(email.headers['x-note']).toBe('Cobeña');
  });

  it('accepts bytes as well as strings', async () => {
    const email = await parseEmail(new TextEncoder().encode(`${HEADERS}\r\nHi`));
    expect(email.subject).toBe('Hello');
  });
});

/** Damaged messages: each must come back with what could be read and a short error code. */
const DAMAGED: { name: string; raw: string | Uint8Array; error: RegExp; text?: RegExp }[] = [
  {
    name: 'truncated multipart',
    raw: `${HEADERS}Content-Type: multipart/alternative; boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhello wor`,
    error: /truncated_multipart/,
    text: /hello wor/,
  },
  {
    name: 'invalid base64',
    raw: `${HEADERS}Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8g!!!d29ybGQ=*\r\n`,
    error: /invalid_base64/,
  },
  {
    name: 'invalid quoted-printable',
    raw: `${HEADERS}Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nA=ZZ=4\r\n`,
    error: /invalid_quoted_printable/,
  },
  {
    name: 'unknown charset',
    raw: `${HEADERS}Content-Type: text/plain; charset=x-klingon\r\n\r\nhello\r\n`,
    error: /unknown_charset/,
    text: /hello/,
  },
  {
    name: 'deeply nested multiparts',
    raw:
      HEADERS +
      Array.from(
        { length: 200 },
        (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`,
      ).join(''),
    error: /nesting_too_deep/,
  },
  {
    name: 'binary garbage',
    raw: Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256),
    error: new RegExp(NOT_AN_EMAIL),
  },
  { name: 'a JSON file', raw: '{"from": "a@b.c", "subject": "x"}', error: new RegExp(NOT_AN_EMAIL) },
  { name: 'an empty file', raw: '', error: /empty_input/ },
];

describe('parseEmail on damaged input', () => {
  for (const sample of DAMAGED) {
    it(`${sample.name}: resolves with an error code`, async () => {
      const email = await parseEmail(sample.raw);
      expect(email.error).toMatch(sample.error);
      if (sample.text) expect(email.text).toMatch(sample.text);
    });
  }

  it('keeps the headers of a damaged message', async () => {
    const email = await parseEmail(DAMAGED[0]!.raw);
    expect(email.subject).toBe('Hello');
    expect(email.from).toBe('automated@airbnb.com');
  });

  it('parses a 10 MB body', async () => {
    const email = await parseEmail(
      `${HEADERS}Content-Type: text/plain\r\n\r\n${'x'.repeat(10 * 1024 * 1024)}`,
    );
    expect(email.error).toBeNull();
    expect(email.text?.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
  });

  it('never rejects, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc
            .string({ maxLength: 2000 })
            .map((body) => `${HEADERS}Content-Type: multipart/mixed; boundary=q\r\n\r\n${body}`),
        ),
        async (raw) => {
          const email = await parseEmail(raw);
          expect(typeof email.error === 'string' || email.error === null).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

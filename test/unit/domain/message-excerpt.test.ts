import { describe, expect, it } from 'vitest';
import { excerptOf, MAX_EXCERPT_CHARS } from '../../../domain/archive/message-excerpt.js';

describe('excerptOf: what a person sees of a mail nobody could read', () => {
  it('is the text part, blank lines squeezed and trailing spaces gone', () => {
    const text = 'Reservation received   \r\n\r\n\r\n\r\nStay from 14/08/2026\t \nThanks';
    expect(excerptOf({ text, html: '<p>ignored</p>' })).toBe(
      'Reservation received\n\nStay from 14/08/2026\nThanks',
    );
  });

  it('renders an HTML-only mail as text: no markup, no script, no link targets', () => {
    const html =
      '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><h1>New reservation</h1><p>Arrival <b>14 Aug</b> <a href="https://evil.example/x">open</a></p></body></html>';
    const excerpt = excerptOf({ text: null, html })!;
    expect(excerpt).toContain('New reservation');
    expect(excerpt).toContain('Arrival 14 Aug');
    expect(excerpt).not.toMatch(/<|alert|color:red|evil\.example/);
  });

  it(`is at most ${MAX_EXCERPT_CHARS} characters, never cut inside a surrogate pair`, () => {
    const long = `${'a'.repeat(MAX_EXCERPT_CHARS - 2)}😀😀😀`;
    const excerpt = excerptOf({ text: long, html: null })!;
    expect(excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(excerptOf({ text: 'x'.repeat(5_000_000), html: null })!.length).toBe(MAX_EXCERPT_CHARS);
  });

  it('is null when the mail has no text at all', () => {
    expect(excerptOf({ text: '  \n ', html: null })).toBeNull();
    expect(excerptOf({ text: null, html: '<img src="x">' })).toBeNull();
  });
});

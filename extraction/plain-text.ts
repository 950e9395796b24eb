import { convert } from 'html-to-text';

/**
 * Characters mail templates pad their bodies with (combining grapheme joiner, soft hyphen,
 * zero-width characters, BOM): invisible, but they break every pattern they fall into.
 */
const INVISIBLE = /\u034f|[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** No-break, thin and other fixed-width spaces read as plain spaces. */
const ODD_SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(ODD_SPACES, ' ');
}

/** Text of an HTML-only mail, with links and images dropped (their URLs carry no facts we read). */
export function htmlToPlainText(html: string): string {
  try {
    return convert(html, {
      wordwrap: false,
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
        { selector: 'h1', options: { uppercase: false } },
        { selector: 'h2', options: { uppercase: false } },
        { selector: 'h3', options: { uppercase: false } },
        { selector: 'table', format: 'block' },
        { selector: 'tr', format: 'block' },
        { selector: 'td', format: 'block' },
        // header cells and definition lists are labels: each on its own line, never glued to the next
        { selector: 'th', format: 'block', options: { uppercase: false } },
        { selector: 'dt', format: 'block' },
        { selector: 'dd', format: 'block' },
      ],
    });
  } catch {
    return html.replace(/<[^>]*>/g, ' ');
  }
}

/**
 * Longest line a template sees: a line of booking mail is a label, a value or a sentence, and
 * every pattern's cost is then bounded per line, whatever a hostile megabyte line holds.
 */
export const MAX_LINE_CHARS = 1_000;

const URL_IN_BRACKETS = /\[\s*https?:\/\/[^\]\s]*\s*\]?/g;
const BARE_URL = /https?:\/\/\S+/g;

/** Non-empty, trimmed lines with the URLs that text parts put next to every link taken out. */
export function meaningfulLines(text: string): string[] {
  return linesWithSpans(text).lines;
}

/** The meaningful lines and, for each, the offsets of its whole line in `text` (for evidence). */
export function linesWithSpans(text: string): { lines: string[]; spans: { start: number; end: number }[] } {
  const lines: string[] = [];
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const capped = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
    const line = capped.replace(URL_IN_BRACKETS, ' ').replace(BARE_URL, ' ').trim();
    if (line.length > 0 && line !== '%opentrack%') {
      lines.push(line);
      spans.push({ start, end: start + raw.length });
    }
    start += raw.length + 1;
  }
  return { lines, spans };
}

import { isButtonText } from './vocabulary.js';

/**
 * A subject often gives the guest's first name only (`Andrew is coming soon`, `Jonas kommt in 3
 * Tagen an`); the mail's head gives it whole on a line of its own, above the listing and the
 * dates (`Andrew Wilson`, `江理子 Qing`). Read there, never guessed.
 */

/** Two to four words of letters: no digit, no sentence punctuation. */
const NAME_LINE = /^\p{L}[\p{L}'’.-]*(?: \p{L}[\p{L}'’.-]*){1,3}$/u;
/** Lines of a mail's head the name is looked for in when nothing closes the head earlier. */
const MAX_HEAD_LINES = 20;

/** `Andrew Wilson`: no word starts lower case (`Andrew is coming soon` is a sentence). */
export function isNameLine(line: string): boolean {
  return NAME_LINE.test(line) && !/(?:^| )\p{Ll}/u.test(line) && !isButtonText(line);
}

/** The line of the head (above `end`) that starts with `first` and is a whole name, and where. */
export function fullNameInHead(
  lines: readonly string[],
  first: string,
  end = MAX_HEAD_LINES,
): { value: string; line: number } | null {
  const prefix = `${first.trim().toLowerCase()} `;
  const stop = Math.min(lines.length, end >= 0 ? end : MAX_HEAD_LINES, MAX_HEAD_LINES);
  for (let at = 0; at < stop; at++) {
    const line = lines[at]!;
    if (line.toLowerCase().startsWith(prefix) && isNameLine(line)) return { value: line, line: at };
  }
  return null;
}

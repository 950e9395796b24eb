/**
 * Templates put a label on one line and its value on the next (`CONFIRMATION CODE` / `HMJY5JF9BX`,
 * `Nome struttura:` / `Maggiore Suite`), or on the same line after a colon or a tab
 * (`Check-in: gio 15 gen 2026`, `Ospiti<TAB>2 Adulti`). Case, a trailing colon and the spaces
 * around it never matter (no-break spaces are plain spaces by now, see `plain-text.ts`).
 */

/** A value and the index of the line it was read from. */
export interface Found {
  value: string;
  line: number;
}

/** Longest line a label is looked for in: labels start lines, and hostile mail has megabyte lines. */
const MAX_LINE_CHARS = 500;
const capped = (line: string): string =>
  line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;

const patterns = new Map<string, { whole: RegExp; inline: RegExp }>();
function patternsOf(label: string): { whole: RegExp; inline: RegExp } {
  let found = patterns.get(label);
  if (!found) {
    found = {
      whole: new RegExp(`^(?:${label})[ \\t]*:?$`, 'iu'),
      inline: new RegExp(`^(?:${label})[ \\t]*(?::|\\t)[ \\t]*(\\S.*)$`, 'iu'),
    };
    patterns.set(label, found);
  }
  return found;
}

/** Index of the first line (from `from`) that is only the label, or -1. `label` is a regex source. */
export function labelIndex(lines: readonly string[], label: string, from = 0): number {
  const { whole } = patternsOf(label);
  for (let i = Math.max(0, from); i < lines.length; i++) if (whole.test(capped(lines[i]!))) return i;
  return -1;
}

/** The line after a label line, or null. */
export function valueBelow(lines: readonly string[], label: string, from = 0): Found | null {
  const at = labelIndex(lines, label, from);
  const value = at >= 0 ? lines[at + 1] : undefined;
  return value === undefined ? null : { value, line: at + 1 };
}

/** `Label: value` or `Label<TAB>value` on one line, or a bare label with its value below; null if absent. */
export function labelledValue(lines: readonly string[], label: string, from = 0): Found | null {
  const { whole, inline } = patternsOf(label);
  for (let i = Math.max(0, from); i < lines.length; i++) {
    const line = capped(lines[i]!);
    const value = inline.exec(line)?.[1]?.trim();
    if (value) return { value, line: i };
    if (whole.test(line) && lines[i + 1] !== undefined) return { value: lines[i + 1]!, line: i + 1 };
  }
  return null;
}

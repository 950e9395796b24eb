/**
 * Templates put a label on one line and its value on the next (`CONFIRMATION CODE` / `HMJY5JF9BX`,
 * Vrbo's `Dates:` / `Apr 3 - Apr 6, 2026`), or on the same line after a colon or a tab
 * (`Check-in: gio 15 gen 2026`, `Ospiti<TAB>2 Adulti`).
 */

/** Index of the first line that is exactly one of the labels (case and a trailing colon ignored). */
export function labelIndex(lines: readonly string[], label: RegExp, from = 0): number {
  const whole = new RegExp(`^(?:${label.source})\\s*:?$`, 'iu');
  for (let i = from; i < lines.length; i++) if (whole.test(lines[i]!)) return i;
  return -1;
}

/** The line after a label line, or null. */
export function valueBelow(lines: readonly string[], label: RegExp, from = 0): string | null {
  const at = labelIndex(lines, label, from);
  return at >= 0 ? (lines[at + 1] ?? null) : null;
}

/** The value after `Label:` or `Label<TAB>` on the same line, or below a bare label; null if absent. */
export function labelledValue(lines: readonly string[], label: RegExp): string | null {
  const inline = new RegExp(`^(?:${label.source})\\s*(?::|\\t)\\s*(.+)$`, 'iu');
  for (const line of lines) {
    const value = inline.exec(line)?.[1]?.trim();
    if (value) return value;
  }
  return valueBelow(lines, label);
}

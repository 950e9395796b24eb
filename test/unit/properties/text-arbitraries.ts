import fc from 'fast-check';

/** Any text: UTF-16 units, whole code points (astral planes too) and grapheme clusters. */
export const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

/** Text assembled from a parser's own tokens, so its branches (and backtracking) run. */
export const tokenText = (tokens: readonly string[]) =>
  fc.array(fc.constantFrom(...tokens), { maxLength: 200 }).map((t) => t.join(''));

/**
 * A listing name as it is compared: the same place is written "LOFT SANTA CROCE · TERRACE" in one
 * mail and "Loft Santa Croce · Terrace" in the next. Case, width and blanks do not tell places apart.
 */
export function listingNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The longest listing name kept: platforms write a title, not a paragraph. */
export const MAX_LISTING_NAME = 300;

/** Words that name no place: a property called "Apartment" says nothing about "Sea view apartment". */
const MIN_CONTAINED_KEY = 6;

export interface SuggestionSource {
  propertyId: string;
  /** The key of a name that names the property: its own, a calendar's, a listing name it already has. */
  key: string;
}

/**
 * Which property a new listing name probably names, for a person to confirm: one whose name (or a
 * calendar's, or a listing name already mapped to it) is the same text, else the one whose name
 * the listing name contains or is contained in ("Loft Santa Croce" in "Vrbo #4471902 - Loft Santa
 * Croce with terrace"). Null when nothing fits, or when two properties fit equally well.
 */
export function suggestProperty(key: string, sources: readonly SuggestionSource[]): string | null {
  const exact = distinctProperties(sources.filter((s) => s.key === key));
  if (exact.length > 0) return exact.length === 1 ? exact[0]! : null;
  const contained = sources.filter(
    (s) =>
      Math.min(s.key.length, key.length) >= MIN_CONTAINED_KEY && (key.includes(s.key) || s.key.includes(key)),
  );
  const best = Math.max(0, ...contained.map((s) => Math.min(s.key.length, key.length)));
  const fitting = distinctProperties(contained.filter((s) => Math.min(s.key.length, key.length) === best));
  return fitting.length === 1 ? fitting[0]! : null;
}

function distinctProperties(sources: readonly SuggestionSource[]): string[] {
  return [...new Set(sources.map((s) => s.propertyId))];
}

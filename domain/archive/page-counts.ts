/** Messages one archive call wrote, or one earlier attempt of it wrote (read back on a retry). */
export interface WrittenMessages {
  archived: number;
  facts: number;
  malformed: number;
}

export const NONE_WRITTEN: Readonly<WrittenMessages> = Object.freeze({ archived: 0, facts: 0, malformed: 0 });

/** What happened to a page's listed ids, as the archive step saw it. */
export interface PageTally {
  /** Ids the page listed. */
  listed: number;
  /** Of those, the ones already in the archive when the call began (not fetched again). */
  known: number;
  /** Of the known, what a failed earlier attempt of this run's call wrote (a retry only). */
  earlier: WrittenMessages;
  /** Of the rest, the ones Gmail returned (the others were deleted after listing). */
  fetched: number;
  /** Of the fetched, what this call wrote (the others a concurrent writer archived first). */
  written: WrittenMessages;
}

export interface ArchivePageResult {
  scanned: number;
  archived: number;
  duplicates: number;
  /** Listed, then deleted from Gmail before we could read it. */
  vanished: number;
  malformed: number;
  /** Facts of the newly archived messages, extracted on the way in. */
  factsExtracted: number;
}

/**
 * How a page counts in its run. Every listed id is one of archived (by this run: this call or its
 * failed earlier attempt), duplicate (archived before, by another run or a concurrent writer) or
 * vanished, so `archived + duplicates + vanished = scanned`. A failed attempt's writes count as
 * archived on the retry, not as duplicates: they are this run's own work, never reported before.
 */
export function pageCounts(t: PageTally): ArchivePageResult {
  const toFetch = t.listed - t.known;
  return {
    scanned: t.listed,
    archived: t.earlier.archived + t.written.archived,
    duplicates: t.known - t.earlier.archived + (t.fetched - t.written.archived),
    vanished: toFetch - t.fetched,
    malformed: t.earlier.malformed + t.written.malformed,
    factsExtracted: t.earlier.facts + t.written.facts,
  };
}

import type { EnrichmentPatch } from '../enrichment/enrichment-patch.js';
import { dayNumber, isoDate } from './day-number.js';
import type { CandidateBooking, FactToMatch } from './match-inputs.js';

/** How far around the fact's dates a booking may lie and still be worth showing as "nearest". */
export const WINDOW_DAYS = 60;
/** Candidates one fact is shown at most. */
export const MAX_CANDIDATES_PER_FACT = 200;

/** A confirmation code as Postgres compares it (the keys come from Postgres, so they compare exactly). */
export interface CodeKeys {
  /** upper(trim(code)): what a fact's code is compared as. */
  trimmed: string | null;
  /** upper(code): what the code is compared as once an enrichment wrote it to a booking. */
  raw: string | null;
}

/** A loaded booking and its upper(confirmation_code), as Postgres computed it. */
export interface IndexedBooking extends CandidateBooking {
  codeKey: string | null;
}

/** What a batch of facts needs loaded: the three branches of the candidate query. */
export interface CandidateQuery {
  /** [workspace, upper(trim(code))]: bookings of that workspace with that code. */
  codes: Array<[string, string]>;
  /** Bookings of the workspace overlapping [lo, hi] (`YYYY-MM-DD`, merged per workspace). */
  ranges: Array<{ ws: string; lo: string; hi: string }>;
  /** Workspaces with a fact without dates: their named bookings still to come. */
  upcoming: string[];
}

interface Entry {
  booking: CandidateBooking;
  codeKey: string | null;
  inDay: number;
  outDay: number;
}

interface Workspace {
  /** Sorted by check-in; with the longest loaded stay, bounds the date-window search. */
  byCheckIn: Entry[];
  byCode: Map<string, Entry[]>;
  longestStay: number;
}

/** What the candidate query must load for `facts`, given each code's keys. Pure. */
export function candidateQueryOf(
  facts: readonly FactToMatch[],
  keys: ReadonlyMap<string, CodeKeys>,
): CandidateQuery {
  const codes = new Map<string, [string, string]>();
  const ranges: Array<{ ws: string; lo: number; hi: number }> = [];
  const upcoming = new Set<string>();
  for (const fact of facts) {
    const key = fact.confirmationCode === null ? null : keys.get(fact.confirmationCode)!.trimmed;
    if (key !== null) codes.set(JSON.stringify([fact.workspaceId, key]), [fact.workspaceId, key]);
    const { anchorIn, anchorOut } = anchors(fact);
    if (anchorIn === null || anchorOut === null) upcoming.add(fact.workspaceId);
    else ranges.push({ ws: fact.workspaceId, lo: anchorIn - WINDOW_DAYS, hi: anchorOut + WINDOW_DAYS });
  }
  return { codes: [...codes.values()], ranges: mergeRanges(ranges), upcoming: [...upcoming] };
}

/**
 * The candidate bookings of one batch of facts, loaded once (activities/match/query-candidates.ts),
 * chosen per fact in memory.
 *
 * For each fact, `forFact` returns what one query per fact used to return: the bookings of the
 * fact's workspace (never another's) that could be its stay — same confirmation code
 * (`upper(code) = upper(trim(fact code))`), or dates within the window; for a fact without dates
 * (a guest-count change request), the named bookings still to come, so the guest name can find one —
 * code matches first, then nearest check-in, then id; at most 200. rank.ts makes the decision.
 *
 * The batch's facts are decided one after the other, and an enrichment can fill a booking's code or
 * guest name, which a later fact of the same batch must see: `applied` records that. The loaded set
 * stays a superset of every fact's candidates: dates never change here, and a booking whose code or
 * name an enrichment filled was loaded already (it was a candidate of that fact).
 */
export class CandidateIndex {
  private readonly workspaces = new Map<string, Workspace>();
  private readonly entries = new Map<string, Entry>();

  /** `today` as a day number (Postgres's current_date, so "still to come" agrees with the query). */
  constructor(
    bookings: readonly IndexedBooking[],
    private readonly keys: ReadonlyMap<string, CodeKeys>,
    private readonly today: number,
  ) {
    for (const { codeKey, ...booking } of bookings) {
      const entry: Entry = {
        booking,
        codeKey,
        inDay: dayNumber(booking.checkIn),
        outDay: dayNumber(booking.checkOut),
      };
      this.entries.set(booking.id, entry);
      const workspace = this.workspaceOf(booking.workspaceId);
      workspace.byCheckIn.push(entry);
      workspace.longestStay = Math.max(workspace.longestStay, entry.outDay - entry.inDay);
      indexCode(workspace, entry);
    }
    for (const workspace of this.workspaces.values()) workspace.byCheckIn.sort((a, b) => a.inDay - b.inDay);
  }

  forFact(fact: FactToMatch): CandidateBooking[] {
    const workspace = this.workspaces.get(fact.workspaceId);
    if (!workspace) return [];
    const key = fact.confirmationCode === null ? null : this.keys.get(fact.confirmationCode)!.trimmed;
    const { anchorIn, anchorOut } = anchors(fact);
    const chosen = new Set<Entry>();
    if (key !== null) for (const entry of workspace.byCode.get(key) ?? []) chosen.add(entry);
    if (anchorIn !== null && anchorOut !== null) {
      const lo = anchorIn - WINDOW_DAYS;
      const hi = anchorOut + WINDOW_DAYS;
      const list = workspace.byCheckIn;
      for (let i = firstFrom(list, lo - workspace.longestStay); i < list.length; i++) {
        const entry = list[i]!;
        if (entry.inDay > hi) break;
        if (entry.outDay >= lo) chosen.add(entry);
      }
    } else {
      for (const entry of workspace.byCheckIn) {
        if (entry.booking.guestName !== null && entry.outDay >= this.today) chosen.add(entry);
      }
    }
    const anchor = anchorIn ?? this.today;
    const ranked = [...chosen].map((entry) => ({
      entry,
      code: key !== null && entry.codeKey === key ? 0 : 1,
      distance: Math.abs(entry.inDay - anchor),
    }));
    ranked.sort((a, b) => a.code - b.code || a.distance - b.distance || compareIds(a.entry, b.entry));
    if (ranked.length > MAX_CANDIDATES_PER_FACT) ranked.length = MAX_CANDIDATES_PER_FACT;
    return ranked.map(({ entry }) => ({ ...entry.booking }));
  }

  /** Records what applying `patch` to the booking does to its code and guest name. */
  applied(bookingId: string, patch: EnrichmentPatch): void {
    const entry = this.entries.get(bookingId);
    if (!entry) return;
    const booking = entry.booking;
    booking.guestName = patch.guestName ?? booking.guestName;
    if (booking.confirmationCode === null && patch.confirmationCode !== null) {
      booking.confirmationCode = patch.confirmationCode;
      entry.codeKey = this.keys.get(patch.confirmationCode)?.raw ?? null;
      indexCode(this.workspaceOf(booking.workspaceId), entry);
    }
  }

  private workspaceOf(workspaceId: string): Workspace {
    let workspace = this.workspaces.get(workspaceId);
    if (!workspace) {
      workspace = { byCheckIn: [], byCode: new Map(), longestStay: 0 };
      this.workspaces.set(workspaceId, workspace);
    }
    return workspace;
  }
}

/** As Postgres orders uuids: byte by byte, which is the order of their lower-case text. */
function compareIds(a: Entry, b: Entry): number {
  return a.booking.id < b.booking.id ? -1 : a.booking.id > b.booking.id ? 1 : 0;
}

function indexCode(workspace: Workspace, entry: Entry): void {
  if (entry.codeKey === null) return;
  const list = workspace.byCode.get(entry.codeKey);
  if (list) list.push(entry);
  else workspace.byCode.set(entry.codeKey, [entry]);
}

/** The fact's dates as day numbers: either one stands in for the other when only one is known. */
function anchors(fact: FactToMatch): { anchorIn: number | null; anchorOut: number | null } {
  const checkIn = fact.checkIn ?? fact.checkOut;
  const checkOut = fact.checkOut ?? fact.checkIn;
  return {
    anchorIn: checkIn === null ? null : dayNumber(checkIn),
    anchorOut: checkOut === null ? null : dayNumber(checkOut),
  };
}

/** Overlapping [lo, hi] windows of a workspace merged, as `YYYY-MM-DD`; the loaded set only grows. */
function mergeRanges(
  ranges: Array<{ ws: string; lo: number; hi: number }>,
): Array<{ ws: string; lo: string; hi: string }> {
  const sorted = [...ranges].sort((a, b) => a.ws.localeCompare(b.ws) || a.lo - b.lo);
  const merged: Array<{ ws: string; lo: number; hi: number }> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && last.ws === range.ws && range.lo <= last.hi + 1) last.hi = Math.max(last.hi, range.hi);
    else merged.push({ ...range });
  }
  return merged.map((r) => ({ ws: r.ws, lo: isoDate(r.lo), hi: isoDate(r.hi) }));
}

/** Index of the first entry whose check-in is on or after `day`. */
function firstFrom(list: readonly Entry[], day: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.inDay < day) low = mid + 1;
    else high = mid;
  }
  return low;
}

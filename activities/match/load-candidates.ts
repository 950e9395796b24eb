import type postgres from 'postgres';
import type { EnrichmentPatch } from '../../domain/enrichment/enrichment-patch.js';
import type { CandidateBooking, FactToMatch } from '../../domain/matching/match-inputs.js';

/** How far around the fact's dates a booking may lie and still be worth showing as "nearest". */
const WINDOW_DAYS = 60;
const MAX_ROWS = 200;
const DAY_MS = 86_400_000;

/**
 * The candidate bookings of one batch of facts, loaded in two queries, then chosen per fact in memory.
 *
 * For each fact, `forFact` returns what one query per fact used to return: the bookings of the
 * fact's workspace (never another's) that could be its stay — same confirmation code
 * (`upper(code) = upper(trim(fact code))`), or dates within the window; for a fact without dates
 * (a guest-count change request), the named bookings still to come, so the guest name can find one —
 * code matches first, then nearest check-in, then id; at most 200. rank.ts makes the decision.
 *
 * The batch's facts are decided one after the other, and an enrichment can fill a booking's code or
 * guest name, which a later fact of the same batch must see: `applied` records that in memory. The
 * loaded set stays a superset of every fact's candidates: dates never change here, and a booking
 * whose code or name an enrichment filled was loaded already (it was a candidate of that fact).
 * Code keys and today's date come from Postgres, so they compare exactly as its `upper`/`trim` do.
 */
export interface CandidatePool {
  forFact(fact: FactToMatch): CandidateBooking[];
  /** Records what applying `patch` to the booking does to its code and guest name. */
  applied(bookingId: string, patch: EnrichmentPatch): void;
}

interface Entry {
  booking: CandidateBooking;
  /** upper(confirmation_code), as Postgres computes it. */
  codeKey: string | null;
  inDay: number;
  outDay: number;
}

interface CodeKeys {
  /** upper(trim(code)): what a fact's code is compared as. */
  trimmed: string | null;
  /** upper(code): what the code is compared as once an enrichment wrote it to a booking. */
  raw: string | null;
}

interface Workspace {
  /** Sorted by check-in; with the longest loaded stay, bounds the date-window search. */
  byCheckIn: Entry[];
  byCode: Map<string, Entry[]>;
  longestStay: number;
}

export async function loadCandidatePool(
  tx: postgres.TransactionSql,
  facts: readonly FactToMatch[],
): Promise<CandidatePool> {
  const codes = [...new Set(facts.map((f) => f.confirmationCode).filter((c): c is string => c !== null))];
  const [info] = await tx<{ today: string; keys: Array<{ code: string } & CodeKeys> }[]>`
    SELECT current_date::text AS today,
      (SELECT coalesce(json_agg(json_build_object('code', c, 'trimmed', upper(trim(c)), 'raw', upper(c))), '[]')
       FROM json_array_elements_text(${tx.json(codes)}::json) AS c) AS keys`;
  const keys = new Map(info!.keys.map((k) => [k.code, { trimmed: k.trimmed, raw: k.raw }]));
  const today = dayNumber(info!.today);

  const codeBranches = new Set<string>();
  const dateRanges: Array<{ ws: string; lo: number; hi: number }> = [];
  const upcoming = new Set<string>();
  for (const fact of facts) {
    if (fact.confirmationCode !== null) {
      codeBranches.add(JSON.stringify([fact.workspaceId, keys.get(fact.confirmationCode)!.trimmed]));
    }
    const { anchorIn, anchorOut } = anchors(fact);
    if (anchorIn === null || anchorOut === null) upcoming.add(fact.workspaceId);
    else dateRanges.push({ ws: fact.workspaceId, lo: anchorIn - WINDOW_DAYS, hi: anchorOut + WINDOW_DAYS });
  }
  const rows = await tx<Array<CandidateBooking & { codeKey: string | null }>>`
    WITH codes AS (
      SELECT (c->>0)::uuid AS ws, c->>1 AS key
      FROM json_array_elements(${tx.json([...codeBranches].map((c) => JSON.parse(c) as string[]))}::json) AS c
    ),
    ranges AS (
      SELECT r.ws, r.lo, r.hi,
             (SELECT coalesce(max(s.check_out - s.check_in), 0) FROM bookings s WHERE s.workspace_id = r.ws) AS longest
      FROM json_to_recordset(${tx.json(mergeRanges(dateRanges))}::json) AS r(ws uuid, lo date, hi date)
    ),
    upcoming AS (
      SELECT u::uuid AS ws,
             (SELECT coalesce(max(s.check_out - s.check_in), 0) FROM bookings s WHERE s.workspace_id = u::uuid) AS longest
      FROM json_array_elements_text(${tx.json([...upcoming])}::json) AS u
    ),
    ids AS (
      SELECT b.id FROM codes JOIN bookings b
        ON b.workspace_id = codes.ws AND upper(b.confirmation_code) = codes.key AND b.confirmation_code IS NOT NULL
      UNION
      SELECT b.id FROM ranges r JOIN bookings b
        ON b.workspace_id = r.ws AND b.check_in >= r.lo - r.longest AND b.check_in <= r.hi AND b.check_out >= r.lo
      UNION
      SELECT b.id FROM upcoming u JOIN bookings b
        ON b.workspace_id = u.ws AND b.check_in >= current_date - u.longest AND b.check_out >= current_date
           AND b.guest_name IS NOT NULL
    )
    SELECT b.id, b.workspace_id AS "workspaceId", b.platform, b.check_in::text AS "checkIn",
           b.check_out::text AS "checkOut", b.status, b.confirmation_code AS "confirmationCode",
           b.guest_name AS "guestName", upper(b.confirmation_code) AS "codeKey"
    FROM ids JOIN bookings b ON b.id = ids.id`;

  const workspaces = new Map<string, Workspace>();
  const entries = new Map<string, Entry>();
  for (const { codeKey, ...booking } of rows) {
    const entry: Entry = {
      booking,
      codeKey,
      inDay: dayNumber(booking.checkIn),
      outDay: dayNumber(booking.checkOut),
    };
    entries.set(booking.id, entry);
    let workspace = workspaces.get(booking.workspaceId);
    if (!workspace) {
      workspace = { byCheckIn: [], byCode: new Map(), longestStay: 0 };
      workspaces.set(booking.workspaceId, workspace);
    }
    workspace.byCheckIn.push(entry);
    workspace.longestStay = Math.max(workspace.longestStay, entry.outDay - entry.inDay);
    indexCode(workspace, entry);
  }
  for (const workspace of workspaces.values()) workspace.byCheckIn.sort((a, b) => a.inDay - b.inDay);

  return {
    forFact(fact) {
      const workspace = workspaces.get(fact.workspaceId);
      if (!workspace) return [];
      const key = fact.confirmationCode === null ? null : keys.get(fact.confirmationCode)!.trimmed;
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
          if (entry.booking.guestName !== null && entry.outDay >= today) chosen.add(entry);
        }
      }
      const anchor = anchorIn ?? today;
      const ranked = [...chosen].map((entry) => ({
        entry,
        code: key !== null && entry.codeKey === key ? 0 : 1,
        distance: Math.abs(entry.inDay - anchor),
      }));
      ranked.sort((a, b) => a.code - b.code || a.distance - b.distance || compareIds(a.entry, b.entry));
      if (ranked.length > MAX_ROWS) ranked.length = MAX_ROWS;
      return ranked.map(({ entry }) => ({ ...entry.booking }));
    },
    applied(bookingId, patch) {
      const entry = entries.get(bookingId);
      if (!entry) return;
      const booking = entry.booking;
      booking.guestName = patch.guestName ?? booking.guestName;
      if (booking.confirmationCode === null && patch.confirmationCode !== null) {
        booking.confirmationCode = patch.confirmationCode;
        entry.codeKey = keys.get(patch.confirmationCode)?.raw ?? null;
        const workspace = workspaces.get(booking.workspaceId);
        if (workspace) indexCode(workspace, entry);
      }
    },
  };
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

function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

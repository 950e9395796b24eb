import { detectConflicts } from './detection-rules.js';
import { PropertyView } from './mail-stays.js';
import type {
  ConflictWrites,
  DetectedConflict,
  LiveConflict,
  PropertySnapshot,
} from './property-snapshot.js';
import { whyResolved } from './resolution.js';

/**
 * What one check of a property changes: a cause found and not yet live opens a conflict; a live one
 * found again keeps its id and status (a person's acknowledgement stays), taking the current sides,
 * nights and evidence when they moved; a live one not found again resolves, saying why. Checking
 * the same snapshot twice plans nothing the second time.
 */
export function planConflictWrites(
  snapshot: PropertySnapshot,
  live: readonly LiveConflict[],
): ConflictWrites {
  const view = new PropertyView(snapshot);
  const detected = detectConflicts(snapshot, view);
  const liveByCause = new Map(live.map((c) => [c.cause, c]));
  const found = new Set(detected.map((c) => c.cause));
  return {
    open: detected.filter((c) => !liveByCause.has(c.cause)),
    refresh: detected.flatMap((c) => {
      const current = liveByCause.get(c.cause);
      return current && pictureOf(current) !== pictureOf(c) ? [{ id: current.id, conflict: c }] : [];
    }),
    resolve: live
      .filter((c) => !found.has(c.cause))
      .map((c) => ({ id: c.id, kind: c.kind, why: whyResolved(c, view) })),
  };
}

/** What a person sees of a conflict, in a form that compares equal whatever order jsonb kept the keys in. */
function pictureOf(c: DetectedConflict): string {
  return canonical({ sides: c.sides, nights: c.nights, evidence: c.evidence });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

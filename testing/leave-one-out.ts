import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseTemplate } from '../extraction/choose-template.js';
import type { Fact } from '../extraction/fact.js';
import { parseEmail, readMail } from '../extraction/index.js';
import { toMailView } from '../extraction/mail-view.js';
import { FIXTURE_EXPECTATIONS } from './mail-fixtures/expectations.js';

/**
 * Generality, measured: with each template switched off in turn, what the generic reader alone
 * reads of that template's mail (the written fixtures and the shared corpus). A field counts when
 * the template's fact gives it (non-null); it is recovered when the generic reader gives the same
 * value, wrong when it gives another. Used by the leave-one-out test and `bench/leave-one-out.ts`.
 */

/** The fields of a stay a confirmation carries. */
export const CONFIRMATION_FIELDS = [
  'guestName',
  'checkIn',
  'checkOut',
  'guestCount',
  'confirmationCode',
  'listingName',
  'payoutAmount',
  'payoutCurrency',
] as const satisfies readonly (keyof Fact)[];

export interface LeaveOneOutRow {
  template: string;
  mails: number;
  /** Facts the template gives on those mails, and how many the generic reader gave instead. */
  facts: number;
  genericFacts: number;
  /** Generic facts whose channel (`platform`) and kind are the template's. */
  identityRight: number;
  fields: number;
  recovered: number;
  wrong: number;
  /** Mails the generic reader gave nothing for and flagged `unrecognized`. */
  flagged: number;
}

interface MailSet {
  dir: string;
  expected: Record<string, Partial<Fact>[]>;
}

const FIXTURES = fileURLToPath(new URL('./mail-fixtures', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../shared/corpus/emails', import.meta.url));

/** The written fixtures and, when the shared corpus is there, its real mail with expectations. */
export function mailSets(): MailSet[] {
  const sets: MailSet[] = [{ dir: FIXTURES, expected: FIXTURE_EXPECTATIONS }];
  if (!existsSync(CORPUS)) return sets;
  for (const name of readdirSync(CORPUS).sort()) {
    const file = join(CORPUS, name, 'expected.json');
    if (existsSync(file))
      sets.push({ dir: join(CORPUS, name), expected: JSON.parse(readFileSync(file, 'utf8')) });
  }
  return sets;
}

export async function leaveOneOut(sets: readonly MailSet[] = mailSets()): Promise<LeaveOneOutRow[]> {
  const rows = new Map<string, LeaveOneOutRow>();
  for (const set of sets) {
    for (const [file, expected] of Object.entries(set.expected)) {
      if (expected.length === 0) continue;
      const email = await parseEmail(readFileSync(join(set.dir, file)));
      const template = chooseTemplate(toMailView(email));
      if (!template) continue;
      const row = rows.get(template.name) ?? emptyRow(template.name);
      rows.set(template.name, row);
      const reading = readMail(email, { without: [template.name] });
      row.mails += 1;
      row.facts += expected.length;
      row.genericFacts += reading.facts.length;
      if (reading.flags.includes('unrecognized')) row.flagged += 1;
      for (const [at, want] of expected.entries()) tally(row, want, reading.facts[at]);
    }
  }
  return [...rows.values()].sort((a, b) => a.template.localeCompare(b.template));
}

function emptyRow(template: string): LeaveOneOutRow {
  return {
    template,
    mails: 0,
    facts: 0,
    genericFacts: 0,
    identityRight: 0,
    fields: 0,
    recovered: 0,
    wrong: 0,
    flagged: 0,
  };
}

function tally(row: LeaveOneOutRow, want: Partial<Fact>, got: Fact | undefined): void {
  if (got && (want.platform ?? got.platform) === got.platform && (want.kind ?? got.kind) === got.kind) {
    row.identityRight += 1;
  }
  for (const field of CONFIRMATION_FIELDS) {
    const value = want[field];
    if (value === null || value === undefined) continue;
    row.fields += 1;
    const read = got?.[field] ?? null;
    if (read === value) row.recovered += 1;
    else if (read !== null) row.wrong += 1;
  }
}

/** The share of a row's fields the generic reader recovered, 0..1. */
export const share = (row: LeaveOneOutRow): number => (row.fields === 0 ? 0 : row.recovered / row.fields);

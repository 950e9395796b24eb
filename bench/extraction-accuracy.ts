import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFromRaw, type Fact } from '../extraction/index.js';
import { FIXTURE_EXPECTATIONS } from '../testing/mail-fixtures/expectations.js';

/**
 * `npx tsx bench/extraction-accuracy.ts [CORPUS_DIR]`: field-by-field accuracy of the extractor on
 * every `expected.json` under the shared corpus and on the written fixtures, and whether confidence
 * means something: how often a fact at or above HIGH has every expected field right, and how many
 * wrong fields hide under it. Prints one line per miss, then the totals.
 */
const HIGH = 0.9;
const root = process.argv[2] ?? fileURLToPath(new URL('../../shared/corpus/emails', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../testing/mail-fixtures', import.meta.url));

type Expected = Record<string, Record<string, unknown>[]>;
interface Tally {
  fields: number;
  fieldsRight: number;
  mails: number;
  countsRight: number;
  high: number;
  highAllRight: number;
  wrongUnderHigh: number;
}

async function measure(name: string, dir: string, expected: Expected): Promise<Tally> {
  const t: Tally = {
    fields: 0,
    fieldsRight: 0,
    mails: 0,
    countsRight: 0,
    high: 0,
    highAllRight: 0,
    wrongUnderHigh: 0,
  };
  for (const [file, facts] of Object.entries(expected)) {
    const got = (await extractFromRaw(await readFile(join(dir, file)))) as Fact[];
    t.mails += 1;
    if (got.length === facts.length) t.countsRight += 1;
    else console.log(`${name}/${file}: ${got.length} facts, expected ${facts.length}`);
    facts.forEach((fact, i) => {
      const actual = got[i] as unknown as Record<string, unknown> | undefined;
      let wrong = 0;
      for (const [field, value] of Object.entries(fact)) {
        t.fields += 1;
        if (JSON.stringify(actual?.[field] ?? null) === JSON.stringify(value)) t.fieldsRight += 1;
        else {
          wrong += 1;
          console.log(
            `${name}/${file} #${i} ${field}: got ${JSON.stringify(actual?.[field])}, expected ${JSON.stringify(value)}`,
          );
        }
      }
      if (actual && Number(actual.confidence) >= HIGH) {
        t.high += 1;
        if (wrong === 0) t.highAllRight += 1;
        t.wrongUnderHigh += wrong;
      }
    });
  }
  return t;
}

const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
function report(name: string, t: Tally): void {
  console.log(
    `${name}: fields ${t.fieldsRight}/${t.fields} (${pct(t.fieldsRight, t.fields)}), fact counts ${t.countsRight}/${t.mails}; ` +
      `facts with confidence >= ${HIGH}: ${t.high}, all fields right ${t.highAllRight}/${t.high} (${pct(t.highAllRight, t.high)}), ` +
      `wrong fields under high confidence: ${t.wrongUnderHigh}`,
  );
}

if (existsSync(root)) {
  for (const dir of (await readdir(root)).sort()) {
    const expectedPath = join(root, dir, 'expected.json');
    if (!existsSync(expectedPath)) continue;
    const expected = JSON.parse(await readFile(expectedPath, 'utf8')) as Expected;
    report(`corpus ${dir}`, await measure(dir, join(root, dir), expected));
  }
} else {
  console.error(`no corpus at ${root}`);
}
report('fixtures', await measure('fixtures', FIXTURES, FIXTURE_EXPECTATIONS as Expected));

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFromRaw } from '../activities/extract/index.js';

/**
 * `npx tsx bench/extraction-accuracy.ts [CORPUS_DIR]`: field-by-field accuracy of the extractor on
 * every `expected.json` under the shared corpus. Prints one line per miss, then the totals.
 */
const root = process.argv[2] ?? fileURLToPath(new URL('../../shared/corpus/emails', import.meta.url));
if (!existsSync(root)) {
  console.error(`no corpus at ${root}`);
  process.exit(1);
}

let right = 0;
let total = 0;
for (const dir of await readdir(root)) {
  const expectedPath = join(root, dir, 'expected.json');
  if (!existsSync(expectedPath)) continue;
  const expected = JSON.parse(await readFile(expectedPath, 'utf8')) as Record<
    string,
    Record<string, unknown>[]
  >;
  for (const [file, facts] of Object.entries(expected)) {
    const got = (await extractFromRaw(await readFile(join(root, dir, file)))) as unknown as Record<
      string,
      unknown
    >[];
    total += 1;
    if (got.length === facts.length) right += 1;
    else console.log(`${dir}/${file}: ${got.length} facts, expected ${facts.length}`);
    facts.forEach((fact, i) => {
      for (const [field, value] of Object.entries(fact)) {
        total += 1;
        if (JSON.stringify(got[i]?.[field] ?? null) === JSON.stringify(value)) right += 1;
        else
          console.log(
            `${dir}/${file} #${i} ${field}: got ${JSON.stringify(got[i]?.[field])}, expected ${JSON.stringify(value)}`,
          );
      }
    });
  }
}
console.log(`fields right: ${right}/${total} (${((100 * right) / total).toFixed(1)}%), fact counts included`);

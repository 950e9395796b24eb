import { parseEmail, readMail } from '../extraction/index.js';
import { hostileCorpus, hostileForExtraction } from '../testing/hostile-mail.js';

/**
 * `npx tsx bench/hostile-extraction.ts [KIB]`: parse + read each hostile message in this thread
 * (no pool, no budget), the slowest first: where the extractor's time goes on the worst mail.
 * `npm run bench` reports the same corpus through the worker's pool (`worstMessageMs`).
 */
const size = Number(process.argv[2] ?? 600) * 1024;
const timings: { name: string; parseMs: number; readMs: number }[] = [];
for (const mail of [...hostileCorpus(size), ...hostileForExtraction(size)]) {
  const t0 = performance.now();
  const email = await parseEmail(mail.raw);
  const t1 = performance.now();
  readMail(email);
  timings.push({ name: mail.name, parseMs: t1 - t0, readMs: performance.now() - t1 });
}
timings.sort((a, b) => b.readMs - a.readMs);
for (const t of timings.slice(0, 8)) {
  console.log(
    `${t.readMs.toFixed(0).padStart(6)} ms read  ${t.parseMs.toFixed(0).padStart(5)} ms parse  ${t.name}`,
  );
}
const worst = timings[0]!;
console.log(
  JSON.stringify({
    messages: timings.length,
    sizeKiB: size / 1024,
    worstReadMs: Math.round(worst.readMs),
    worst: worst.name,
  }),
);

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRaw } from './extraction/index.js';
const dirs = ['testing/mail-fixtures', '../shared/corpus/emails/airbnb-1242bnb', '../shared/corpus/emails/public-mixed', ...process.argv.slice(2)];
for (const dir of dirs) for (const f of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
  const r = await readRaw(readFileSync(join(dir, f)));
  console.log(f.padEnd(50), JSON.stringify(r.flags), r.facts.map((x) => `${x.platform}/${x.via ?? '-'} ${x.kind} ${x.readBy} ${x.confidence} ${x.confirmationCode} ${x.checkIn}..${x.checkOut} g=${x.guestName} n=${x.guestCount} l=${x.listingName} ${x.payoutAmount ?? ''}${x.payoutCurrency ?? ''}`).join(' | '));
}

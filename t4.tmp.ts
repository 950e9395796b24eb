import { readFileSync } from 'node:fs';
import { readRaw } from './extraction/index.js';
for (const f of process.argv.slice(2)) {
  const r = await readRaw(readFileSync(f));
  console.log(f.split('/').pop()!.padEnd(40), JSON.stringify(r.flags), r.facts.map((x) => `${x.platform}/${x.via ?? '-'} ${x.kind} ${x.readBy} ${x.confidence} code=${x.confirmationCode} ${x.checkIn}..${x.checkOut} g=${x.guestName} n=${x.guestCount} l=${x.listingName} ${x.payoutAmount ?? ''}${x.payoutCurrency ?? ''}`).join(' | '));
}

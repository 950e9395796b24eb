import { readFileSync } from 'node:fs';
import { readRaw } from './extraction/index.js';
const FIELDS = ['platform','via','kind','readBy','guestName','checkIn','checkOut','guestCount','confirmationCode','listingName','payoutAmount','payoutCurrency'] as const;
for (const f of process.argv.slice(2)) {
  const r = await readRaw(readFileSync(`testing/mail-fixtures/${f}`));
  const facts = r.facts.map((x) => {
    const o: Record<string, unknown> = {};
    for (const k of FIELDS) o[k] = (x as any)[k];
    return o;
  });
  console.log(`  '${f}': ${JSON.stringify(facts, null, 2).replace(/"(\w+)":/g, '$1:').replace(/"/g, "'").split('\n').join('\n  ')},`);
}

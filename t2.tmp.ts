import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEmail, readMail } from './extraction/index.js';
import { chooseTemplate, TEMPLATES } from './extraction/choose-template.js';
import { toMailView } from './extraction/mail-view.js';
const dirs = ['testing/mail-fixtures', '../shared/corpus/emails/airbnb-1242bnb', '../shared/corpus/emails/public-mixed'];
for (const dir of dirs) for (const f of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
  const e = await parseEmail(readFileSync(join(dir, f)));
  const t = chooseTemplate(toMailView(e));
  if (!t) continue;
  const r = readMail(e, { without: [t.name] });
  console.log(f.padEnd(46), t.name.padEnd(24), JSON.stringify(r.flags), r.facts.map((x) => `${x.platform}/${x.via ?? '-'} ${x.kind} ${x.confidence} ${x.confirmationCode} ${x.checkIn}..${x.checkOut} g=${x.guestName} n=${x.guestCount} l=${x.listingName} ${x.payoutAmount ?? ''}${x.payoutCurrency ?? ''}`).join(' | '));
}

import { readFileSync } from 'node:fs';
import { parseEmail } from './extraction/index.js';
import { toMailView } from './extraction/mail-view.js';
const e = await parseEmail(readFileSync(process.argv[2]!));
console.log(toMailView(e).lines.map((l, i) => `${i}: ${l}`).join('\n'));

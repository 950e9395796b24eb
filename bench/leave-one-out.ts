import { type LeaveOneOutRow, leaveOneOut, share } from '../testing/leave-one-out.js';

/**
 * `npx tsx bench/leave-one-out.ts`: per template, the share of its mail's fields the generic
 * reader reads alone (the template switched off), as the Markdown table of `docs/extraction.md`.
 */
const rows = await leaveOneOut();
const pct = (row: LeaveOneOutRow): string => `${(100 * share(row)).toFixed(0)}%`;
const HEAD = [
  'template switched off',
  'mails',
  'facts → generic facts',
  'channel and kind right',
  'fields recovered',
  'wrong fields',
  'flagged `unrecognized`',
];
console.log(`| ${HEAD.join(' | ')} |`);
console.log(`|${HEAD.map(() => '---').join('|')}|`);
for (const row of rows) {
  const cells = [
    `\`${row.template}\``,
    row.mails,
    `${row.facts} → ${row.genericFacts}`,
    `${row.identityRight}/${row.genericFacts}`,
    `${row.recovered}/${row.fields} (${pct(row)})`,
    row.wrong,
    row.flagged,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}

/**
 * `npm run extract -- FILE.eml`: prints `{"facts":[...]}` on one line. A file that cannot be read
 * or is not an e-mail (no header block with at least two usual mail headers, one of them From,
 * Subject or Date: a PNG, an empty file, JSON) is an error on stderr and exit code 1.
 */
import { readFile } from 'node:fs/promises';
import { extractFacts } from '../activities/extract/index.js';
import { NOT_AN_EMAIL, parseEmail } from '../activities/extract/parse-email.js';

const NOT_MAIL_ERRORS = [NOT_AN_EMAIL, 'empty_input'];

async function main(args: readonly string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) return fail('usage: extract FILE.eml');
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    return fail(`extract: cannot read ${file} (${code})`);
  }
  const email = await parseEmail(raw);
  if (email.error && NOT_MAIL_ERRORS.some((code) => email.error?.startsWith(code))) {
    return fail(`extract: ${file} is not an e-mail (${email.error})`);
  }
  process.stdout.write(`${JSON.stringify({ facts: extractFacts(email) })}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message.replace(/\s+/g, ' ')}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));

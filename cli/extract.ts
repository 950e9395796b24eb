/**
 * `npm run extract -- FILE.eml`: prints `{"facts":[...],"flags":[...]}` on one line; `flags` holds
 * `unrecognized` when the mail looks like booking mail and nothing read a fact from it. A file that cannot be read
 * or is not an e-mail (no header block with at least two usual mail headers, one of them From,
 * Subject or Date: a PNG, an empty file, JSON) is an error on stderr and exit code 1.
 *
 * `npm run extract -- --explain FILE.eml`: each fact with, per field, its value and where it was
 * read (part, offsets of the line, the line), for a person checking a template.
 */
import { readFile } from 'node:fs/promises';
import { type Fact, type MailReading, readMail } from '../extraction/index.js';
import { NOT_AN_EMAIL, parseEmail } from '../extraction/parse-email.js';

const NOT_MAIL_ERRORS = [NOT_AN_EMAIL, 'empty_input'];
const USAGE = 'usage: extract [--explain] FILE.eml';

async function main(args: readonly string[]): Promise<number> {
  const explain = args[0] === '--explain';
  const files = explain ? args.slice(1) : args;
  const file = files[0];
  if (!file || files.length > 1) return fail(USAGE);
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
  const reading = readMail(email);
  process.stdout.write(explain ? explainReading(reading) : `${JSON.stringify(reading)}\n`);
  return 0;
}

const NOT_FIELDS = new Set(['platform', 'kind', 'via', 'confidence', 'readBy', 'evidence']);

/** The flags, then one block per fact. */
function explainReading({ facts, flags }: MailReading): string {
  const flagged = flags.length > 0 ? `flags: ${flags.join(', ')}\n` : '';
  return `${flagged}${explainFacts(facts)}`;
}

/** One block per fact: a title line, then one line per field with its value and its source. */
function explainFacts(facts: readonly Fact[]): string {
  if (facts.length === 0) return 'no facts\n';
  return facts
    .map((fact, index) => {
      const via = fact.via ? ` via ${fact.via}` : '';
      const title = `fact ${index}: ${fact.kind} on ${fact.platform}${via}, confidence ${fact.confidence}, read by ${fact.readBy}`;
      const fields = Object.entries(fact)
        .filter(([field]) => !NOT_FIELDS.has(field))
        .map(([field, value]) => {
          const source = fact.evidence[field];
          const reader = source?.reader ? ` (${source.reader} reader)` : '';
          const where = source
            ? `${source.part} ${source.start}-${source.end}${reader}: ${JSON.stringify(source.text)}`
            : value === null
              ? 'not found'
              : 'no evidence';
          return `  ${field.padEnd(20)} ${JSON.stringify(value).padEnd(36)} ← ${where}`;
        });
      return [title, ...fields].join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

function fail(message: string): number {
  process.stderr.write(`${message.replace(/\s+/g, ' ')}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));

/**
 * Fuzz: 2,000 generated malformed e-mails (test/support/fuzz/malformed-mail.ts) go into the Gmail
 * emulator through the Gmail API, then through the real archive and extract activities, run in
 * Temporal's MockActivityEnvironment against this file's own Postgres database.
 *
 * Every run uses a fresh seed and prints it; replay a failure with
 *   FUZZ_SEED=<seed> npx vitest run --project integration test/integration/fuzz
 * (FUZZ_COUNT=<n> changes the corpus size). Failing inputs are also written as .eml files to the
 * directory named in the failure message.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMessages } from '../../../activities/archive/archive-messages.js';
import { extractMessages } from '../../../activities/extract/extract-messages.js';
import { createConnectedConnection, deliver, type TestConnection } from '../../../testing/connections.js';
import {
  type GeneratedMail,
  generateCorpus,
  kindNamed,
  MAIL_KINDS,
  type MailKind,
} from '../../support/fuzz/malformed-mail.js';
import { fuzzSeed } from '../../support/fuzz/rng.js';
import { type Stack, startStack } from '../../support/stack.js';

const SEED = fuzzSeed();
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const PAGE = 500;
/** Messages above this size are archived in pages of their own (the 10 MB bodies). */
const LARGE_BYTES = 2 * 1024 * 1024;
const LABEL = 'Fuzz';
const REPLAY = `FUZZ_SEED=${SEED}${process.env.FUZZ_COUNT ? ` FUZZ_COUNT=${COUNT}` : ''}`;

interface FactRow {
  code: string | null;
  guest: string | null;
  checkIn: string | null;
  checkOut: string | null;
  guests: number | null;
  listing: string | null;
  payout: string | null;
  currency: string | null;
}

interface ArchivedRow {
  gmail_message_id: string;
  parse_error: string | null;
  processed: boolean;
  size_bytes: number;
  sha: string;
  facts: FactRow[];
}

interface Thrown {
  stage: string;
  error: string;
}

let stack: Stack;
let conn: TestConnection;
let corpus: GeneratedMail[];
/** Gmail id of each corpus mail, in corpus order. */
let ids: string[];
const thrown: Thrown[] = [];
const timings: Record<string, number> = {};
let rows: Map<string, ArchivedRow>;
let rearchive: { archived: number; duplicates: number } | null = null;
let longestHeartbeatGapMs = 0;

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

/** Failure types the workflows' retry policy retries: transient Gmail trouble, not our bugs. */
const TRANSIENT = new Set(['GMAIL_UNAVAILABLE', 'RATE_LIMITED']);
/** The sync workflow allows 10 attempts with backoff from 1 s; a few are plenty here. */
const ATTEMPTS = 5;
const retried: Thrown[] = [];

/**
 * Runs an activity in Temporal's test activity context, recording (not rethrowing) what it throws.
 * Like the sync workflow's retry policy, it tries again, after a pause, when Gmail fails transiently:
 * the emulator shares this process's event loop, so while a long synchronous parse blocks it, the
 * emulator's keep-alive timer can close a pooled socket just as googleapis reuses it (ECONNRESET).
 */
async function runActivity<I, R>(stage: string, fn: (input: I) => Promise<R>, input: I): Promise<R | null> {
  for (let attempt = 1; ; attempt++) {
    const env = new MockActivityEnvironment({ activityType: stage, attempt });
    let last = performance.now();
    env.on('heartbeat', () => {
      const now = performance.now();
      longestHeartbeatGapMs = Math.max(longestHeartbeatGapMs, now - last);
      last = now;
    });
    try {
      return await env.run(fn, input);
    } catch (err) {
      const failure = { stage, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      if (err instanceof ApplicationFailure && TRANSIENT.has(err.type ?? '') && attempt < ATTEMPTS) {
        retried.push(failure);
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
        continue;
      }
      thrown.push(failure);
      return null;
    }
  }
}

beforeAll(async () => {
  console.log(`[fuzz] malformed-mail: seed ${SEED}, ${COUNT} messages (replay with ${REPLAY})`);
  const total = performance.now();
  // its 10 MB bodies are well-formed mail to be read in full, so the per-message limits sit above
  // them here (the hostile-mail test is the one that holds mail to the production budget)
  stack = await startStack({
    messageBudget: { maxMessageBytes: 16 * 1024 * 1024, bytes: 32 * 1024 * 1024, ms: 60_000 },
  });
  conn = await createConnectedConnection(stack, { label: LABEL });
  corpus = await timed('generate', async () => generateCorpus(SEED, COUNT));

  ids = await timed('deliver', async () =>
    deliver(
      stack,
      LABEL,
      corpus.map((m) => m.raw),
      { concurrency: 16 },
    ),
  );

  const [run] = await stack.sql<{ id: string }[]>`
    INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
    VALUES (${conn.workspaceId}, ${conn.connectionId}, ${`fuzz-${SEED}`}, 'manual', 'full') RETURNING id`;
  const archive = archiveMessages(stack.deps);
  const pageInput = (messageIds: string[]) => ({
    connectionId: conn.connectionId,
    runId: run!.id,
    labelId: conn.labelId,
    messageIds,
    historyIdAfterPage: null,
    mode: 'full' as const,
  });

  // Pages of up to 500 ids in delivery order; the multi-megabyte messages come last, one per page,
  // so the seconds their parse blocks the shared event loop do not reset the emulator's sockets
  // under the other fetches of a page (see runActivity).
  const large = new Set(corpus.flatMap((m, i) => (m.raw.length > LARGE_BYTES ? [ids[i]!] : [])));
  const regular = ids.filter((id) => !large.has(id));
  const pages = [
    ...Array.from({ length: Math.ceil(regular.length / PAGE) }, (_, p) =>
      regular.slice(p * PAGE, (p + 1) * PAGE),
    ),
    ...[...large].map((id) => [id]),
  ];
  await timed('archive', async () => {
    for (const [p, page] of pages.entries()) {
      await runActivity(`archiveMessages[page ${p}]`, archive, pageInput(page));
    }
  });
  // the same page again: everything is known, nothing is fetched or written
  await timed('rearchive', async () => {
    rearchive = await runActivity('archiveMessages[again]', archive, pageInput(ids.slice(0, PAGE)));
  });

  const extract = extractMessages(stack.deps);
  await timed('extract', async () => {
    for (let call = 0; call < Math.ceil(COUNT / PAGE) + 5; call++) {
      const result = await runActivity(`extractMessages[${call}]`, extract, {
        connectionId: conn.connectionId,
        limit: PAGE,
      });
      if (!result || result.messages === 0) break;
    }
  });

  const archived = await stack.sql<ArchivedRow[]>`
    SELECT m.gmail_message_id, m.parse_error, m.processed_at IS NOT NULL AS processed, m.size_bytes,
      encode(sha256(m.raw), 'hex') AS sha,
      coalesce(json_agg(json_build_object(
        'code', f.confirmation_code, 'guest', f.guest_name, 'checkIn', f.check_in, 'checkOut', f.check_out,
        'guests', f.guest_count, 'listing', f.listing_name, 'payout', f.payout_amount, 'currency', f.payout_currency
      )) FILTER (WHERE f.id IS NOT NULL), '[]'::json) AS facts
    FROM gmail_messages m LEFT JOIN reservation_facts f ON f.message_id = m.id
    WHERE m.connection_id = ${conn.connectionId}
    GROUP BY m.id`;
  rows = new Map(archived.map((r) => [r.gmail_message_id, r]));
  timings.total = Math.round(performance.now() - total);
  console.log(`[fuzz] timings (ms): ${JSON.stringify(timings)}`);
  console.log(`[fuzz] longest gap between archive heartbeats: ${Math.round(longestHeartbeatGapMs)} ms`);
  if (retried.length)
    console.log(
      `[fuzz] retried after transient Gmail failures:\n${retried.map((r) => `  ${r.stage}: ${r.error.split('\n')[0]}`).join('\n')}`,
    );
  console.log(`[fuzz] per kind:\n${summary()}`);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** Count, flagged count and error codes seen, per kind: what the run actually exercised. */
function summary(): string {
  const byKind = new Map<string, { n: number; flagged: number; facts: number; codes: Set<string> }>();
  corpus.forEach((mail, i) => {
    const row = rows.get(ids[i]!);
    const entry = byKind.get(mail.kind) ?? { n: 0, flagged: 0, facts: 0, codes: new Set<string>() };
    byKind.set(mail.kind, entry);
    entry.n++;
    entry.facts += row?.facts.length ?? 0;
    if (row?.parse_error) {
      entry.flagged++;
      for (const code of row.parse_error.split(', ')) entry.codes.add(code.split(/[: ]/)[0]!);
    }
  });
  return [...byKind]
    .map(
      ([kind, e]) =>
        `  ${kind.padEnd(30)} ${String(e.n).padStart(4)}  flagged ${String(e.flagged).padStart(4)}  facts ${String(e.facts).padStart(4)}  ${[...e.codes].join(' ')}`,
    )
    .join('\n');
}

interface Failure {
  mail: GeneratedMail;
  id: string;
  problem: string;
}

/** A failure message naming seed, kind, index and Gmail id, with the inputs written out as .eml files. */
async function explain(failures: Failure[]): Promise<string> {
  if (failures.length === 0) return '';
  const dir = join(tmpdir(), `fuzz-malformed-mail-${SEED}`);
  await mkdir(dir, { recursive: true });
  const shown = failures.slice(0, 20);
  await Promise.all(shown.map((f) => writeFile(join(dir, `${f.mail.index}-${f.mail.kind}.eml`), f.mail.raw)));
  const lines = shown.map(
    (f) =>
      `  #${f.mail.index} ${f.mail.kind} (gmail ${f.id}): ${f.problem}\n    ${JSON.stringify(
        Buffer.from(f.mail.raw.subarray(0, 160)).toString('latin1'),
      )}`,
  );
  return `${failures.length} failure(s), seed ${SEED} (replay with ${REPLAY}); inputs in ${dir}\n${lines.join('\n')}`;
}

const brief = (f: Failure): string => `#${f.mail.index} ${f.mail.kind} (gmail ${f.id}): ${f.problem}`;

/** Every corpus mail of the kinds `select` picks, with its archived row. */
function mailsOf(select: (kind: MailKind) => boolean) {
  return corpus.flatMap((mail, i) => {
    const kind = kindNamed(mail.kind);
    return select(kind) ? [{ mail, kind, id: ids[i]!, row: rows.get(ids[i]!) }] : [];
  });
}

const hasData = (f: FactRow): boolean => Object.values(f).some((v) => v !== null);

describe(`malformed mail through archive and extract (seed ${SEED})`, () => {
  it('nothing throws out of the archive and extract activities', () => {
    expect(thrown, `seed ${SEED} (replay with ${REPLAY})`).toEqual([]);
  });

  it('delivered every message and covered every kind', () => {
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    if (COUNT >= 1000)
      expect(new Set(corpus.map((m) => m.kind))).toEqual(new Set(MAIL_KINDS.map((k) => k.name)));
  });

  it('archives every message exactly once, byte for byte', async () => {
    expect(rows.size).toBe(COUNT);
    expect(new Set(rows.keys())).toEqual(new Set(ids));
    const failures: Failure[] = [];
    corpus.forEach((mail, i) => {
      const row = rows.get(ids[i]!);
      const sha = createHash('sha256').update(mail.raw).digest('hex');
      if (!row) failures.push({ mail, id: ids[i]!, problem: 'not archived' });
      else if (row.sha !== sha || row.size_bytes !== mail.raw.length)
        failures.push({
          mail,
          id: ids[i]!,
          problem: `raw differs (${row.size_bytes} of ${mail.raw.length} bytes)`,
        });
    });
    expect(failures.map(brief), await explain(failures)).toEqual([]);
  });

  it('archiving a page again fetches and archives nothing', () => {
    expect(rearchive).toMatchObject({ archived: 0, duplicates: Math.min(PAGE, COUNT), vanished: 0 });
  });

  it('flags every message whose damage parseEmail can detect, with its code', async () => {
    const failures = mailsOf((k) => k.parseError instanceof RegExp && !k.knownGap).flatMap(
      ({ mail, kind, id, row }) =>
        row?.parse_error && (kind.parseError as RegExp).test(row.parse_error)
          ? []
          : [
              {
                mail,
                id,
                problem: `parse_error ${JSON.stringify(row?.parse_error)}, expected ${kind.parseError}`,
              },
            ],
    );
    expect(failures.map(brief), await explain(failures)).toEqual([]);
  });

  it('does not flag well-formed messages (the controls, mixed CRLF/LF, 10 MB bodies)', async () => {
    const clean = mailsOf((k) => k.parseError === null);
    expect(clean.filter(({ kind }) => kind.control).length).toBeGreaterThanOrEqual(Math.min(100, COUNT / 20));
    const failures = clean.flatMap(({ mail, id, row }) =>
      row && row.parse_error === null ? [] : [{ mail, id, problem: `flagged: ${row?.parse_error}` }],
    );
    expect(failures.map(brief), await explain(failures)).toEqual([]);
  });

  it('extract processes every archived message', async () => {
    const failures = mailsOf(() => true).flatMap(({ mail, id, row }) =>
      row?.processed ? [] : [{ mail, id, problem: 'processed_at is null' }],
    );
    expect(failures.map(brief), await explain(failures)).toEqual([]);
  });

  it('extracts no fact from garbage, and the booking from every readable booking mail', async () => {
    const failures = mailsOf(() => true).flatMap(({ mail, kind, id, row }) => {
      const facts = row?.facts ?? [];
      const problem =
        kind.facts === 'none' && facts.length > 0
          ? `facts from garbage: ${JSON.stringify(facts)}`
          : kind.facts === 'no_data' && facts.some(hasData)
            ? `fields read from garbage: ${JSON.stringify(facts)}`
            : kind.facts === 'booking' && !facts.some((f) => f.code === mail.confirmationCode)
              ? `no fact with code ${mail.confirmationCode}: ${JSON.stringify(facts)}`
              : null;
      return problem ? [{ mail, id, problem }] : [];
    });
    expect(failures.map(brief), await explain(failures)).toEqual([]);
  });

  for (const kind of MAIL_KINDS.filter((k) => k.knownGap)) {
    // Reported, not fixed: this passes while the gap is there and fails once it is closed — then
    // drop `knownGap` from the kind so the main flagging test covers it.
    it.fails(`known gap, ${kind.name}: ${kind.knownGap}`, () => {
      const unflagged = mailsOf((k) => k === kind).filter(
        ({ row }) => !(row?.parse_error && (kind.parseError as RegExp).test(row.parse_error)),
      );
      expect(unflagged.map(({ mail }) => mail.index)).toEqual([]);
    });
  }
});

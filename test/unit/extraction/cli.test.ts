import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../testing/mail-fixtures', import.meta.url));

function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/extract.ts', ...args],
      { cwd: REPO_ROOT },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

// each case starts a tsx process: seconds on a loaded machine, so the default 5 s is too tight
describe('cli/extract.ts', { timeout: 60_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'extract-cli-'));

  it('prints the facts and the flags as one JSON line and exits 0', async () => {
    const { code, stdout } = await runCli(join(FIXTURES, 'vrbo-reservation.eml'));
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const { facts, flags } = JSON.parse(stdout) as { facts: { confirmationCode: string }[]; flags: string[] };
    expect(facts.map((f) => f.confirmationCode)).toEqual(['HA-25496K']);
    expect(flags).toEqual([]);
  });

  it('prints `unrecognized` for booking mail nothing reads, never an empty silence', async () => {
    const { code, stdout } = await runCli(join(FIXTURES, 'unrecognized-booking-en.eml'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ facts: [], flags: ['unrecognized'] });
  });

  it('--explain says which fields the generic reader read', async () => {
    const { code, stdout } = await runCli('--explain', join(FIXTURES, 'relay-smoobu-booking-en.eml'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fact 0: confirmed on booking via smoobu, confidence 0\.\d+, read by generic/);
    expect(stdout).toMatch(
      /confirmationCode +"4012398765" +← text \d+-\d+ \(generic reader\): "Reference ID: 4012398765"/,
    );
  });

  it('--explain prints, per field, the value and the line it was read from', async () => {
    const { code, stdout } = await runCli('--explain', join(FIXTURES, 'vrbo-reservation.eml'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fact 0: confirmed on vrbo, confidence [\d.]+, read by template/);
    expect(stdout).toMatch(/confirmationCode +"HA-25496K" +← text \d+-\d+: "HA-25496K"/);
    expect(stdout).toMatch(/payoutAmount +null +← not found/);
  });

  const notMail: [string, string | Buffer][] = [
    ['an empty file', ''],
    [
      'a PNG',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    ],
    ['a JSON file', '{"subject": "Reservation confirmed"}\n'],
  ];
  for (const [name, content] of notMail) {
    it(`rejects ${name} with one line on stderr and exit 1`, async () => {
      const file = join(scratch, name.replace(/\W+/g, '-'));
      writeFileSync(file, content);
      const { code, stdout, stderr } = await runCli(file);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/not an e-mail/);
    });
  }

  it('rejects a missing file with exit 1', async () => {
    const { code, stderr } = await runCli(join(scratch, 'missing.eml'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot read .*ENOENT/);
  });
});

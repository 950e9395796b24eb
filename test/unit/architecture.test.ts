import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../contracts/errors.js';

/**
 * The layout rules of docs/architecture.md, checked on the source tree so a new file cannot break
 * them quietly: which folder may import which, and where error codes are written.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = new Set(['node_modules', '.data', '.tools', '.git', 'docs']);

function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

const FILES = sourceFiles().map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

/** Runtime imports only: `import type` and `export type` erase at build time. */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gms))
    found.push(m[1]!);
  return found;
}

/**
 * Where a code-shaped string is not ours: the registry itself, and the emulated Google API, whose
 * own error statuses (`NOT_FOUND`, `INTERNAL`: google.rpc.Code names) overlap our vocabulary.
 */
const CODE_LITERALS_ALLOWED = new Set(['contracts/errors.ts', 'dev/gmail/gmail-errors.ts']);

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

const inFolder = (path: string, folder: string) => path.startsWith(`${folder}/`);

describe('layout', () => {
  it('the API imports no runtime code from activities/', () => {
    const offenders = FILES.filter((f) => inFolder(f.path, 'api')).flatMap((f) =>
      runtimeImports(f.text)
        .filter((spec) => spec.includes('/activities/'))
        .map((spec) => `${f.path} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing outside test/ imports from test/', () => {
    const offenders = FILES.filter((f) => !inFolder(f.path, 'test')).flatMap((f) =>
      [...f.text.matchAll(/from\s+'([^']*\/test\/[^']*)'/g)].map((m) => `${f.path} → ${m[1]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('activities import no types from workflows/', () => {
    const offenders = FILES.filter((f) => inFolder(f.path, 'activities')).flatMap((f) =>
      [...f.text.matchAll(/from\s+'([^']*\/workflows\/[^']*)'/g)].map((m) => `${f.path} → ${m[1]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no error code is written as a string literal outside the registry', () => {
    const codes = new Set<string>(ERROR_CODES);
    const offenders = FILES.filter(
      (f) => !inFolder(f.path, 'test') && !CODE_LITERALS_ALLOWED.has(f.path),
    ).flatMap((f) =>
      [...withoutComments(f.text).matchAll(/(['"`])([A-Z][A-Z_]+)\1/g)]
        .filter((m) => codes.has(m[2]!))
        .map((m) => `${f.path}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the connection workflow function stays a short wiring of messages to its state class', () => {
    const text = readFileSync(join(ROOT, 'workflows/connection.ts'), 'utf8').split('\n');
    const start = text.findIndex((line) => line.startsWith('export async function connectionWorkflow('));
    const end = text.findIndex((line, i) => i > start && line === '}');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end - start + 1).toBeLessThanOrEqual(80);
  });
});

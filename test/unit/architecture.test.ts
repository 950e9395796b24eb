import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

/**
 * Where a code-shaped string is not ours: the registry itself, and the emulated Google API, whose
 * own error statuses (`NOT_FOUND`, `INTERNAL`: google.rpc.Code names) overlap our vocabulary.
 */
const CODE_LITERALS_ALLOWED = new Set(['contracts/errors.ts', 'dev/gmail/gmail-errors.ts']);

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

const inFolder = (path: string, folder: string) => path.startsWith(`${folder}/`);

/** Every import and re-export, with whether it survives the build (`import type` does not). */
function importsOf(text: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gms))
    found.push({ spec: m[2]!, typeOnly: Boolean(m[1]) });
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) found.push({ spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

const KNOWN = new Set(FILES.map((f) => f.path));

/** The project file a relative specifier names (`./x.js` is `x.ts` or `x.tsx` in the tree), or null. */
function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = join(dirname(from), spec);
  const stem = base.replace(/\.(m?js|tsx?)$/, '');
  return [base, `${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts')].find((c) => KNOWN.has(c)) ?? null;
}

/** Runtime edges of the import graph: what loading a file loads. */
const RUNTIME_EDGES = new Map(
  FILES.map((f) => [
    f.path,
    importsOf(f.text)
      .filter((i) => !i.typeOnly)
      .map((i) => resolveImport(f.path, i.spec))
      .filter((p): p is string => p !== null),
  ]),
);

/** The first chain of runtime imports from `start` to a file in one of `folders`, or null. */
function chainInto(start: string, folders: readonly string[]): string[] | null {
  const seen = new Set([start]);
  const queue: string[][] = [[start]];
  while (queue.length > 0) {
    const chain = queue.shift()!;
    for (const next of RUNTIME_EDGES.get(chain.at(-1)!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      if (folders.some((folder) => inFolder(next, folder))) return [...chain, next];
      queue.push([...chain, next]);
    }
  }
  return null;
}

/** Arrows point down (docs/architecture.md): what each layer may never load, even through a third module. */
const NEVER_REACHES: readonly { layer: string; forbidden: readonly string[] }[] = [
  { layer: 'contracts', forbidden: ['activities', 'api', 'web', 'workflows', 'db', 'domain', 'extraction'] },
  { layer: 'extraction', forbidden: ['activities', 'api', 'web', 'workflows', 'db', 'domain'] },
  { layer: 'domain', forbidden: ['activities', 'api', 'web', 'workflows', 'db'] },
  { layer: 'api', forbidden: ['activities', 'workflows'] },
  { layer: 'workflows', forbidden: ['activities', 'api', 'web', 'db', 'domain', 'extraction'] },
];

describe('layout', () => {
  for (const { layer, forbidden } of NEVER_REACHES) {
    it(`${layer}/ never loads ${forbidden.join('/, ')}/ at run time, directly or through another module`, () => {
      const offenders = FILES.filter((f) => inFolder(f.path, layer))
        .map((f) => chainInto(f.path, forbidden))
        .filter((chain): chain is string[] => chain !== null)
        .map((chain) => chain.join(' → '));
      expect(offenders).toEqual([]);
    });
  }

  it('workflows/ import only contracts/, other workflows and the types of activities', () => {
    const offenders = FILES.filter((f) => inFolder(f.path, 'workflows')).flatMap((f) =>
      importsOf(f.text)
        .filter((i) => i.spec.startsWith('.'))
        .filter((i) => {
          const target = resolveImport(f.path, i.spec) ?? i.spec;
          if (inFolder(target, 'contracts') || inFolder(target, 'workflows')) return false;
          return !(i.typeOnly && inFolder(target, 'activities'));
        })
        .map((i) => `${f.path} → ${i.spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the graph it walks is the real one: a known chain is found', () => {
    expect(chainInto('api/app.ts', ['web'])).not.toBeNull();
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

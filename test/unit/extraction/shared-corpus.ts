import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Real mail and feeds shared next to the repository (never copied into it). */
export const SHARED_CORPUS = resolve(REPO_ROOT, '../shared/corpus');

/**
 * Registers `register`'s tests when `dir` exists; otherwise one test that says why they did not
 * run (the corpus lives outside the repository and may be absent on other machines).
 */
export function describeWithCorpus(name: string, dir: string, register: () => void): void {
  if (existsSync(dir)) {
    describe(name, register);
    return;
  }
  describe(name, () => {
    it('notes that the shared corpus is absent', () => {
      console.warn(`[${name}] ${dir} is absent: corpus tests not run`);
      expect(existsSync(dir)).toBe(false);
    });
  });
}

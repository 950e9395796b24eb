import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** What the browser tests do on every page: sign in, and run axe-core in it. */

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOTS = new URL('../../../docs/screenshots/', import.meta.url);

/** axe-core run inside the page (evaluate is not subject to the page's CSP): serious and critical only. */
export async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(`${AXE};0`);
  // a string, not a function: this file is type-checked without the DOM library
  const violations = (await p.evaluate(
    `axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`,
  )) as { id: string; impact: string; targets: string[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

export async function signIn(p: Page, appUrl: string, token: string) {
  await p.goto(`${appUrl}/app`);
  await p.getByLabel('API token').fill(token);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
}

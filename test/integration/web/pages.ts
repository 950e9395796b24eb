import type { Page } from 'playwright-core';

/** What the browser tests do on every page: sign in (axe-core runs from testing/accessibility.ts). */

export const SCREENSHOTS = new URL('../../../docs/screenshots/', import.meta.url);

export async function signIn(p: Page, appUrl: string, token: string) {
  await p.goto(`${appUrl}/app`);
  await p.getByLabel('API token').fill(token);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
}

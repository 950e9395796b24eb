import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's `chromium` package; never a browser download (.ci/run installs it when missing). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium that can reach nothing but loopback: every host name other than 127.0.0.1 and
 * localhost resolves to nothing, and Chromium's own background traffic (updates, sync, safe
 * browsing, field trials) is switched off.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-domain-reliability',
      '--disable-sync',
      '--disable-features=Translate,OptimizationHints,MediaRouter,SafeBrowsing,InterestFeedContentSuggestions',
      '--no-first-run',
      '--no-default-browser-check',
      '--metrics-recording-only',
      '--safebrowsing-disable-auto-update',
    ],
  });
}

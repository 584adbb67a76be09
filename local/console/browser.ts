/**
 * Debian's chromium driven by playwright-core (a dev dependency; no browser download), with a fresh profile:
 * what the console's browser tests and `node scripts/screenshot.js` open the console with. Not loaded by the
 * gateway itself. Fails with a clear message when chromium is missing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
/** Headless, and quiet: this machine's closed network refuses chromium's background connections. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface ConsoleBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1400, height: 1000 }): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the console's browser needs Debian's chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`,
    );
  }
  const { chromium } = await import("playwright-core");
  // playwright passes the profile folder to chromium as --user-data-dir.
  const profile = mkdtempSync(join(tmpdir(), "apigw-console-browser-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

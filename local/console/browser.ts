/**
 * The Chromium that the console's browser tests and `node scripts/screenshot.js` drive with playwright-core
 * (a dev dependency that never downloads a browser), with a fresh profile. Not loaded by the gateway itself.
 *
 * Which browser, the first that applies:
 *  1. `CHROMIUM_PATH`, when set: that executable (a path that does not exist is an error, not a fallback);
 *  2. a Chrome or Chromium the machine has, at its usual place (Debian's `chromium`, Google Chrome, ...);
 *  3. on Linux x64, the headless Chromium inside the `@sparticuz/chromium` dev dependency: the binary is a
 *     brotli file in the package tarball, unpacked once into `node_modules/.cache`. Nothing is downloaded at
 *     install or run time.
 */
import { execFile, spawnSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { brotliDecompressSync, createBrotliDecompress } from "node:zlib";
import type { BrowserContext } from "playwright-core";

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

/** Where Chrome and Chromium install themselves, per platform, in the order they are tried. */
export const MACHINE_BROWSERS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: ["/usr/bin/chromium", "/usr/bin/google-chrome-stable", "/usr/bin/google-chrome"],
  darwin: [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
  ],
};

export const PACKAGED_BROWSER = "@sparticuz/chromium";

export type BrowserChoice =
  | { readonly source: "CHROMIUM_PATH" | "machine"; readonly executablePath: string }
  | { readonly source: "package" };

export interface Machine {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly exists: (path: string) => boolean;
}

const thisMachine: Machine = {
  env: process.env,
  platform: process.platform,
  arch: process.arch,
  exists: existsSync,
};

/** Picks the browser (see the file's comment); throws, saying what to do, when there is none. */
export function chooseBrowser(machine: Machine = thisMachine): BrowserChoice {
  const override = machine.env.CHROMIUM_PATH;
  if (override) {
    if (!machine.exists(override)) {
      throw new Error(
        `CHROMIUM_PATH = "${override}": no such file; point it at a Chrome or Chromium executable`,
      );
    }
    return { source: "CHROMIUM_PATH", executablePath: override };
  }
  const installed = (MACHINE_BROWSERS[machine.platform] ?? []).find((path) => machine.exists(path));
  if (installed) return { source: "machine", executablePath: installed };
  if (machine.platform === "linux" && machine.arch === "x64") return { source: "package" };
  const looked = (MACHINE_BROWSERS[machine.platform] ?? []).join(", ") || "nothing on this platform";
  throw new Error(
    `no Chrome or Chromium found (looked at ${looked}) and ${PACKAGED_BROWSER} ships Linux x64 only: ` +
      "install Chrome or Chromium, or set CHROMIUM_PATH to one",
  );
}

export interface ResolvedBrowser {
  readonly source: BrowserChoice["source"];
  readonly executablePath: string;
  /** Extra environment for the browser process (the package's own libraries when the machine lacks them). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The browser to launch: the choice, with the package's binary unpacked when that is the one. */
export async function resolveBrowser(machine: Machine = thisMachine): Promise<ResolvedBrowser> {
  const choice = chooseBrowser(machine);
  if (choice.source !== "package") return choice;
  return { source: "package", ...(await unpackPackagedChromium()) };
}

/**
 * Unpacks the package's `bin/chromium.br` into `node_modules/.cache/<package>-<version>/` (once per version:
 * about 3 s and 210 MB) and checks that it starts. When the machine lacks the libraries it links (NSS, NSPR,
 * expat; a slim container), the package's own copies (`bin/al2023.tar.br`) are unpacked beside it and put on
 * LD_LIBRARY_PATH.
 */
export async function unpackPackagedChromium(): Promise<Omit<ResolvedBrowser, "source">> {
  let entry: string;
  try {
    entry = require.resolve(PACKAGED_BROWSER);
  } catch {
    throw new Error(
      `${PACKAGED_BROWSER} is not installed: run npm ci (it is a dev dependency) or set CHROMIUM_PATH`,
    );
  }
  // The package's exports name only its ESM entry; its folder is two levels above it.
  const packageDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  const cacheDir = join(packageDir, "..", "..", ".cache", `${PACKAGED_BROWSER.replace("/", "-")}-${version}`);
  const executablePath = join(cacheDir, "chromium");
  if (!existsSync(executablePath)) {
    // Unpack beside the cache and rename: a parallel test worker never sees half a binary.
    mkdirSync(dirname(cacheDir), { recursive: true });
    const staging = mkdtempSync(`${cacheDir}.unpacking-`);
    try {
      await pipeline(
        createReadStream(join(packageDir, "bin", "chromium.br")),
        createBrotliDecompress(),
        createWriteStream(join(staging, "chromium"), { mode: 0o755 }),
      );
      await rename(staging, cacheDir).catch((error: NodeJS.ErrnoException) => {
        // Another worker finished first: its copy is as good as ours.
        if (!existsSync(executablePath)) throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  const problem = await startFailure(executablePath, {});
  if (!problem) return { executablePath };
  if (!/error while loading shared libraries/.test(problem)) {
    throw new Error(`${PACKAGED_BROWSER}'s chromium does not start: ${problem}`);
  }
  const libDir = join(cacheDir, "lib");
  if (!existsSync(libDir)) {
    const tar = spawnSync("tar", ["-x", "-C", cacheDir], {
      input: brotliDecompressSync(readFileSync(join(packageDir, "bin", "al2023.tar.br"))),
    });
    if (tar.status !== 0) throw new Error(`unpacking ${PACKAGED_BROWSER}'s libraries failed: ${tar.stderr}`);
  }
  const env = { LD_LIBRARY_PATH: [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") };
  const still = await startFailure(executablePath, env);
  if (still)
    throw new Error(`${PACKAGED_BROWSER}'s chromium does not start, even with its own libraries: ${still}`);
  return { executablePath, env };
}

/** Why `chromium --version` fails, or undefined when it runs. */
async function startFailure(
  executablePath: string,
  env: Record<string, string>,
): Promise<string | undefined> {
  try {
    await promisify(execFile)(executablePath, ["--version"], {
      env: { ...process.env, ...env },
      timeout: 30_000,
    });
    return undefined;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return stderr?.trim() || message;
  }
}

export interface ConsoleBrowser {
  readonly context: BrowserContext;
  /** The browser in use and where it came from. */
  readonly browser: ResolvedBrowser;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1400, height: 1000 }): Promise<ConsoleBrowser> {
  const browser = await resolveBrowser();
  const { chromium } = await import("playwright-core");
  // playwright passes the profile folder to chromium as --user-data-dir.
  const profile = mkdtempSync(join(tmpdir(), "apigw-console-browser-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    args: CHROMIUM_ARGS,
    viewport,
    ...(browser.env ? { env: { ...process.env, ...browser.env } } : {}),
  });
  return {
    context,
    browser,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

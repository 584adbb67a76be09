import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
// Types only: esbuild and fflate are loaded when a bundle is built, so a synth whose bundles all come from the
// cache does not compile them (about 200 KB of JavaScript).
import type { BuildOptions, BuildResult, Message } from "esbuild";
import type { Zippable } from "fflate";

/**
 * The one place that bundles Lambda code: esbuild (in-process API) into a single ESM file (plus its source
 * map when the function runs with source maps on), packed into a deterministic zip.
 *
 * Output format and AWS SDK v3: ESM (`index.mjs`) with the SDK bundled from its module entry points.
 * Measured for the items handler (DynamoDB document client), fresh Node process, import the bundle, median
 * of 9 to 15 interleaved runs on the 2-core project machine:
 *
 * | variant                                                      |   size |   init |
 * |--------------------------------------------------------------|-------:|-------:|
 * | ESM, SDK bundled, env credentials, no event streams (chosen) | 200 KB |  44 ms |
 * | ESM, SDK bundled, env credentials                            | 219 KB |  53 ms |
 * | ESM, SDK bundled, full credential chain                      | 351 KB |  71 ms |
 * | CommonJS, SDK bundled                                        | 562 KB | 344 ms |
 * | ESM, SDK external (from disk)                                |  14 KB | 259 ms |
 *
 * (The last two rows: an earlier measurement, with the full credential chain.) "Env credentials" and "no event
 * streams" are `alias` entries the app passes (stacks/lambda-bundling.ts).
 *
 * Bundling lets esbuild tree-shake the SDK and load it as one file instead of hundreds of modules, and it pins
 * the SDK version we test instead of whatever the nodejs22.x runtime ships that month.
 *
 * Determinism: entries are sorted, timestamps fixed to 1980-01-01 (the zip epoch) in local time so the DOS
 * fields are the same in every time zone, permissions fixed to 0644, and esbuild writes relative source paths.
 */

/** Where a project keeps its handlers, and what their bundles replace. */
export interface LambdaBundling {
  /**
   * Folder holding the project's handlers, relative to the repo root. A zip is then named by its entry's path
   * inside it (`<dir>/items/index.ts` gives `items.zip`), and a build bundles every handler found there that
   * is not yet bundled in the same esbuild run.
   * @default - none: zips are named by the entry's whole path, and each entry is built alone
   */
  readonly handlersDir?: string;
  /**
   * Module specifiers bundled from another file (`./`-relative to the repo root) instead of their package:
   * e.g. the parts of the AWS SDK a function never runs.
   * @default - none
   */
  readonly alias?: Readonly<Record<string, string>>;
}

export interface BundleOptions extends LambdaBundling {
  /** Handler source file, relative to the repo root. */
  readonly entry: string;
  /** Repo root (the folder with cdktf.json); esbuild resolves from here. */
  readonly root: string;
  /** Module specifiers left out of the bundle (provided by the runtime). */
  readonly external?: readonly string[];
  /**
   * Reuse the zip of an earlier build when none of its input files changed.
   * @default true
   */
  readonly useCache?: boolean;
  /**
   * Put a source map (`index.mjs.map`) in the zip, for functions that run with `--enable-source-maps`. Without
   * that flag Node never reads the map, so by default it is not made: a smaller zip and a faster cold synth.
   * @default false
   */
  readonly sourceMap?: boolean;
}

export interface Bundle {
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip bytes: Terraform's `source_code_hash`. */
  readonly sha256Base64: string;
  /** Hex SHA-256 of the zip bytes. */
  readonly sha256Hex: string;
  readonly zipBytes: number;
  /** Size of the minified `index.mjs`. */
  readonly bundleBytes: number;
  /** The handler string Lambda needs: `index.handler`. */
  readonly handler: string;
}

export const BUNDLE_FILE = "index.mjs";
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);
const REGULAR_FILE_0644 = 0o100644 << 16;

/** Shared esbuild options; exported for the benchmark, which compares variants of them. */
export function esbuildOptions(options: BundleOptions): BuildOptions {
  return {
    absWorkingDir: options.root,
    entryPoints: [entryPoint(options)],
    // Every entry gets its own folder and the same file name, whether built alone or with others, so its
    // output (and the relative paths in its source map) is the same either way.
    outdir: OUT_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    write: false,
    minify: true,
    sourcemap: options.sourceMap === true ? "linked" : false,
    sourcesContent: false,
    platform: "node",
    target: "node22",
    format: "esm",
    mainFields: ["module", "main"],
    // Paths in the source map stay as seen from the project, even when node_modules is a symlink.
    preserveSymlinks: true,
    external: [...(options.external ?? [])],
    alias: { ...options.alias },
    legalComments: "none",
    metafile: true,
    logLevel: "silent",
  };
}

const OUT_DIR = ".bundle";

function entryPoint(options: BundleOptions): { in: string; out: string } {
  return { in: `./${options.entry}`, out: `${zipName(options.entry, options.handlersDir)}/index` };
}

/**
 * ESM output keeps a CommonJS dependency's require() calls behind a shim that throws "Dynamic require of ...".
 * Only such bundles get a real `require` (importing node:module costs about 2 ms of every cold start).
 */
const REQUIRE_BANNER = 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);';

type Built = BuildResult<{ write: false; metafile: true }>;

/** Bundles built or found in this process, by cache key: stacks that share a handler bundle it once. */
const bundlesThisProcess = new Map<string, Bundle>();

/**
 * Bundles and zips `entry`, or reuses a bundle: one made earlier in this process, or (unless `useCache` is
 * false) the cached zip of an earlier run when none of its input files changed.
 *
 * When a project handler has to be built, every other project handler that would also be built (not yet
 * bundled in this process, and not cached) is built with it in the same esbuild run: one run parses the
 * AWS SDK once for all of them, where separate runs parse it once per function. The output of each entry
 * is the same as when it is built alone.
 */
export function bundleFunction(options: BundleOptions): Bundle {
  const known = bundlesThisProcess.get(cacheKey(options));
  if (known) return known;
  const cached = reuseCached(options);
  if (cached) return cached;
  const handlers =
    options.handlersDir === undefined ? [] : projectHandlers(options.root, options.handlersDir);
  const batch = handlers.includes(options.entry)
    ? [
        options,
        ...handlers
          .filter((entry) => entry !== options.entry)
          .map((entry) => ({ ...options, entry }))
          .filter((other) => !bundlesThisProcess.has(cacheKey(other)) && !reuseCached(other)),
      ]
    : [options];
  const built = buildBundles(batch);
  for (const [index, bundle] of built.entries()) bundlesThisProcess.set(cacheKey(batch[index]), bundle);
  return built[0];
}

/** The cached bundle of `options` when the cache is on and none of its inputs changed; remembered. */
function reuseCached(options: BundleOptions): Bundle | undefined {
  if (options.useCache === false) return undefined;
  const key = cacheKey(options);
  const cached = readManifest(manifestPathOf(options, key), options.root);
  if (cached) bundlesThisProcess.set(key, cached);
  return cached;
}

/**
 * The project's Lambda handlers: the files under `handlersDir` that export `handler`, as entries relative to
 * the root (sorted). Only a hint for batching: an entry not found here is still bundled, on its own.
 */
export function projectHandlers(root: string, handlersDir: string): string[] {
  const dir = join(root, handlersDir);
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((file) => /\.ts$/.test(file) && !file.endsWith(".d.ts"))
    .filter((file) => EXPORTS_HANDLER.test(readFileSync(join(dir, file), "utf8")))
    .map((file) => `${handlersDir}/${file.split(sep).join("/")}`)
    .sort();
}

const EXPORTS_HANDLER = /^export\s+(?:const|let|async\s+function|function)\s+handler\b/m;

function cacheDirOf(options: BundleOptions): string {
  return join(options.root, "node_modules", ".cache", "apigw-stacks", "bundles");
}

function cacheKey(options: BundleOptions): string {
  return sha256Hex(JSON.stringify({ esbuildVersion: esbuildVersion(), ...esbuildOptions(options) })).slice(
    0,
    24,
  );
}

function manifestPathOf(options: BundleOptions, key: string): string {
  return join(cacheDirOf(options), `${key}.json`);
}

/** Always bundles (no reuse), writes the zip and its cache manifest, and returns the bundle. */
export function buildBundle(options: BundleOptions): Bundle {
  return buildBundles([options])[0];
}

/**
 * Bundles the entries (same root and externals) in one esbuild run; writes each zip and its cache manifest.
 * An entry whose bundle needs the createRequire banner is built again on its own, with the banner.
 */
function buildBundles(batch: readonly BundleOptions[]): Bundle[] {
  const startedAt = Date.now();
  let result: Built;
  try {
    result = esbuild(batch[0], { entryPoints: batch.map((options) => entryPoint(options)) });
  } catch (error) {
    if (batch.length === 1) throw error;
    // Build the requested entry alone: its own error, if any, is the one to report, and a broken handler that
    // nothing deploys must not fail the synth. The others are built when a function asks for them.
    return buildBundles([batch[0]]);
  }
  return batch.map((options) => {
    let built = result;
    let files = outputOf(result, options);
    if (Buffer.from(files[BUNDLE_FILE]).includes("Dynamic require of")) {
      built = esbuild(options, { banner: { js: REQUIRE_BANNER } });
      files = outputOf(built, options);
    }
    return writeBundle(options, files, inputsOf(built, options.entry), startedAt);
  });
}

/** The installed esbuild's version, from its package.json (loading esbuild itself costs more). */
function esbuildVersion(): string {
  return (require("esbuild/package.json") as { version: string }).version;
}

function esbuild(options: BundleOptions, overrides: BuildOptions): Built {
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  try {
    return buildSync({ ...esbuildOptions(options), ...overrides }) as Built;
  } catch (error) {
    const detail = (error as { errors?: Message[] }).errors?.map((e) => e.text).join("; ") ?? String(error);
    throw new Error(`bundling the Lambda entry "${options.entry}" failed: ${detail}`);
  }
}

/** The bundle (and its map, when asked for) of one entry of a build, under their names in the zip. */
function outputOf(result: Built, options: BundleOptions): Record<string, Uint8Array> {
  const folder = join(options.root, OUT_DIR, zipName(options.entry, options.handlersDir));
  const code = result.outputFiles.find((file) => file.path === join(folder, BUNDLE_FILE));
  const map = result.outputFiles.find((file) => file.path === join(folder, `${BUNDLE_FILE}.map`));
  if (!code || (options.sourceMap === true && !map))
    throw new Error(`esbuild wrote no bundle for the Lambda entry "${options.entry}"`);
  return { [BUNDLE_FILE]: code.contents, ...(map ? { [`${BUNDLE_FILE}.map`]: map.contents } : {}) };
}

/** Every file esbuild read for `entry`: its import graph in the build's metafile. */
function inputsOf(result: Built, entry: string): string[] {
  const { inputs } = result.metafile;
  const seen = new Set<string>([entry]);
  for (const file of seen)
    for (const { path } of inputs[file]?.imports ?? []) if (inputs[path]) seen.add(path);
  return [...seen].sort();
}

function writeBundle(
  options: BundleOptions,
  files: Record<string, Uint8Array>,
  inputs: string[],
  startedAt: number,
): Bundle {
  const zip = deterministicZip(files);
  const digest = createHash("sha256").update(zip).digest();
  const zipHex = digest.toString("hex");
  // Named by content and entry only: the file name ends up in the synthesized JSON, so nothing
  // machine-specific (such as the cache key, which includes the absolute project path) may appear in it.
  const zipDir = join(cacheDirOf(options), zipHex.slice(0, 32));
  const zipPath = join(zipDir, `${zipName(options.entry, options.handlersDir)}.zip`);
  mkdirSync(zipDir, { recursive: true });
  writeFileSync(zipPath, zip);
  const bundle: Bundle = {
    zipPath,
    sha256Base64: digest.toString("base64"),
    sha256Hex: zipHex,
    zipBytes: zip.byteLength,
    bundleBytes: files[BUNDLE_FILE].byteLength,
    handler: "index.handler",
  };
  // A source saved while esbuild ran may or may not be in this bundle: no manifest, so the next synth rebuilds.
  const savedDuringBuild = inputs.some(
    (input) => (statSync(resolve(options.root, input), { throwIfNoEntry: false })?.mtimeMs ?? 0) >= startedAt,
  );
  if (!savedDuringBuild) {
    writeFileSync(
      manifestPathOf(options, cacheKey(options)),
      JSON.stringify({ bundle, inputs: fingerprint(inputs, options.root) }),
    );
  }
  return bundle;
}

/**
 * A zip whose bytes depend only on the file names and contents. fflate (pure JS, pinned by the lockfile)
 * rather than node:zlib, whose output changes with the zlib build each Node release bundles. Level 6, not 9:
 * about a fifth less CPU per zip for 0.6 % more bytes.
 */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const entries = Object.keys(files)
    .sort()
    .map((name): [string, Zippable[string]] => [
      name,
      [files[name], { mtime: ZIP_EPOCH, os: 3, attrs: REGULAR_FILE_0644, level: 6 }],
    ]);
  const { zipSync } = require("fflate") as typeof import("fflate");
  return zipSync(Object.fromEntries(entries));
}

/**
 * The zip's name from the entry's path inside `handlersDir`: with `lambdas`, `lambdas/items/index.ts` gives
 * `items` and `lambdas/websocket/connect.ts` gives `websocket-connect`.
 */
export function zipName(entry: string, handlersDir?: string): string {
  const inside =
    handlersDir !== undefined && entry.replace(/^\.\//, "").startsWith(`${handlersDir}/`)
      ? entry.replace(/^\.\//, "").slice(handlersDir.length + 1)
      : entry.replace(/^\.\//, "");
  return inside.replace(/(\/index)?\.[cm]?[jt]s$/, "").replace(/[^A-Za-z0-9_-]+/g, "-");
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Size and modification time of each project input, and of npm's record of the installed packages in place of
 * the (hundreds of) inputs under node_modules: any edit or install changes one of them.
 */
function fingerprint(inputs: string[], root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const own = inputs.filter((input) => !input.includes("node_modules/"));
  const usesPackages = own.length < inputs.length;
  for (const input of usesPackages ? [...own, INSTALLED_PACKAGES] : own) {
    const stat = statSync(resolve(root, input), { throwIfNoEntry: false });
    result[input] = stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
  }
  return result;
}

/** npm rewrites this file on every install, update or removal of a package. */
const INSTALLED_PACKAGES = "node_modules/.package-lock.json";

function readManifest(manifestPath: string, root: string): Bundle | undefined {
  if (!existsSync(manifestPath)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      bundle: Bundle;
      inputs: Record<string, string>;
    };
    if (!existsSync(manifest.bundle.zipPath)) return undefined;
    const current = fingerprint(Object.keys(manifest.inputs), root);
    const unchanged = Object.entries(manifest.inputs).every(([input, print]) => current[input] === print);
    return unchanged ? manifest.bundle : undefined;
  } catch {
    return undefined; // a corrupt cache entry is rebuilt
  }
}

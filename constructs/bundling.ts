import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type BuildOptions,
  type BuildResult,
  buildSync,
  version as esbuildVersion,
  type Message,
} from "esbuild";
import { type Zippable, zipSync } from "fflate";

/**
 * The one place that bundles Lambda code: esbuild (in-process API) into a single ESM file plus its source
 * map, packed into a deterministic zip.
 *
 * Output format and AWS SDK v3: ESM (`index.mjs`) with the SDK bundled from its module entry points.
 * Measured for the items handler (DynamoDB document client), fresh Node process, import the bundle and
 * answer one event, median of 9 runs on the 2-core project machine:
 *
 * | variant                         | index size | cold init |
 * |---------------------------------|-----------:|----------:|
 * | ESM, SDK bundled (chosen)       |     359 KB |     79 ms |
 * | CommonJS, SDK bundled           |     562 KB |    344 ms |
 * | ESM, SDK external (from disk)   |      14 KB |    259 ms |
 *
 * Bundling lets esbuild tree-shake the SDK and load it as one file instead of hundreds of modules, and it pins
 * the SDK version we test instead of whatever the nodejs22.x runtime ships that month.
 *
 * Determinism: entries are sorted, timestamps fixed to 1980-01-01 (the zip epoch) in local time so the DOS
 * fields are the same in every time zone, permissions fixed to 0644, and esbuild writes relative source paths.
 */

export interface BundleOptions {
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
    entryPoints: [`./${options.entry}`],
    outfile: join(".bundle", BUNDLE_FILE),
    bundle: true,
    write: false,
    minify: true,
    sourcemap: "linked",
    sourcesContent: false,
    platform: "node",
    target: "node22",
    format: "esm",
    mainFields: ["module", "main"],
    // Paths in the source map stay as seen from the project, even when node_modules is a symlink.
    preserveSymlinks: true,
    external: [...(options.external ?? [])],
    legalComments: "none",
    metafile: true,
    logLevel: "silent",
  };
}

/**
 * ESM output keeps a CommonJS dependency's require() calls behind a shim that throws "Dynamic require of ...".
 * Only such bundles get a real `require` (importing node:module costs about 2 ms of every cold start).
 */
const REQUIRE_BANNER = 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);';

function needsRequire(result: BuildResult<{ write: false; metafile: true }>): boolean {
  return result.outputFiles.some(
    (file) => !file.path.endsWith(".map") && file.text.includes("Dynamic require of"),
  );
}

/** Bundles built or found in this process, by cache key: stacks that share a handler bundle it once. */
const bundlesThisProcess = new Map<string, Bundle>();

/**
 * Bundles and zips `entry`, or reuses a bundle: one made earlier in this process, or (unless `useCache` is
 * false) the cached zip of an earlier run when none of its input files changed.
 */
export function bundleFunction(options: BundleOptions): Bundle {
  const key = cacheKey(options);
  const known = bundlesThisProcess.get(key);
  if (known) return known;
  const cached =
    options.useCache === false ? undefined : readManifest(manifestPathOf(options, key), options.root);
  const bundle = cached ?? buildBundle(options);
  bundlesThisProcess.set(key, bundle);
  return bundle;
}

function cacheDirOf(options: BundleOptions): string {
  return join(options.root, "node_modules", ".cache", "apigw-stacks", "bundles");
}

function cacheKey(options: BundleOptions): string {
  return sha256Hex(JSON.stringify({ esbuildVersion, ...esbuildOptions(options) })).slice(0, 24);
}

function manifestPathOf(options: BundleOptions, key: string): string {
  return join(cacheDirOf(options), `${key}.json`);
}

/** Always bundles (no reuse), writes the zip and its cache manifest, and returns the bundle. */
export function buildBundle(options: BundleOptions): Bundle {
  const cacheDir = cacheDirOf(options);
  const buildOptions = esbuildOptions(options);
  let result: BuildResult<{ write: false; metafile: true }>;
  try {
    result = buildSync(buildOptions) as typeof result;
    if (needsRequire(result))
      result = buildSync({ ...buildOptions, banner: { js: REQUIRE_BANNER } }) as typeof result;
  } catch (error) {
    const detail = (error as { errors?: Message[] }).errors?.map((e) => e.text).join("; ") ?? String(error);
    throw new Error(`bundling the Lambda entry "${options.entry}" failed: ${detail}`);
  }
  const files = Object.fromEntries(
    result.outputFiles.map((file) => [
      file.path.endsWith(".map") ? `${BUNDLE_FILE}.map` : BUNDLE_FILE,
      file.contents,
    ]),
  );
  const zip = deterministicZip(files);
  const zipHex = sha256Hex(zip);
  // Named by content and entry only: the file name ends up in the synthesized JSON, so nothing
  // machine-specific (such as the cache key, which includes the absolute project path) may appear in it.
  const zipDir = join(cacheDir, zipHex.slice(0, 32));
  const zipPath = join(zipDir, `${zipName(options.entry)}.zip`);
  mkdirSync(zipDir, { recursive: true });
  writeFileSync(zipPath, zip);
  const bundle: Bundle = {
    zipPath,
    sha256Base64: createHash("sha256").update(zip).digest("base64"),
    sha256Hex: zipHex,
    zipBytes: zip.byteLength,
    bundleBytes: files[BUNDLE_FILE].byteLength,
    handler: "index.handler",
  };
  const inputs = Object.keys(result.metafile.inputs).sort();
  writeFileSync(
    manifestPathOf(options, cacheKey(options)),
    JSON.stringify({ bundle, inputs: fingerprint(inputs, options.root) }),
  );
  return bundle;
}

/** A zip whose bytes depend only on the file names and contents. */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const entries = Object.keys(files)
    .sort()
    .map((name): [string, Zippable[string]] => [
      name,
      [files[name], { mtime: ZIP_EPOCH, os: 3, attrs: REGULAR_FILE_0644, level: 9 }],
    ]);
  return zipSync(Object.fromEntries(entries));
}

/** `lambdas/items/index.ts` gives `items`; `lambdas/websocket/connect.ts` gives `websocket-connect`. */
function zipName(entry: string): string {
  return entry
    .replace(/^(\.\/)?lambdas\//, "")
    .replace(/(\/index)?\.[cm]?[jt]s$/, "")
    .replace(/[^A-Za-z0-9_-]+/g, "-");
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

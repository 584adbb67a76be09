#!/usr/bin/env node
// The cdktf app command. Runs main.ts without type checking (a type-checking runner would add seconds to every
// synth; type checking is `npm run typecheck`), one of two ways:
// - bundled (the default): esbuild bundles main.ts with everything it imports, cdktf and the provider bindings
//   included, into dist/app.bundle.js, rebuilt only when one of its input files changed. One file instead of
//   500 modules saves their resolution and loading; the bundle runs from a V8 code cache kept beside it, so
//   V8 does not compile it again either. Rebuilding takes about a second, once after an edit. In the bundle,
//   cdktf records no creation stack trace for its tokens (see WITHOUT_TOKEN_CREATION_STACKS).
// - file by file, when Node runs with --enable-source-maps: dist/main.js, so stack traces point into the
//   TypeScript through the inline source maps, and cdktf runs as installed.
// Either way, dist/ is kept transpiled file by file for the gateway, the docs and the benchmark: `transpile`
// skips files whose source is unchanged since the last run (by content hash; a file whose size and
// modification time are those of the last run is not even read).
const { createHash } = require("node:crypto");
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

const root = join(__dirname, "..");
const dist = join(root, "dist");
const SOURCE_DIRS = ["config", "constructs", "stacks", "lambdas", "local"];
const MANIFEST = join(dist, ".transpiled.json");

function typescriptFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(MANIFEST, "utf8"));
  } catch {
    return {};
  }
}

/**
 * A source file's content hash, size and modification time. The hash is taken from the last run's entry when
 * size and modification time are unchanged (an edit changes the time), else computed from the content.
 */
function sourceState(file, last) {
  const { size, mtimeMs } = statSync(join(root, file));
  if (last && last.size === size && last.mtimeMs === mtimeMs) return last;
  const hash = createHash("sha256")
    .update(readFileSync(join(root, file)))
    .digest("hex");
  return { hash, size, mtimeMs };
}

/**
 * Transpiles every changed source file into dist/, keeping the folder layout: the whole app by default, or
 * only the given folders (the local gateway alone, for `npm start -- --no-synth`). Output of sources that no
 * longer exist is removed, so a deleted module cannot be loaded from a stale dist/.
 */
function transpile(dirs = ["main.ts", ...SOURCE_DIRS]) {
  const sources = dirs
    .filter((dir) => existsSync(join(root, dir)))
    .flatMap((dir) => (dir.endsWith(".ts") ? [dir] : typescriptFiles(dir)));
  const previous = readManifest();
  const current = Object.fromEntries(sources.map((file) => [file, sourceState(file, previous[file])]));
  let removed = false;
  for (const file of Object.keys(previous)) {
    if (!existsSync(join(root, file))) {
      rmSync(join(dist, file.replace(/\.ts$/, ".js")), { force: true });
      delete previous[file];
      removed = true;
    }
  }
  const changed = sources.filter(
    (file) =>
      previous[file]?.hash !== current[file].hash || !existsSync(join(dist, file.replace(/\.ts$/, ".js"))),
  );
  const touched = sources.some((file) => previous[file]?.mtimeMs !== current[file].mtimeMs);
  if (changed.length === 0) {
    if (removed || touched) writeFileSync(MANIFEST, JSON.stringify({ ...previous, ...current }));
    return;
  }
  require("esbuild").buildSync({
    absWorkingDir: root,
    entryPoints: changed,
    outdir: dist,
    outbase: root,
    bundle: false,
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
  });
  writeFileSync(MANIFEST, JSON.stringify({ ...previous, ...current }));
}

const BUNDLE = join(dist, "app.bundle.js");
const BUNDLE_MANIFEST = join(dist, "app.bundle.json");
const BUNDLE_ID_PREFIX = "// bundle ";
/** Inputs of the bundle that esbuild does not list: its options (this file) and its own version. */
const BUILD_INPUTS = ["scripts/app.js", "tsconfig.json", "node_modules/esbuild/package.json"];

/** [size, modification time] of each file, by path relative to the root; null for a missing file. */
function fileStates(paths) {
  return Object.fromEntries(
    paths.map((path) => {
      try {
        const { size, mtimeMs } = statSync(join(root, path));
        return [path, [size, mtimeMs]];
      } catch {
        return [path, null];
      }
    }),
  );
}

/** Writes through a temporary file, so a synth running beside this one never reads half a file. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * cdktf captures a full stack trace for every token it creates (1,700 per synth: every Lazy, Reference and Fn
 * call), only to decorate a resolve error with where the token was made. It has no switch for that, and the
 * capture is a sixth of a bundled synth's CPU time. In the bundle, its capturing function returns the empty
 * trace it returns when V8 gives none; nothing else changes (the output is byte-identical). A synth run with
 * --enable-source-maps loads cdktf as installed, creation stacks included, for debugging a resolve error.
 */
const WITHOUT_TOKEN_CREATION_STACKS = {
  name: "without-token-creation-stacks",
  setup(build) {
    build.onLoad(
      { filter: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ },
      () => ({
        contents: "exports.captureStackTrace = function noTokenCreationStack() { return []; };",
        loader: "js",
      }),
    );
  },
};

/** The hash of the bundle on disk if no file it was built from changed (size or modification time), else undefined. */
function currentBundle() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(BUNDLE_MANIFEST, "utf8"));
  } catch {
    return undefined;
  }
  if (!existsSync(BUNDLE)) return undefined;
  const now = fileStates(Object.keys(manifest.inputs));
  const unchanged = Object.entries(manifest.inputs).every(
    ([path, state]) => String(now[path]) === String(state),
  );
  return unchanged ? manifest.hash : undefined;
}

/** Builds the bundle and records what it was built from. Resolves to its content hash, which names its code cache. */
async function buildBundle() {
  const result = await require("esbuild").build({
    absWorkingDir: root,
    entryPoints: ["main.ts"],
    outfile: BUNDLE,
    bundle: true,
    // esbuild finds its own binary from its package folder: it stays a require() of node_modules.
    external: ["esbuild"],
    format: "cjs",
    platform: "node",
    target: "node20",
    plugins: [WITHOUT_TOKEN_CREATION_STACKS],
    metafile: true,
    write: false,
    logLevel: "error",
  });
  const code = result.outputFiles[0].text;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  mkdirSync(dist, { recursive: true });
  for (const file of readdirSync(dist).filter((name) => name.endsWith(".v8cache"))) rmSync(join(dist, file));
  // The bundle names its own code cache in its first line: a synth reading it while another rebuilds it gets
  // the cache of the very bytes it read (V8 checks a cache against the source's length only).
  writeAtomically(BUNDLE, `${BUNDLE_ID_PREFIX}${hash}\n${code}`);
  const inputs = fileStates([...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]);
  writeAtomically(BUNDLE_MANIFEST, JSON.stringify({ hash, inputs }));
  return hash;
}

/** The up-to-date bundle's hash, building it first if needed. */
async function appBundle() {
  return currentBundle() ?? (await buildBundle());
}

/**
 * Runs the bundle as a CommonJS module compiled with V8's code cache for it. The cache is written on the first
 * run (after it, so it holds the functions the synth compiled too), and again if V8 rejects it.
 */
function runBundle() {
  const source = readFileSync(BUNDLE, "utf8");
  const cacheFile = join(
    dist,
    `app.bundle.${source.slice(BUNDLE_ID_PREFIX.length, source.indexOf("\n"))}.v8cache`,
  );
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  const script = new Script(wrap(source), { filename: BUNDLE, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once("exit", () => writeAtomically(cacheFile, script.createCachedData()));
  }
  const bundleModule = { exports: {}, filename: BUNDLE, id: BUNDLE };
  const run = script.runInThisContext();
  run(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, dirname(BUNDLE));
}

module.exports = { transpile, root, appBundle, BUNDLE, BUNDLE_MANIFEST };

if (require.main === module) {
  if (process.sourceMapsEnabled) {
    transpile();
    process.chdir(root);
    require(join(dist, "main.js"));
  } else {
    const run = () => {
      // dist/ stays current too: the gateway, the docs and the benchmark run from it (`npm start` transpiles only
      // local/, which imports stacks/diagram).
      transpile();
      process.chdir(root);
      runBundle();
    };
    if (currentBundle()) run();
    else
      buildBundle()
        .then(run)
        .catch((error) => {
          console.error(error);
          process.exit(1);
        });
  }
}

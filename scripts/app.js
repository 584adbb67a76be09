#!/usr/bin/env node
// The cdktf app command. Transpiles the app's TypeScript file by file into dist/ (esbuild, no type check,
// no bundling) and runs dist/main.js. A type-checking runner would add seconds to every synth; type checking
// is `npm run typecheck`. Files whose source is unchanged since the last run (by content hash) are skipped, so
// a synth after no edit does not start esbuild at all; a file whose size and modification time are those of the
// last run is not even read.
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const root = join(__dirname, "..");
const dist = join(root, "dist");
const SOURCE_DIRS = ["api", "tfjson", "diagrams", "config", "constructs", "stacks", "lambdas", "local"];
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

/**
 * The cdktf CLI reads `cdktf.json` in the folder it runs in and hands its `context` to the app as
 * CDKTF_CONTEXT_JSON (replacing any such variable). Run directly (`npm run synth`, `npm start`, the pipeline),
 * the app gets the same context the same way, so every path synthesizes the same output. The CLI marks its
 * own runs with CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS; those already carry the context.
 */
function passCdktfJsonContext(env = process.env, cwd = process.cwd()) {
  if (env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined) return;
  const file = existsSync(join(cwd, "cdktf.json")) ? join(cwd, "cdktf.json") : join(root, "cdktf.json");
  const { context } = JSON.parse(readFileSync(file, "utf8"));
  if (context) env.CDKTF_CONTEXT_JSON = JSON.stringify(context);
}

/** Synthesizes: what `node scripts/app.js [--stack <id>...]` does (process.argv carries the arguments). */
function run() {
  passCdktfJsonContext();
  // The CLI passes the output folder relative to where it runs; the app runs from the project root.
  if (process.env.CDKTF_OUTDIR) process.env.CDKTF_OUTDIR = resolve(process.env.CDKTF_OUTDIR);
  try {
    transpile();
  } catch (error) {
    // esbuild has printed the error with its file and line; its stack trace would only bury it.
    if (!Array.isArray(error.errors)) throw error;
    process.exit(1);
  }
  process.chdir(root);
  require(join(dist, "main.js"));
}

module.exports = { transpile, root, passCdktfJsonContext, run };

if (require.main === module) run();

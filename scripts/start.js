#!/usr/bin/env node
// `npm start`: synthesizes the stacks (node scripts/app.js, in a child process so the cdktf app's memory is
// not kept), then runs the transpiled local gateway from dist/local (local/cli.ts). `--no-synth` serves the
// output folder as it is; `--watch` synthesizes again on every save under the app's sources and reloads.
//
// Where the synth writes: cdktf.out (or CDKTF_OUTDIR) when it is the app's plain synth, the same bytes
// `npm run synth` writes. A synth of only some stacks (`--stack`) or with source maps (`--inspect`) goes to
// dist/cdktf.out instead, so cdktf.out never holds a partial or debug build that a deploy could pick up.
//
// `npm start` runs it with --max-semi-space-size=1: under load V8 grows the main thread's young generation to
// 48 MB, while the gateway's per-request garbage dies young; capped, the gateway serving all five stacks uses
// about 30 MB less (measured by `npm run bench`), for a CPU cost within the benchmark's noise.
const { fork, spawn } = require("node:child_process");
const { existsSync, statSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { root, transpile } = require("./app");

/** What the app is built from: a save under any of these synthesizes again (`--watch`). */
const SOURCES = ["lambdas", "stacks", "constructs", "config", "api", "tfjson", "main.ts", "cdktf.json"];

/** npm rewrites this file on every install: a standby that loaded packages before it changed is stale. */
const INSTALLED = join(root, "node_modules", ".package-lock.json");
const installedAt = () => statSync(INSTALLED, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/**
 * The synths of `--watch` run in scripts/synth-standby.js: the next one is started (and loads the packages the
 * last one used) shortly after each synth, off the path from a save to the new answer.
 */
let standby;
let preload = [];
function startStandby() {
  const child = fork(join(__dirname, "synth-standby.js"), [], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.send({ preload });
  standby = { child, installedAt: installedAt() };
}

function synthInStandby(args, env) {
  if (!standby || standby.installedAt !== installedAt() || standby.child.exitCode !== null) {
    standby?.child.kill();
    preload = [];
    startStandby();
  }
  const { child } = standby;
  standby = undefined;
  return new Promise((done) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("message", (message) => {
      if (message.loaded) preload = message.loaded;
    });
    child.on("exit", (code) => {
      done({ ok: code === 0, exitCode: code ?? 1, output });
      // The next one loads while the gateway reloads and idles; not while this synth ran.
      setTimeout(() => standby ?? startStandby(), 200).unref();
    });
    child.send({ go: { args, env } });
  });
}

/** The project as local/cli.ts sees it (its `Project`). */
const project = {
  sources: SOURCES.map((path) => join(root, path)).filter((path) => existsSync(path)),
  outdir({ stacks, sourceMaps }) {
    if (stacks.length > 0 || sourceMaps) return join(root, "dist", "cdktf.out");
    return resolve(process.env.CDKTF_OUTDIR ?? join(root, "cdktf.out"));
  },
  synth({ stacks, sourceMaps, outdir, quiet }) {
    const stackArgs = stacks.length > 0 ? ["--stack", stacks.join(",")] : [];
    const own = { CDKTF_OUTDIR: outdir, ...(sourceMaps ? { APIGW_LAMBDA_SOURCE_MAPS: "true" } : {}) };
    if (quiet) return synthInStandby(stackArgs, own);
    const args = [join(__dirname, "app.js"), ...stackArgs];
    const env = { ...process.env, ...own };
    return new Promise((done) => {
      const child = spawn(process.execPath, args, {
        cwd: root,
        env,
        stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      });
      let output = "";
      child.stdout?.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr?.on("data", (chunk) => {
        output += chunk;
      });
      child.on("error", (error) => done({ ok: false, exitCode: 1, output: `${output}${error.message}\n` }));
      child.on("close", (code) => done({ ok: code === 0, exitCode: code ?? 1, output }));
    });
  },
};

// The gateway and what it imports (tfjson/ to read the synthesized stacks, diagrams/ for the console's diagrams).
transpile();
// esbuild's synchronous API runs in a worker thread that it keeps: stopped, the gateway's process holds only
// function instances (a debugger attached with --inspect lists every thread).
if (require.cache[require.resolve("esbuild")]) require("esbuild").stop();
process.chdir(root);
require(join(root, "dist", "local", "cli.js"))
  .main(process.argv.slice(2), project)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

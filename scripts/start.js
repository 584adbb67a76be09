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
const { spawn } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { root, transpile } = require("./app");

/** What the app is built from: a save under any of these synthesizes again (`--watch`). */
const SOURCES = ["lambdas", "stacks", "constructs", "config", "api", "main.ts", "cdktf.json"];

/** The project as local/cli.ts sees it (its `Project`). */
const project = {
  sources: SOURCES.map((path) => join(root, path)).filter((path) => existsSync(path)),
  outdir({ stacks, sourceMaps }) {
    if (stacks.length > 0 || sourceMaps) return join(root, "dist", "cdktf.out");
    return resolve(process.env.CDKTF_OUTDIR ?? join(root, "cdktf.out"));
  },
  synth({ stacks, sourceMaps, outdir, quiet }) {
    const args = [join(__dirname, "app.js"), ...(stacks.length > 0 ? ["--stack", stacks.join(",")] : [])];
    const env = {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      ...(sourceMaps ? { APIGW_LAMBDA_SOURCE_MAPS: "true" } : {}),
    };
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

// The gateway and what it imports of the app (the console draws the stacks' diagrams with stacks/diagram.ts).
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

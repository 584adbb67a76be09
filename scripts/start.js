#!/usr/bin/env node
// `npm start`: synthesizes every stack (node scripts/app.js, in a child process so the cdktf app's memory is
// not kept), then runs the transpiled local gateway from dist/local. `--no-synth` serves cdktf.out as it is
// and transpiles only local/.
const { spawnSync } = require("node:child_process");
const { readdirSync } = require("node:fs");
const { join } = require("node:path");
const { buildSync } = require("esbuild");
const { root } = require("./app");

function typescriptFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The gateway alone, transpiled like scripts/app.js does for the whole app. */
function transpileGateway() {
  buildSync({
    absWorkingDir: root,
    entryPoints: typescriptFiles("local"),
    outdir: join(root, "dist"),
    outbase: root,
    bundle: false,
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
  });
}

const args = process.argv.slice(2);
if (!args.includes("--no-synth")) {
  const synth = spawnSync(process.execPath, [join(__dirname, "app.js")], { cwd: root, stdio: "inherit" });
  if (synth.status !== 0) {
    console.error("synth failed: the gateway serves the synthesized stacks, so it cannot start");
    process.exit(synth.status ?? 1);
  }
}
transpileGateway();
process.chdir(root);
require(join(root, "dist", "local", "cli.js"))
  .main(args)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

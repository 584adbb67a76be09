#!/usr/bin/env node
// `npm start`: synthesizes every stack (node scripts/app.js, in a child process so the cdktf app's memory is
// not kept), then runs the transpiled local gateway from dist/local. `--no-synth` serves cdktf.out as it is
// and transpiles only local/.
// `npm start` runs it with --max-semi-space-size=1: under load V8 grows the main thread's young generation to
// 48 MB, while the gateway's per-request garbage dies young; capped, the gateway serving all five stacks uses
// about 30 MB less (measured by `npm run bench`), for a CPU cost within the benchmark's noise.
const { spawnSync } = require("node:child_process");
const { join } = require("node:path");
const { root, transpile } = require("./app");

const args = process.argv.slice(2);
if (!args.includes("--no-synth")) {
  const synth = spawnSync(process.execPath, [join(__dirname, "app.js")], { cwd: root, stdio: "inherit" });
  if (synth.status !== 0) {
    console.error("synth failed: the gateway serves the synthesized stacks, so it cannot start");
    process.exit(synth.status ?? 1);
  }
}
transpile(["local"]);
process.chdir(root);
require(join(root, "dist", "local", "cli.js"))
  .main(args)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

#!/usr/bin/env node
// The cdktf app command. Transpiles the app's TypeScript file by file into dist/ (esbuild, no type check,
// no bundling: tens of milliseconds) and runs dist/main.js. A type-checking runner would add seconds to every
// synth; type checking is `npm run typecheck`.
const { readdirSync } = require("node:fs");
const { join } = require("node:path");
const { buildSync } = require("esbuild");

const root = join(__dirname, "..");
const SOURCE_DIRS = ["config", "constructs", "stacks", "lambdas", "local"];

function typescriptFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Transpiles every app source file into dist/, keeping the folder layout. */
function transpile() {
  const entryPoints = ["main.ts", ...SOURCE_DIRS.flatMap(typescriptFiles)];
  buildSync({
    absWorkingDir: root,
    entryPoints,
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

module.exports = { transpile, root };

if (require.main === module) {
  transpile();
  process.chdir(root);
  require(join(root, "dist", "main.js"));
}

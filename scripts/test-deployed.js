#!/usr/bin/env node
// `npm run test:deployed -- <stack> [--outputs-file <file>]`: runs the acceptance cases (acceptance/) against
// a deployed stack. Transpiles the TypeScript it needs into dist/ the way the app command does (esbuild, no
// type check), then runs dist/acceptance/main.js. Never part of `npm test`, which runs the same cases against
// the local gateway (test/acceptance/).
const { join } = require("node:path");
const { root, transpile } = require("./app");

transpile(["acceptance", "stacks", "lambdas"]);
require(join(root, "dist", "acceptance", "main.js"))
  .main(process.argv.slice(2), process.env, { out: console.log, err: console.error }, process.cwd())
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });

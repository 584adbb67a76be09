// Runs a script in this process and reports, on exit, its wall time and peak memory as one JSON line on fd 3.
// Usage: node bench/measure.js <script> [args...]   (the benchmark spawns this once per sample)
const { writeSync } = require("node:fs");
const { resolve } = require("node:path");

const started = performance.now();
process.on("exit", () => {
  const report = { ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  writeSync(3, `${JSON.stringify(report)}\n`);
});
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(script), ...args];
// As the main module, so the script sees require.main === module exactly as when node runs it directly.
require("node:module").runMain();

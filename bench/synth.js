// Synth figures: the full app (warm bundle cache and cold), the same app importing the provider root, and the
// one-resource floor. Each sample is a fresh process, as `cdktf synth` runs the app.
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { runMeasured } = require("./spawn");
const { summarize } = require("./stats");

const root = join(__dirname, "..");

async function sample(script, env, runs) {
  const times = [];
  const memory = [];
  for (let i = 0; i < runs; i++) {
    const outdir = mkdtempSync(join(tmpdir(), "apigw-bench-synth-"));
    const report = await runMeasured([join(__dirname, "measure.js"), join(root, script)], {
      CDKTF_OUTDIR: outdir,
      ...env,
    });
    rmSync(outdir, { recursive: true, force: true });
    times.push(report.ms);
    memory.push(report.maxRssMb);
  }
  return { ms: summarize(times), maxRssMb: summarize(memory) };
}

async function benchSynth(runs) {
  // Fills the caches a warm synth uses: the Lambda bundles, the transpiled app in dist/, the OS file cache.
  await sample("scripts/app.js", {}, 1);
  const warm = await sample("scripts/app.js", {}, runs);
  const cold = await sample("scripts/app.js", { APIGW_BUNDLE_CACHE: "false" }, runs);
  const rootImport = await sample("bench/root-import-app.js", {}, Math.max(3, Math.ceil(runs / 2)));
  const floor = await sample("bench/floor-app.js", {}, runs);
  return {
    warm,
    cold,
    rootImport,
    floor,
    warmOverFloor: warm.ms.median / floor.ms.median,
    rootImportOverWarm: rootImport.ms.median / warm.ms.median,
  };
}

module.exports = { benchSynth };

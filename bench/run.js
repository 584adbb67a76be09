#!/usr/bin/env node
// `npm run bench`: measures synth, Lambda artifacts, the local gateway (when present) and the test suite,
// prints a table with each figure against its target, and writes the figures to dist/bench/results.json
// (untracked). `--record` writes them to bench/results.json instead: the committed figures the README quotes,
// so only a full run may (no --only, no --skip-tests).
// Options: --runs <n> (samples per figure, default 7), --skip-tests,
// --only synth|artifacts|gateway|isolation|reload|tests,
// --gateway-seconds <n> (each load run, default 10), --long-seconds <n> (the decay run, default 60), --record.
const { execFileSync } = require("node:child_process");
const { cpus, totalmem, release } = require("node:os");
const { existsSync, mkdirSync, writeFileSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");
const { transpile } = require("../scripts/app.js");
const { benchSynth } = require("./synth");
const { benchArtifacts } = require("./artifacts");
const { benchIsolation } = require("./isolation");
const { benchReload } = require("./reload");

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const runs = Number(option("--runs") ?? 7);
const only = option("--only");
const wanted = (part) => !only || only === part;
const record = args.includes("--record");
const root = join(__dirname, "..");
const outFile = record ? join(__dirname, "results.json") : join(root, "dist", "bench", "results.json");
if (record && (only || args.includes("--skip-tests"))) {
  console.error("--record replaces the committed figures: run every part (no --only, no --skip-tests)");
  process.exit(2);
}

const fmt = (n, digits = 1) => (typeof n === "number" ? n.toFixed(digits) : "-");
const rows = [];
const row = (figure, value, target, met) =>
  rows.push({ figure, value, target, verdict: met === undefined ? "" : met ? "met" : "MISSED" });

async function main() {
  transpile();
  const results = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: totalmem() / 2 ** 30,
      os: release(),
      node: process.version,
    },
    runs,
    date: new Date().toISOString(),
  };

  if (wanted("synth")) {
    const synth = await benchSynth(runs);
    results.synth = synth;
    row(
      "synth, warm bundles (median ms)",
      fmt(synth.warm.ms.median, 0),
      `<= 2.5x floor (${fmt(2.5 * synth.floor.ms.median, 0)})`,
      synth.warmOverFloor <= 2.5,
    );
    row(
      "synth, cold: bundles every function (ms)",
      fmt(synth.cold.ms.median, 0),
      "< 1500",
      synth.cold.ms.median < 1500,
    );
    row(
      "synth peak memory (MB)",
      fmt(Math.max(synth.warm.maxRssMb.median, synth.cold.maxRssMb.median), 0),
      "< 250",
      Math.max(synth.warm.maxRssMb.median, synth.cold.maxRssMb.median) < 250,
    );
    row(
      "root-import baseline (ms, MB)",
      `${fmt(synth.rootImport.ms.median, 0)}, ${fmt(synth.rootImport.maxRssMb.median, 0)}`,
      `>= 4x warm`,
      synth.rootImportOverWarm >= 4,
    );
    row(
      "floor: one-resource app (ms, MB)",
      `${fmt(synth.floor.ms.median, 0)}, ${fmt(synth.floor.maxRssMb.median, 0)}`,
      "",
      undefined,
    );
    row(
      "ratios: warm/floor, root/warm",
      `${fmt(synth.warmOverFloor, 2)}, ${fmt(synth.rootImportOverWarm, 2)}`,
      "<= 2.5, >= 4",
      undefined,
    );
  }

  if (wanted("artifacts")) {
    const artifacts = await benchArtifacts(runs);
    results.artifacts = artifacts;
    row("empty handler cold init (ms)", fmt(artifacts.emptyHandler.initMs.median), "floor", undefined);
    for (const fn of artifacts.functions) {
      const usesSdk = fn.bundleBytes > 100_000;
      const target = usesSdk ? "init < 50 ms" : "< 20 KB, init < 5 ms";
      const met = usesSdk ? fn.initMs.median < 50 : fn.bundleBytes < 20_480 && fn.initMs.median < 5;
      row(
        `${fn.function}: zip / bundle KB, init / first answer ms, warm ms`,
        `${fmt(fn.zipBytes / 1024)} / ${fmt(fn.bundleBytes / 1024)}, ${fmt(fn.initMs.median)} / ${fmt(fn.firstAnswerMs.median)}, ${fmt(fn.warm.medianMs, 3)}`,
        target,
        met,
      );
    }
    row(
      "AWS SDK alone (DynamoDB clients): init ms",
      fmt(artifacts.sdkOnly.initMs.median),
      "share of items init",
      undefined,
    );
    row(
      "items, SDK external (from node_modules): init ms",
      fmt(artifacts.itemsExternalSdk.initMs.median),
      "vs bundled",
      undefined,
    );
    row("items, CommonJS output: init ms", fmt(artifacts.itemsCommonJs.initMs.median), "vs ESM", undefined);
  }

  if (wanted("gateway")) {
    const gatewayBench = join(__dirname, "gateway.js");
    if (existsSync(gatewayBench)) {
      const { benchGateway } = require(gatewayBench);
      const seconds = Number(option("--gateway-seconds") ?? 10);
      results.gateway = await benchGateway(row, fmt, {
        seconds,
        longSeconds: Number(option("--long-seconds") ?? 60),
      });
    }
  }

  if (wanted("isolation")) {
    // Why functions run in worker threads rather than child processes (README, "Run it locally").
    const isolation = await benchIsolation();
    results.isolation = isolation;
    const { worker, child } = isolation;
    row(
      "function isolation, worker thread vs child process: round trip µs",
      `${fmt(worker.roundTripUs, 0)} vs ${fmt(child.roundTripUs, 0)}`,
      "",
      undefined,
    );
    row(
      "  invocations/s, 10 in flight on 2 instances",
      `${fmt(worker.perSecond, 0)} vs ${fmt(child.perSecond, 0)}`,
      "",
      undefined,
    );
    row("  MB per idle instance", `${fmt(worker.memoryMb)} vs ${fmt(child.memoryMb)}`, "", undefined);
  }

  if (wanted("reload")) {
    // The edit loop (README, "Watch and reload"): save a handler -> the new answer.
    const reload = await benchReload(runs);
    results.reload = reload;
    for (const [scope, label] of [
      ["http-api", "--stack http-api"],
      ["all", "every stack"],
    ]) {
      const { reloadMs, restartMs, reloadCpuMs, restartCpuMs } = reload[scope];
      row(
        `save -> new answer, ${label}: --watch reload (median ms; CPU ms)`,
        `${fmt(reloadMs.median, 0)}; ${fmt(reloadCpuMs?.median, 0)}`,
        "< 1500",
        reloadMs.median < 1500,
      );
      row(
        `  the same by a plain restart (median ms; CPU ms)`,
        `${fmt(restartMs.median, 0)}; ${fmt(restartCpuMs?.median, 0)}`,
        "",
        undefined,
      );
      const { freshMs, standbyMs } = reload.synthStandby[scope];
      row(
        `  its synth: from the standby / in a fresh process (median ms)`,
        `${fmt(standbyMs.median, 0)} / ${fmt(freshMs.median, 0)}`,
        "",
        undefined,
      );
    }
  }

  if (wanted("tests") && !args.includes("--skip-tests")) {
    const started = performance.now();
    execFileSync("npx", ["jest", "--silent"], { cwd: join(__dirname, ".."), stdio: "ignore" });
    const seconds = (performance.now() - started) / 1000;
    results.tests = { seconds };
    row("npm test wall time (s)", fmt(seconds), "< 90", seconds < 90);
  }

  const width = (key) => Math.max(key.length, ...rows.map((r) => String(r[key]).length));
  const line = (r) =>
    ["figure", "value", "target", "verdict"].map((key) => String(r[key]).padEnd(width(key))).join("  ");
  console.log(line({ figure: "figure", value: "value", target: "target", verdict: "verdict" }));
  for (const r of rows) console.log(line(r));
  results.table = rows;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${relative(root, outFile)}${record ? " (the committed figures)" : ""}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

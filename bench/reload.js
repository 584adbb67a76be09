// The edit loop: save a handler -> the gateway answers with the new code. `npm start -- --watch` (synthesizes the
// served stacks again, then swaps the function) against a plain restart (stop, `npm start`, first answer). Run
// in a copy of the project (its handler is edited; the repo is not), once serving http-api only (`--stack`) and
// once serving every stack. Each sample changes the greeting of lambdas/hello/index.ts and polls GET /hello
// every 10 ms until the new greeting comes back. Wall time depends on what else the machine runs; the CPU time
// the gateway's process and its synth spent meanwhile (Linux: /proc) does not.
const { execFileSync, fork, spawn } = require("node:child_process");
const {
  cpSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { summarize } = require("./stats");

const root = join(__dirname, "..");
const APP = [
  "api",
  "tfjson",
  "diagrams",
  "config",
  "constructs",
  "stacks",
  "lambdas",
  "local",
  "scripts",
  "main.ts",
  "cdktf.json",
];

/** CPU ms used so far by a process and the children it has waited for (the synths), or undefined off Linux. */
let ticksPerSecond;
function cpuMs(pid) {
  try {
    ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) || 100;
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime, stime, cutime, cstime: fields 14-17 of stat(5), 12-15 after "pid (comm) ".
    const ticks = fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0);
    return (ticks * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** A copy of the app at a fixed place, timestamps kept: the bundle cache stays warm across bench runs. */
function copyProject() {
  const project = join(tmpdir(), "apigw-bench-reload", "project");
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const entry of APP)
    cpSync(join(root, entry), join(project, entry), { recursive: true, preserveTimestamps: true });
  for (const file of ["package.json", "tsconfig.json"]) cpSync(join(root, file), join(project, file));
  symlinkSync(join(root, "node_modules"), join(project, "node_modules"), "dir");
  return project;
}

/** Starts `node scripts/start.js <args>`; resolves once it printed `ready`, with the http-api URL. */
function start(project, args) {
  const child = spawn(process.execPath, ["--max-semi-space-size=1", "scripts/start.js", ...args], {
    cwd: project,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const url = /^http-api\s+http\s+\S+\s+(\S+)$/m.exec(output)?.[1];
      if (url && /^ready /m.test(output)) resolve(url);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return { child, ready, output: () => output };
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Polls GET <url>/hello until its message starts with `greeting`; ms since `since`. */
async function firstAnswer(url, greeting, since, timeoutMs = 180_000) {
  for (;;) {
    try {
      const response = await fetch(`${url}/hello?name=Bench`);
      const body = await response.json();
      if (body.message?.startsWith(greeting)) return performance.now() - since;
    } catch {
      // not listening yet (restart), or mid-swap
    }
    if (performance.now() - since > timeoutMs)
      throw new Error(`no "${greeting}" answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Saves the handler with a new greeting, as an editor does (temporary file renamed over the original). */
function saveGreeting(file, original, greeting) {
  writeFileSync(`${file}.tmp`, original.replace(/Hello, (\$\{name\})!/, `${greeting}, $1!`));
  renameSync(`${file}.tmp`, file);
}

/**
 * What the standby saves: one synth from `go` to exit in scripts/synth-standby.js (packages loaded ahead) against
 * the same synth in a fresh `node scripts/app.js`, alternated, into a scratch folder.
 */
async function benchStandby(project, runs) {
  const env = { CDKTF_OUTDIR: join(tmpdir(), "apigw-bench-reload", "standby-out") };
  const fresh = (args) =>
    new Promise((done) => {
      const started = performance.now();
      const child = spawn(process.execPath, ["scripts/app.js", ...args], {
        cwd: project,
        env: { ...process.env, ...env },
        stdio: "ignore",
      });
      child.on("exit", () => done(performance.now() - started));
    });
  let preload = [];
  const standby = async (args) => {
    const child = fork(join(project, "scripts", "synth-standby.js"), [], { cwd: project, stdio: "ignore" });
    child.on("message", (message) => {
      if (message.loaded) preload = message.loaded;
    });
    child.send({ preload });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // its loading, as between two saves
    return new Promise((done) => {
      const started = performance.now();
      child.on("exit", () => done(performance.now() - started));
      child.send({ go: { args, env } });
    });
  };
  await standby([]); // learns what a synth loads
  const results = {};
  for (const [scope, args] of [
    ["http-api", ["--stack", "http-api"]],
    ["all", []],
  ]) {
    const inFresh = [];
    const inStandby = [];
    for (let run = 0; run < runs; run++) {
      inFresh.push(await fresh(args));
      inStandby.push(await standby(args));
    }
    results[scope] = { freshMs: summarize(inFresh), standbyMs: summarize(inStandby) };
  }
  return results;
}

async function benchReload(runs) {
  const project = copyProject();
  const handler = join(project, "lambdas", "hello", "index.ts");
  const original = readFileSync(handler, "utf8");
  const results = {};
  try {
    for (const [scope, stackArgs] of [
      ["http-api", ["--stack", "http-api"]],
      ["all", []],
    ]) {
      // --watch: one gateway, one save per sample.
      const watching = start(project, ["--watch", "--port", "0", "--quiet", ...stackArgs]);
      const url = await watching.ready;
      const reload = [];
      const reloadCpu = [];
      for (let run = 0; run < runs; run++) {
        const greeting = `Reload${run}`;
        const cpuBefore = cpuMs(watching.child.pid);
        const since = performance.now();
        saveGreeting(handler, original, greeting);
        reload.push(
          await firstAnswer(url, greeting, since).catch((error) => {
            throw new Error(`${error.message}; npm start printed:\n${watching.output()}`);
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 300)); // the reload's last steps (old instances)
        const cpuAfter = cpuMs(watching.child.pid);
        if (cpuBefore !== undefined && cpuAfter !== undefined) reloadCpu.push(cpuAfter - cpuBefore);
      }
      await stop(watching.child);
      // A plain restart: save, then `npm start` until the first answer with the new code.
      const restart = [];
      const restartCpu = [];
      for (let run = 0; run < runs; run++) {
        const greeting = `Restart${run}`;
        const since = performance.now();
        saveGreeting(handler, original, greeting);
        const gateway = start(project, ["--port", "0", "--quiet", ...stackArgs]);
        const restartedUrl = await gateway.ready;
        restart.push(await firstAnswer(restartedUrl, greeting, since));
        const cpu = cpuMs(gateway.child.pid);
        if (cpu !== undefined) restartCpu.push(cpu);
        await stop(gateway.child);
      }
      results[scope] = {
        reloadMs: summarize(reload),
        restartMs: summarize(restart),
        ...(reloadCpu.length > 0
          ? { reloadCpuMs: summarize(reloadCpu), restartCpuMs: summarize(restartCpu) }
          : {}),
      };
    }
    results.synthStandby = await benchStandby(project, runs);
  } finally {
    writeFileSync(handler, original);
  }
  return results;
}

module.exports = { benchReload };

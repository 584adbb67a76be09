#!/usr/bin/env node
// `npm run check:fork`: proves that a fork can trim the app and add to it without editing tests. In a temporary
// copy of the repo (never in the repo itself) it makes the edits a fork makes (then `npm run docs`, which
// regenerates the READMEs' generated parts), runs the checks .ci/run runs there (typecheck, lint, npm test,
// npm start answering a client) and prints which test suites fail.
//
//   node scripts/check-fork.js                          keep only the first registered stack (http-api in the
//                                                       app as it ships) and add GET /status (CI's fork)
//   node scripts/check-fork.js --only rest-edge         keep only that stack in stacks/all-stacks.ts
//   node scripts/check-fork.js --add-route              add GET /status with its function and that function's test
//   node scripts/check-fork.js --only websocket --add-route
//   node scripts/check-fork.js --each                   one copy per registered stack kept alone, then one
//                                                       with the added route: every fork edit on its own
//   --tests-only   run only npm test in the copy (no typecheck, lint or npm start)
//   --keep         leave the copies behind (a failed copy is always left)
//
// Exits non-zero when any fork fails a check. The edits are exactly what docs/forking.md tells a user to do:
// the stack list in stacks/all-stacks.ts; the route table in api/routes.ts, a handler and its test. (A fork
// that already has its own GET /status gets GET /status2, so the check keeps passing in forks that followed
// the docs.)
const { spawnSync } = require("node:child_process");
const {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} = require("node:fs");
const { tmpdir } = require("node:os");
const { dirname, join } = require("node:path");

const root = dirname(__dirname);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const args = process.argv.slice(2);
const keep = args.includes("--keep");
const testsOnly = args.includes("--tests-only");

class ForkEditFailed extends Error {}

/** The stack ids registered in stacks/all-stacks.ts, read from its STACKS list and its imports. */
function registeredStacks(source) {
  const list = /export const STACKS[^=]*=\s*\[([^\]]*)\]/.exec(source);
  if (!list) throw new ForkEditFailed("stacks/all-stacks.ts has no `export const STACKS = [...]` list");
  const classes = list[1]
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return classes.map((className) => {
    const from = new RegExp(`import \\{ ${className} \\} from "\\./([^/"]+)/stack";`).exec(source);
    if (!from) throw new ForkEditFailed(`stacks/all-stacks.ts: no import of ${className} from ./<id>/stack`);
    return { className, id: from[1], importLine: from[0] };
  });
}

/** Keeps one stack in STACKS and drops the other stacks' imports (lint refuses unused ones). */
function keepOnly(copy, stackId) {
  const file = join(copy, "stacks", "all-stacks.ts");
  let source = readFileSync(file, "utf8");
  const stacks = registeredStacks(source);
  const kept = stacks.find((stack) => stack.id === stackId);
  if (!kept) {
    throw new ForkEditFailed(
      `no stack ${stackId} in STACKS; registered: ${stacks.map((s) => s.id).join(", ")}`,
    );
  }
  for (const stack of stacks.filter((s) => s !== kept)) source = source.replace(`${stack.importLine}\n`, "");
  source = source.replace(/(export const STACKS[^=]*=\s*\[)[^\]]*\]/, `$1${kept.className}]`);
  writeFileSync(file, source);
  return `stacks/all-stacks.ts keeps only ${stackId}`;
}

const statusHandler = (name) => `/** GET /${name}: says the service is up; a fork's first route. */
import { httpHandler } from "../shared/handler";
import { json } from "../shared/http";

export const handler = httpHandler(() => json(200, { status: "ok" }));
`;

const statusTest = (name) => `import { handler } from "../../../lambdas/${name}/index";
import { eventBuilders } from "../fixtures/events";
import { parse, silenceLogs } from "../fixtures/results";

silenceLogs();

test.each(eventBuilders)("GET /${name} via %s says ok", async (_format, build) => {
  const result = parse(await handler(build({ method: "GET", resource: "/${name}" })));
  expect(result).toMatchObject({ statusCode: 200, body: { status: "ok" } });
});
`;

/**
 * `status`, or `status2`, `status3`... when the fork already has that handler, route or folder (a fork that
 * followed docs/forking.md has its own GET /status).
 */
function freeRouteName(copy, routesSource) {
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? "status" : `status${n}`;
    const taken =
      new RegExp(`^\\s*${name}:`, "m").test(routesSource) ||
      routesSource.includes(`"GET /${name}"`) ||
      existsSync(join(copy, "lambdas", name)) ||
      existsSync(join(copy, "test", "lambdas", name));
    if (!taken) return name;
  }
}

/** Inserts `line` as the first entry of the object literal that follows `anchor` in `source`. */
function insertEntry(source, anchor, line, file) {
  const at = source.indexOf(anchor);
  if (at < 0) throw new ForkEditFailed(`${file} has no \`${anchor}\``);
  const end = at + anchor.length;
  return `${source.slice(0, end)}\n  ${line}${source.slice(end)}`;
}

/**
 * Adds GET /status: one handler and one route in api/routes.ts, the handler, and the handler's test. (Not
 * /ping: API Gateway reserves /ping and /sping at the root of REST APIs, and the synth refuses them.)
 */
function addRoute(copy) {
  const file = join(copy, "api", "routes.ts");
  let source = readFileSync(file, "utf8");
  const name = freeRouteName(copy, source);
  source = insertEntry(
    source,
    "export const handlers = {",
    `${name}: { entry: "lambdas/${name}/index.ts", description: "Says the service is up" },`,
    "api/routes.ts",
  );
  source = insertEntry(
    source,
    "export const routes = {",
    `"GET /${name}": { handler: "${name}", access: "public" },`,
    "api/routes.ts",
  );
  writeFileSync(file, source);
  mkdirSync(join(copy, "lambdas", name), { recursive: true });
  writeFileSync(join(copy, "lambdas", name, "index.ts"), statusHandler(name));
  mkdirSync(join(copy, "test", "lambdas", name), { recursive: true });
  writeFileSync(join(copy, "test", "lambdas", name, `${name}.test.ts`), statusTest(name));
  return `api/routes.ts gains GET /${name}; lambdas/${name}/index.ts and test/lambdas/${name}/${name}.test.ts are new`;
}

function run(command, commandArgs, cwd, env = {}) {
  return spawnSync(command, commandArgs, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * The repo's files as git sees them (tracked, plus new files not ignored), copied into `copy`. node_modules
 * is a folder of links to the repo's packages, so the copy installs nothing and keeps its own bundle cache
 * (node_modules/.cache), which goes away with it.
 */
function copyRepo(copy) {
  const listed = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root);
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  // Regular files only: a node_modules symlink (not matched by .gitignore's `node_modules/`) is made below.
  const files = listed.stdout
    .split("\0")
    .filter((file) => file && existsSync(join(root, file)) && statSync(join(root, file)).isFile())
    .filter((file) => file !== "node_modules");
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(root, file), join(copy, file));
  }
  const modules = join(copy, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(root, "node_modules"))) {
    if (entry !== ".cache") symlinkSync(join(root, "node_modules", entry), join(modules, entry));
  }
  return files.length;
}

/** The failing suites and tests of a jest JSON report. */
function failuresOf(report, copy) {
  return report.testResults
    .filter((suite) => suite.status !== "passed")
    .map((suite) => {
      const failed = suite.assertionResults.filter((test) => test.status === "failed");
      const firstLine = (text) =>
        text
          .split("\n")
          .map((line) => line.trim())
          .find(Boolean) ?? "";
      return {
        suite: suite.name.slice(copy.length + 1),
        tests: failed.map((test) => test.fullName),
        // A suite that fails to load has no failed tests, only a message.
        message:
          failed.length === 0 ? firstLine(suite.message) : firstLine(failed[0].failureMessages[0] ?? ""),
      };
    });
}

/**
 * What .ci/run does after the tests: `npm start` serves the fork's stacks, one answers a client
 * (scripts/start-smoke.js), and SIGTERM stops the gateway with exit 0.
 */
function startAndCall(copy, work) {
  const output = join(work, "start.log");
  const script = [
    `node scripts/start.js --port 0 > "${output}" 2>&1 &`,
    "gateway=$!",
    "for _ in $(seq 1 240); do",
    `  grep -q '^ready ' "${output}" && break`,
    '  kill -0 "$gateway" 2>/dev/null || { echo "exited before it was ready"; exit 1; }',
    "  sleep 0.5",
    "done",
    `grep -q '^ready ' "${output}" || { echo "not ready within 120 s"; kill "$gateway"; exit 1; }`,
    `node scripts/start-smoke.js "${output}" || { kill "$gateway"; exit 1; }`,
    'kill -TERM "$gateway"',
    'wait "$gateway" || { echo "exit $? on SIGTERM"; exit 1; }',
  ].join("\n");
  const result = run("bash", ["-c", script], copy);
  const said = `${result.stdout}${result.stderr}`.trim();
  if (result.status === 0) return { ok: true, text: `served the stacks; ${said}; stopped with exit 0` };
  return { ok: false, text: `${said}\n${existsSync(output) ? readFileSync(output, "utf8") : ""}` };
}

/** Makes the fork in a fresh copy and runs the checks; returns what failed. */
function checkFork(fork) {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), "apigw-check-fork-"));
  const copy = join(work, "repo");
  const log = (text) => console.log(`  ${text}`);
  console.log(`\n== fork: ${fork.name}  (${copy})`);
  log(`copy: ${copyRepo(copy)} files of the repo (git ls-files)`);
  try {
    if (fork.only) log(`edit: ${keepOnly(copy, fork.only)}`);
    if (fork.addRoute) log(`edit: ${addRoute(copy)}`);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  // The READMEs' generated parts (resource counts, diagrams, the baseline table) describe what the app
  // synthesizes, so a fork's edit makes some stale: the fork regenerates them, as docs/forking.md says.
  const docs = run(process.execPath, ["scripts/docs.js"], copy);
  if (docs.status !== 0) throw new Error(`npm run docs failed in ${copy}:\n${docs.stdout}${docs.stderr}`);
  const updated = docs.stdout
    .split("\n")
    .filter((line) => line.endsWith(" updated"))
    .map((line) => line.replace(/ updated$/, ""));
  log(`npm run docs: ${updated.length === 0 ? "nothing was stale" : `regenerated ${updated.join("; ")}`}`);

  const problems = [];
  if (!testsOnly) {
    for (const script of ["typecheck", "lint"]) {
      const t0 = Date.now();
      const result = run(npm, ["run", script], copy);
      const took = `(${((Date.now() - t0) / 1000).toFixed(0)} s)`;
      if (result.status === 0) log(`${script}: clean ${took}`);
      else {
        log(`${script}: FAILED ${took}\n${`${result.stdout}${result.stderr}`.trim().replace(/^/gm, "    ")}`);
        problems.push(`npm run ${script}`);
      }
    }
  }
  const t0 = Date.now();
  const reportFile = join(work, "jest.json");
  // The tests' temporary files (synth output, tables) go into the copy's folder and away with it.
  const tmp = join(work, "tmp");
  mkdirSync(tmp);
  const jest = run(npm, ["test", "--", "--json", `--outputFile=${reportFile}`], copy, {
    CI: "true",
    TMPDIR: tmp,
  });
  const took = `(${((Date.now() - t0) / 1000).toFixed(0)} s)`;
  if (!existsSync(reportFile)) {
    log(`npm test: no report ${took}\n${`${jest.stdout}${jest.stderr}`.trim().replace(/^/gm, "    ")}`);
    problems.push("npm test");
  } else {
    const report = JSON.parse(readFileSync(reportFile, "utf8"));
    const failures = failuresOf(report, copy);
    const counts = `${report.numPassedTestSuites}/${report.numTotalTestSuites} suites, ${report.numPassedTests}/${report.numTotalTests} tests passed`;
    if (jest.status === 0 && failures.length === 0) log(`npm test: ${counts} ${took}`);
    else {
      log(`npm test: FAILED, ${counts} ${took}`);
      for (const failure of failures) {
        log(`  ${failure.suite}: ${failure.tests.length} failed; ${failure.message}`);
        for (const test of failure.tests.slice(0, 5)) log(`    - ${test}`);
        if (failure.tests.length > 5) log(`    - and ${failure.tests.length - 5} more`);
      }
      problems.push(...failures.map((failure) => failure.suite));
      if (failures.length === 0) problems.push(`npm test (exit ${jest.status})`);
    }
  }
  if (!testsOnly) {
    const t1 = Date.now();
    const said = startAndCall(copy, work);
    const took1 = `(${((Date.now() - t1) / 1000).toFixed(0)} s)`;
    if (said.ok) log(`npm start: ${said.text} ${took1}`);
    else {
      log(`npm start: FAILED ${took1}\n${said.text.trim().replace(/^/gm, "    ")}`);
      problems.push("npm start");
    }
  }
  log(`took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (problems.length === 0 && !keep) rmSync(work, { recursive: true, force: true });
  else log(`the copy is left in ${work} (remove it when done)`);
  return problems;
}

function forks() {
  if (args.includes("--each")) {
    const source = readFileSync(join(root, "stacks", "all-stacks.ts"), "utf8");
    return [
      ...registeredStacks(source).map((stack) => ({ name: `keep only ${stack.id}`, only: stack.id })),
      { name: "add GET /status", addRoute: true },
    ];
  }
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  if (onlyAt >= 0 && (only === undefined || only.startsWith("--"))) {
    throw new ForkEditFailed("--only needs a stack id, e.g. --only websocket");
  }
  const known = new Set(["--each", "--only", "--add-route", "--tests-only", "--keep", only]);
  const unknown = args.filter((arg) => !known.has(arg));
  if (unknown.length > 0) {
    throw new ForkEditFailed(`unknown argument ${unknown.join(", ")} (see --help)`);
  }
  const addRoute = args.includes("--add-route");
  if (!only && !addRoute) {
    // The first registered stack, so that a fork already cut down to another stack runs the same check.
    const [first] = registeredStacks(readFileSync(join(root, "stacks", "all-stacks.ts"), "utf8"));
    return [{ name: `keep only ${first.id}, add GET /status`, only: first.id, addRoute: true }];
  }
  return [
    {
      name: [only && `keep only ${only}`, addRoute && "add GET /status"].filter(Boolean).join(", "),
      only,
      addRoute,
    },
  ];
}

if (args.includes("--help") || args.includes("-h")) {
  // The usage is the comment at the top of this file.
  const header = readFileSync(__filename, "utf8").split("\n").slice(1);
  const usage = header.slice(
    0,
    header.findIndex((line) => !line.startsWith("//")),
  );
  console.log(usage.map((line) => line.replace(/^\/\/ ?/, "")).join("\n"));
  process.exit(0);
}

const started = Date.now();
let failed = false;
try {
  for (const fork of forks()) {
    const problems = checkFork(fork);
    if (problems.length > 0) {
      failed = true;
      console.log(`  FAILED: ${problems.join(", ")}`);
    }
  }
} catch (error) {
  console.error(`check:fork: ${error instanceof ForkEditFailed ? error.message : error.stack}`);
  process.exit(2);
}
console.log(
  `\ncheck:fork ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(failed ? 1 : 0);

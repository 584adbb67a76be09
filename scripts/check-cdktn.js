#!/usr/bin/env node
// `npm run check:cdktn [-- --test --keep]`: proves that the project moves to CDK Terrain (cdktn) with only
// the expected differences. In a temporary copy of the repo (never in the repo itself) it swaps the cdktf
// packages for the cdktn ones (scripts/cdktn-migration.js), installs them from the npm registry, typechecks,
// lints (and shows the rule against the provider's root import still fires), synthesizes every stack with
// cdktn-cli and with the app directly, and compares each stack with this repo's cdktf output. Exits non-zero
// on any unexpected difference. `--test` also runs the test suite in the copy (about a minute more); `--keep`
// leaves the copy behind (it is always left when the check fails).
const { spawnSync } = require("node:child_process");
const { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } =
  require("node:fs");
const { tmpdir } = require("node:os");
const { dirname, join, relative } = require("node:path");
const { changedStacks } = require("./changed-stacks");
const m = require("./cdktn-migration");

const root = dirname(__dirname);
/** The check's own files: they describe the move (and quote cdktf imports as test data), not the app. */
const MIGRATION_FILES = [
  "scripts/check-cdktn.js",
  "scripts/cdktn-migration.js",
  "test/app/cdktn-migration.test.ts",
];
const keep = process.argv.includes("--keep");
const withTests = process.argv.includes("--test");
const work = mkdtempSync(join(tmpdir(), "apigw-check-cdktn-"));
const copy = join(work, "repo");
const started = Date.now();

class CheckFailed extends Error {}

function step(name, run) {
  const t0 = Date.now();
  const said = run();
  console.log(`${name.padEnd(10)} ${said}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** Runs a command; throws with its output when it fails (unless `allowFailure`). */
function run(command, args, { cwd = copy, env = {}, allowFailure = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0 && !allowFailure) {
    throw new CheckFailed(
      `${[command, ...args].join(" ")} failed (exit ${result.status}) in ${cwd}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result;
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const versionOf = (dir, name) =>
  JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
const atLeast = (version, minimum) => {
  const [a, b] = [version, minimum].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/** The repo's files as git sees them (tracked, plus new files not ignored), copied into `copy`. */
function copyRepo() {
  const listed = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root });
  const files = listed.stdout.split("\0").filter((file) => file && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(root, file), join(copy, file));
  }
  return files;
}

function rewriteCopy(files) {
  const changed = [];
  const pkgPath = join(copy, "package.json");
  writeFileSync(
    pkgPath,
    `${JSON.stringify(m.rewritePackageJson(JSON.parse(readFileSync(pkgPath, "utf8"))), null, 2)}\n`,
  );
  changed.push("package.json");
  const biomePath = join(copy, "biome.json");
  writeFileSync(biomePath, m.rewriteBiomeConfig(readFileSync(biomePath, "utf8")));
  changed.push("biome.json");
  let imports = 0;
  for (const file of files.filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !MIGRATION_FILES.includes(f))) {
    const { text, count } = m.rewriteImports(readFileSync(join(copy, file), "utf8"));
    if (count === 0) continue;
    writeFileSync(join(copy, file), text);
    changed.push(file);
    imports += count;
  }
  return { changed, imports };
}

/** A Node that cdktn-cli accepts: this one when new enough, else the `node-<os>-<arch>` package from npm. */
function cliNode() {
  if (atLeast(process.versions.node, m.CLI_NODE.minimum)) {
    return { path: process.execPath, version: process.versions.node, how: "this Node" };
  }
  const name = `node-${process.platform}-${process.arch}`;
  const prefix = join(work, "node");
  mkdirSync(prefix);
  const install = run(
    npm,
    ["install", "--no-audit", "--no-fund", "--prefix", prefix, `${name}@${m.CLI_NODE.version}`],
    {
      cwd: prefix,
      allowFailure: true,
    },
  );
  const path = join(prefix, "node_modules", name, "bin", "node");
  if (install.status !== 0 || !existsSync(path)) {
    return {
      reason: `${name}@${m.CLI_NODE.version} could not be installed: ${install.stderr.trim().split("\n").pop()}`,
    };
  }
  const version = run(path, ["--version"]).stdout.trim().replace(/^v/, "");
  return { path, version, how: `from the ${name} package; this Node is ${process.versions.node}` };
}

/** Every stack of the two outputs compared; the lines say what differs where, as expected or not. */
function compareOutputs(cdktfOut, cdktnOut, versions) {
  const stacks = (out) => readdirSync(join(out, "stacks")).sort();
  const [before, after] = [stacks(cdktfOut), stacks(cdktnOut)];
  const problems = [];
  if (before.join() !== after.join()) {
    problems.push(`stacks differ: cdktf has ${before.join(", ")}; cdktn has ${after.join(", ")}`);
  }
  const lines = [];
  const expectedSeen = new Map();
  for (const id of before.filter((stack) => after.includes(stack))) {
    const dir = (side) => join(side === "cdktf" ? cdktfOut : cdktnOut, "stacks", id);
    const result = m.compareStack({
      cdktfFiles: filesUnder(dir("cdktf")),
      cdktnFiles: filesUnder(dir("cdktn")),
      read: (side, file) => readFileSync(join(dir(side), file)),
      versions,
    });
    problems.push(...result.problems.map((problem) => `${id}/${problem}`));
    for (const d of result.expected) {
      expectedSeen.set(`${d.path.join(".")}: ${d.cdktf} -> ${d.cdktn} (${d.why})`, true);
    }
    const tags = m.managedByTags(JSON.parse(readFileSync(join(dir("cdktn"), "cdk.tf.json"), "utf8")));
    lines.push(
      `  ${id.padEnd(14)} ${result.identicalFiles} zips byte-identical; cdk.tf.json: ${result.expected.length} expected ` +
        `and ${result.problems.length} other differences; managed-by tag: ${tags.join(", ")}`,
    );
  }
  lines.push("  the expected differences:", ...[...expectedSeen.keys()].map((line) => `    ${line}`));
  return { problems, lines };
}

function main() {
  console.log(
    `check:cdktn: cdktf -> ${Object.entries(m.TARGET)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}\n           in ${copy}`,
  );
  let files;
  step("copy", () => {
    files = copyRepo();
    return `${files.length} files of the repo (git ls-files)`;
  });
  step("rewrite", () => {
    const { changed, imports } = rewriteCopy(files);
    return `${changed.length} files: package.json, biome.json, ${imports} imports in ${changed.length - 2} files`;
  });
  step("install", () => {
    run(npm, ["install", "--no-audit", "--no-fund"]);
    const left = ["cdktf", "cdktf-cli", "@cdktf/provider-aws"].filter((name) =>
      existsSync(join(copy, "node_modules", name)),
    );
    if (left.length > 0)
      throw new CheckFailed(`the copy still installs ${left.join(", ")}: an import was missed`);
    const installed = Object.keys(m.TARGET).map((name) => `${name} ${versionOf(copy, name).version}`);
    return `npm install: ${installed.join(", ")}; no cdktf package left`;
  });
  step("typecheck", () => {
    run(npm, ["run", "typecheck"]);
    return "npm run typecheck: clean";
  });
  step("lint", () => {
    run(npm, ["run", "lint"]);
    const probe = join(copy, "constructs", "check-cdktn-probe.ts");
    const lint = (source) => {
      writeFileSync(probe, `${source}\nexport const probe = AwsProvider;\n`);
      return run(npm, ["exec", "--", "biome", "lint", relative(copy, probe)], { allowFailure: true });
    };
    const deep = lint('import { AwsProvider } from "@cdktn/provider-aws/lib/provider";');
    if (deep.status !== 0)
      throw new CheckFailed(`a deep provider import fails lint in the copy:\n${deep.stdout}${deep.stderr}`);
    const rootImport = lint('import { AwsProvider } from "@cdktn/provider-aws";');
    rmSync(probe);
    if (
      rootImport.status === 0 ||
      !`${rootImport.stdout}${rootImport.stderr}`.includes("noRestrictedImports")
    ) {
      throw new CheckFailed(
        "biome accepts the root import of @cdktn/provider-aws: the rule in biome.json guards nothing after " +
          `the rename\n${rootImport.stdout}${rootImport.stderr}`,
      );
    }
    return "npm run lint: clean; a root import of @cdktn/provider-aws fails noRestrictedImports, a deep one passes";
  });

  const cdktfOut = join(work, "cdktf.out");
  const cdktnApp = join(work, "cdktn-app.out");
  const cdktnCli = join(copy, "cdktf.out");
  step("synth", () => {
    run(process.execPath, [join(root, "scripts", "app.js")], { cwd: root, env: { CDKTF_OUTDIR: cdktfOut } });
    run(process.execPath, [join(copy, "scripts", "app.js")], { env: { CDKTF_OUTDIR: cdktnApp } });
    return `cdktf: the repo's app; cdktn: the copy's app (node scripts/app.js, Node ${process.versions.node})`;
  });
  let cli;
  step("cdktn-cli", () => {
    const node = cliNode();
    if (!node.path) {
      cli = undefined;
      return `not run: ${node.reason}; the cdktn output below is the app's`;
    }
    const bin = join(copy, "node_modules", "cdktn-cli", "bin", "cdktn");
    const env = {
      PATH: `${dirname(node.path)}${process.platform === "win32" ? ";" : ":"}${process.env.PATH}`,
    };
    run(node.path, [bin, "synth"], { env });
    const differing = changedStacks(cdktnApp, cdktnCli);
    if (differing.length > 0) {
      throw new CheckFailed(
        `cdktn synth and the app directly wrote different output for ${differing.join(", ")}`,
      );
    }
    cli = node;
    return `cdktn synth on Node ${node.version} (${node.how}): the same bytes as the app's output`;
  });

  if (withTests) {
    step("test", () => {
      // The migration's own test compares with the cdktf packages, which the copy no longer has.
      const jest = run(npm, ["test", "--", "--testPathIgnorePatterns", "cdktn-migration"]);
      const summary = `${jest.stdout}${jest.stderr}`.match(/^Tests:\s+(.*)$/m);
      return `npm test in the copy: ${summary ? summary[1] : "passed"}`;
    });
  }

  const versions = {
    cdktf: versionOf(root, "cdktf").version,
    cdktn: versionOf(copy, "cdktn").version,
    cdktfProvider: versionOf(root, "@cdktf/provider-aws").cdktf.provider.version,
    cdktnProvider: versionOf(copy, "@cdktn/provider-aws").cdktn.provider.version,
    providerAddress: versionOf(root, "@cdktf/provider-aws").cdktf.provider.name,
  };
  const cdktnAddress = versionOf(copy, "@cdktn/provider-aws").cdktn.provider.name;
  if (cdktnAddress !== versions.providerAddress) {
    throw new CheckFailed(
      `the bindings wrap different providers: ${versions.providerAddress}, ${cdktnAddress}`,
    );
  }
  const { problems, lines } = compareOutputs(cdktfOut, cli ? cdktnCli : cdktnApp, versions);
  console.log(
    `compare    every stack, cdktf (${versions.cdktf}, AWS provider ${versions.cdktfProvider}) ` +
      `vs cdktn (${versions.cdktn}, AWS provider ${versions.cdktnProvider}):`,
  );
  for (const line of lines) console.log(line);
  if (problems.length > 0) {
    throw new CheckFailed(`unexpected differences:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

try {
  main();
  console.log(`check:cdktn passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (keep) console.log(`the copy is left in ${work}`);
  else rmSync(work, { recursive: true, force: true });
} catch (error) {
  console.error(`\ncheck:cdktn FAILED: ${error instanceof CheckFailed ? error.message : error.stack}`);
  console.error(`the copy is left in ${work} (remove it when done)`);
  process.exit(1);
}

#!/usr/bin/env node
// `npm run docs`: regenerates the generated parts of the READMEs (between `<!-- generated:NAME -->` markers):
// the settings table and the security baseline table in README.md, and each registered stack's diagram and
// resource counts in stacks/<id>/README.md, drawn from a fresh synth with default settings. Run it after
// changing the route table, the stacks or a default; the tests say which part is stale when you forget.
// `--check` writes nothing: it lists the stale parts and exits 1 if there are any.
const { execFileSync } = require("node:child_process");
const { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, relative } = require("node:path");
const { transpile, root } = require("./app.js");

const check = process.argv.includes("--check");
const stale = [];

function replaceSection(file, name, content) {
  const text = readFileSync(file, "utf8");
  const marker = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
  if (!marker.test(text)) throw new Error(`${file} has no <!-- generated:${name} --> section`);
  const updated = text.replace(marker, (_, start, end) => `${start}${content}\n${end}`);
  const where = `${relative(root, file)}: ${name}`;
  if (updated === text) return;
  stale.push(where);
  if (check) return;
  writeFileSync(file, updated);
  console.log(`${where} updated`);
}

transpile();
const dist = (...path) => require(join(root, "dist", ...path));
const { settingsTable } = dist("config", "settings-table.js");
const { mermaidBlock } = dist("diagrams", "mermaid.js");
const { resourceCountTable } = dist("stacks", "resource-counts.js");
const { BASELINE_RULES, evaluateBaseline } = dist("constructs", "guardrails", "baseline.js");
const { APP_BASELINE_EXCEPTIONS } = dist("stacks", "baseline-exceptions.js");
const { baselineTable } = dist("constructs", "guardrails", "baseline-table.js");
replaceSection(join(root, "README.md"), "settings", settingsTable());

// The generated docs show the defaults: synthesize without the caller's APIGW_* settings, into a folder of
// its own so the user's cdktf.out is left as it was.
const outdir = mkdtempSync(join(tmpdir(), "apigw-docs-"));
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("APIGW_")));
execFileSync(process.execPath, [join(__dirname, "app.js")], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...env, CDKTF_OUTDIR: outdir },
});
const reports = [];
for (const stackId of readdirSync(join(outdir, "stacks")).sort()) {
  const json = JSON.parse(readFileSync(join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8"));
  reports.push(evaluateBaseline(stackId, json, BASELINE_RULES, APP_BASELINE_EXCEPTIONS));
  const readme = join(root, "stacks", stackId, "README.md");
  if (!existsSync(readme)) continue;
  replaceSection(readme, "diagram", mermaidBlock(json));
  replaceSection(readme, "resources", resourceCountTable(json));
}
replaceSection(join(root, "README.md"), "baseline", baselineTable(reports));
rmSync(outdir, { recursive: true, force: true });

if (check && stale.length > 0) {
  console.log(`stale (regenerate with \`npm run docs\`):\n${stale.map((where) => `  ${where}`).join("\n")}`);
  process.exit(1);
}
if (stale.length === 0) console.log("the generated parts of the READMEs are up to date");

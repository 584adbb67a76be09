#!/usr/bin/env node
// Regenerates the generated parts of the READMEs (between `<!-- generated:NAME -->` markers): the settings
// table and the security baseline table in README.md, and each stack's diagram in stacks/<id>/README.md,
// drawn from a fresh synth with default settings.
const { execFileSync } = require("node:child_process");
const { existsSync, readFileSync, readdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { transpile, root } = require("./app.js");

function replaceSection(file, name, content) {
  const text = readFileSync(file, "utf8");
  const marker = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
  if (!marker.test(text)) throw new Error(`${file} has no <!-- generated:${name} --> section`);
  writeFileSync(
    file,
    text.replace(marker, (_, start, end) => `${start}${content}\n${end}`),
  );
  console.log(`${file}: ${name} updated`);
}

transpile();
const { settingsTable } = require(join(root, "dist", "config", "settings-table.js"));
const { mermaidBlock } = require(join(root, "dist", "stacks", "diagram.js"));
const { BASELINE_RULES, evaluateBaseline } = require(
  join(root, "dist", "constructs", "guardrails", "baseline.js"),
);
const { APP_BASELINE_EXCEPTIONS } = require(join(root, "dist", "stacks", "baseline-exceptions.js"));
const { baselineTable } = require(join(root, "dist", "constructs", "guardrails", "baseline-table.js"));
replaceSection(join(root, "README.md"), "settings", settingsTable());

// The generated docs show the defaults: synthesize without the caller's APIGW_* settings.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("APIGW_")));
execFileSync(process.execPath, [join(__dirname, "app.js")], { cwd: root, stdio: "inherit", env });
const reports = [];
for (const stackId of readdirSync(join(root, "cdktf.out", "stacks")).sort()) {
  const json = JSON.parse(readFileSync(join(root, "cdktf.out", "stacks", stackId, "cdk.tf.json"), "utf8"));
  reports.push(evaluateBaseline(stackId, json, BASELINE_RULES, APP_BASELINE_EXCEPTIONS));
  const readme = join(root, "stacks", stackId, "README.md");
  if (existsSync(readme)) replaceSection(readme, "diagram", mermaidBlock(json));
}
replaceSection(join(root, "README.md"), "baseline", baselineTable(reports));

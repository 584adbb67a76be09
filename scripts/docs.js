#!/usr/bin/env node
// Regenerates the generated parts of README.md (between `<!-- generated:NAME -->` markers).
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { transpile, root } = require("./app.js");

transpile();
const { settingsTable } = require(join(root, "dist", "config", "settings-table.js"));
const readmePath = join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const marker = /(<!-- generated:settings -->\n)[\s\S]*?(<!-- \/generated:settings -->)/;
if (!marker.test(readme)) throw new Error("README.md has no <!-- generated:settings --> section");
writeFileSync(
  readmePath,
  readme.replace(marker, (_, start, end) => `${start}${settingsTable()}\n${end}`),
);
console.log("README.md settings table updated");

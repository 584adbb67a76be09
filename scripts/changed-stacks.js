#!/usr/bin/env node
// Prints the ids of the stacks whose synthesized output differs between two synth output folders, one per
// line. Synth output is byte-for-byte deterministic, so "differs" means "Terraform would see a change".
// Usage: node scripts/changed-stacks.js <base cdktf.out> <head cdktf.out>
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join, relative } = require("node:path");

function treeDigest(dir) {
  if (!existsSync(dir)) return "absent";
  const hash = createHash("sha256");
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(dir, path)).update("\0").update(readFileSync(path)).update("\0");
    }
  };
  walk(dir);
  return hash.digest("hex");
}

function changedStacks(baseOut, headOut) {
  const stacksIn = (out) => (existsSync(join(out, "stacks")) ? readdirSync(join(out, "stacks")) : []);
  const ids = [...new Set([...stacksIn(baseOut), ...stacksIn(headOut)])].sort();
  return ids.filter(
    (id) => treeDigest(join(baseOut, "stacks", id)) !== treeDigest(join(headOut, "stacks", id)),
  );
}

module.exports = { changedStacks };

if (require.main === module) {
  const [baseOut, headOut] = process.argv.slice(2);
  if (!baseOut || !headOut) {
    console.error("usage: node scripts/changed-stacks.js <base cdktf.out> <head cdktf.out>");
    process.exit(2);
  }
  for (const id of changedStacks(baseOut, headOut)) console.log(id);
}

#!/usr/bin/env node
// Prints the ids of the stacks whose deployable output differs between two synth output folders, one per line.
// Only what Terraform deploys counts: the stack's cdk.tf.json without its "//" comment keys (cdktf's metadata,
// which Terraform ignores) and the asset files that JSON refers to. `.terraform/`, lock files, plans and
// leftover files do not. Synth output is deterministic, so "differs" means "Terraform would see a change".
// Usage: node scripts/changed-stacks.js <base cdktf.out> <head cdktf.out>
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

/** The JSON without "//" keys, at any depth. */
function withoutComments(value) {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, item]) => [key, withoutComments(item)]),
  );
}

/** Relative paths under assets/ that the JSON refers to. */
function assetPaths(value, found = new Set()) {
  if (typeof value === "string" && value.startsWith("assets/")) found.add(value);
  else if (Array.isArray(value)) for (const item of value) assetPaths(item, found);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) assetPaths(item, found);
  return found;
}

function deployedDigest(stackDir) {
  const file = join(stackDir, "cdk.tf.json");
  if (!existsSync(file)) return "absent";
  const json = JSON.parse(readFileSync(file, "utf8"));
  const hash = createHash("sha256").update(JSON.stringify(withoutComments(json)));
  for (const path of [...assetPaths(json)].sort()) {
    const asset = join(stackDir, path);
    hash
      .update("\0")
      .update(path)
      .update("\0")
      .update(existsSync(asset) ? readFileSync(asset) : "missing");
  }
  return hash.digest("hex");
}

function changedStacks(baseOut, headOut) {
  const stacksIn = (out) => (existsSync(join(out, "stacks")) ? readdirSync(join(out, "stacks")) : []);
  const ids = [...new Set([...stacksIn(baseOut), ...stacksIn(headOut)])].sort();
  return ids.filter(
    (id) => deployedDigest(join(baseOut, "stacks", id)) !== deployedDigest(join(headOut, "stacks", id)),
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

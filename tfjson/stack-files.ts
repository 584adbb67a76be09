/** Finds and reads the synthesized stacks: `<outdir>/stacks/<id>/cdk.tf.json`. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackFile, TerraformJson } from "./types";

export class StackSelectionError extends Error {}

/** Every stack under `outdir` (sorted by id), or only `only` when given (in that order). */
export function readStacks(outdir: string, only: readonly string[] = []): StackFile[] {
  const stacksDir = join(outdir, "stacks");
  const available = existsSync(stacksDir)
    ? readdirSync(stacksDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(stacksDir, entry.name, "cdk.tf.json")))
        .map((entry) => entry.name)
        .sort()
    : [];
  const missing = only.filter((id) => !available.includes(id));
  if (missing.length > 0) {
    throw new StackSelectionError(
      `stack "${missing.join('", "')}" not found in ${stacksDir}; synthesized stacks: ${available.join(", ") || "none"}`,
    );
  }
  return (only.length > 0 ? [...new Set(only)] : available).map((id) => readStack(join(stacksDir, id), id));
}

export function readStack(dir: string, id: string): StackFile {
  const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as TerraformJson;
  return { id, dir, json };
}

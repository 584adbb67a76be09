import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Removes from the synth output every stack folder that is not in `keep`, and drops those stacks from
 * `manifest.json`: a stack removed from the app (or a failed one) must not linger in `cdktf.out`, where the
 * local gateway would serve it and a pipeline would plan it.
 */
export function pruneStackOutputs(outdir: string, keep: readonly string[]): string[] {
  const stacksDir = join(outdir, "stacks");
  const removed = existsSync(stacksDir) ? readdirSync(stacksDir).filter((id) => !keep.includes(id)) : [];
  for (const id of removed) rmSync(join(stacksDir, id), { recursive: true, force: true });
  const manifestPath = join(outdir, "manifest.json");
  if (removed.length > 0 && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { stacks?: Record<string, unknown> };
    for (const id of removed) delete manifest.stacks?.[id];
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return removed;
}

/** Paths under `assets/` that a stack's Terraform JSON refers to (Lambda zips, relative to the stack folder). */
export function referencedAssets(json: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === "string" && value.startsWith("assets/")) found.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(json);
  return found;
}

/**
 * Removes every file under each stack's `assets/` folder that its cdk.tf.json does not refer to, and the folders
 * left empty: cdktf keeps the asset folders of functions that no longer exist, and Terraform uploads the whole
 * stack folder (HCP Terraform runs) and the pipeline would count them as changes.
 */
export function pruneUnreferencedAssets(outdir: string, stackIds: readonly string[]): string[] {
  const removed: string[] = [];
  for (const id of stackIds) {
    const stackDir = join(outdir, "stacks", id);
    const assetsDir = join(stackDir, "assets");
    if (!existsSync(assetsDir)) continue;
    const keep = referencedAssets(JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")));
    const prune = (dir: string): boolean => {
      let empty = true;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() ? prune(path) : !keep.has(relative(stackDir, path))) {
          rmSync(path, { recursive: true, force: true });
          if (!entry.isDirectory()) removed.push(relative(outdir, path));
        } else empty = false;
      }
      return empty;
    };
    if (prune(assetsDir)) rmSync(assetsDir, { recursive: true, force: true });
  }
  return removed;
}

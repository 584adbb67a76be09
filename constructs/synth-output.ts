import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

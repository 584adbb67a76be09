/**
 * A copy of the project that a test may edit and synthesize (`npm start` as a user runs it), at a fixed place
 * per name with the sources' timestamps kept: the bundle cache (keyed by path and timestamps) stays warm across
 * runs. node_modules is the project's own (a link).
 */
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..", "..");

/** Everything at the top of the project but what is installed, built or only read by people and tests. */
const NOT_COPIED = new Set(["node_modules", "dist", "cdktf.out", "coverage", "test", "docs", ".git"]);

export function copyProject(name: string): string {
  const project = join(tmpdir(), "apigw-project-copies", name);
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const entry of readdirSync(ROOT).filter((name) => !NOT_COPIED.has(name)))
    cpSync(join(ROOT, entry), join(project, entry), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
  return project;
}

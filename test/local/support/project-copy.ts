/**
 * A copy of the project that a test may edit and synthesize (`npm start` as a user runs it), at a fixed place
 * per name with the sources' timestamps kept: the bundle cache (keyed by path and timestamps) stays warm across
 * runs. node_modules is the project's own (a link).
 */
import { cpSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSourceRoots } from "../../support/app-sources";

export const ROOT = join(__dirname, "..", "..", "..");

/** What a synth reads (found from main.ts's imports: the route table in api/ too) and the local gateway. */
const APP = [
  ...appSourceRoots(ROOT).filter((entry) => !["package.json", "tsconfig.json"].includes(entry)),
  "local",
];

export function copyProject(name: string): string {
  const project = join(tmpdir(), "apigw-project-copies", name);
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const entry of APP)
    cpSync(join(ROOT, entry), join(project, entry), { recursive: true, preserveTimestamps: true });
  for (const file of ["package.json", "tsconfig.json"]) cpSync(join(ROOT, file), join(project, file));
  symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
  return project;
}

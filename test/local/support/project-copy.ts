/**
 * A copy of the project that a test may edit and synthesize (`npm start` as a user runs it), at a fixed place
 * per name with the sources' timestamps kept: the bundle cache (keyed by path and timestamps) stays warm across
 * runs. node_modules is the project's own (a link).
 */
import { cpSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..", "..");

const APP = [
  "api",
  "tfjson",
  "diagrams",
  "config",
  "constructs",
  "stacks",
  "lambdas",
  "local",
  "scripts",
  "main.ts",
  "cdktf.json",
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

/**
 * The stacks as `npm run synth` writes them, synthesized once per source state into a temporary folder (never
 * the shared cdktf.out, which other synths may be rewriting). Keyed by the size and mtime of every file the
 * synth reads (test/support/app-sources.ts), so an edit re-synthesizes and an unchanged tree reuses the folder
 * across test files and runs.
 * `TEST_SYNTH_OUTDIR=<dir>` uses an existing synth output instead.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSourceRoots } from "../../support/app-sources";

const ROOT = join(__dirname, "..", "..", "..");
/** Every folder and file the synth reads (the route table in api/ included), found from main.ts's imports. */
const SOURCES = appSourceRoots(ROOT);

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function fingerprint(): string {
  const hash = createHash("sha256");
  for (const file of SOURCES.flatMap(files)) {
    const stat = statSync(join(ROOT, file));
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 20);
}

export function synthesizedOutdir(): string {
  if (process.env.TEST_SYNTH_OUTDIR) return process.env.TEST_SYNTH_OUTDIR;
  const dir = join(tmpdir(), "apigw-local-tests", fingerprint());
  if (existsSync(join(dir, ".complete"))) return dir;
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const synth = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js")], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: staging, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  if (synth.status !== 0) throw new Error(`synth failed (exit ${synth.status}):\n${synth.stderr}`);
  writeFileSync(join(staging, ".complete"), "");
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker finished first
  }
  return dir;
}

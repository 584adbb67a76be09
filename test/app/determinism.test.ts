/**
 * Two synths of the same commit give byte-identical output trees, JSON and zips alike, even when every bundle
 * is rebuilt instead of taken from the cache: Terraform Cloud then never sees a spurious change.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { STACK_IDS } from "../support/app-stacks";

const root = join(__dirname, "..", "..");

function synthInto(env: Record<string, string>): string {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-determinism-"));
  execFileSync(process.execPath, [join(root, "scripts", "app.js")], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    stdio: "pipe",
  });
  return outdir;
}

/** Every file under `dir` with the SHA-256 of its bytes, by relative path. */
function digestTree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else result[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(dir);
  return result;
}

describe("synth output", () => {
  let first: string;
  let second: string;
  beforeAll(() => {
    first = synthInto({});
    second = synthInto({ APIGW_BUNDLE_CACHE: "false" });
  }, 60_000);

  test("is byte-identical across two synths, with and without the bundle cache", () => {
    const a = digestTree(first);
    expect(Object.keys(a).some((path) => path.endsWith(".zip"))).toBe(true);
    expect(digestTree(second)).toEqual(a);
  });

  test("holds nothing machine-specific: no absolute paths, user names or temp folders", () => {
    const forbidden = [root, first, tmpdir(), process.env.USER, process.env.HOME].filter(
      (value): value is string => typeof value === "string" && value.length > 1,
    );
    for (const path of Object.keys(digestTree(first)).filter((file) => file.endsWith(".json"))) {
      const text = readFileSync(join(first, path), "utf8");
      for (const value of forbidden) expect(text).not.toContain(value);
    }
  });

  test("keeps local state in the project root, addressed relative to the stack folder", () => {
    for (const id of STACK_IDS) {
      const json = JSON.parse(readFileSync(join(first, "stacks", id, "cdk.tf.json"), "utf8"));
      expect(json.terraform.backend).toEqual({ local: { path: `../../../terraform.${id}.tfstate` } });
    }
  });
});

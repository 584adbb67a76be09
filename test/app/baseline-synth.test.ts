/** The app itself enforces the baseline: a violating setting fails `npm run synth` and leaves no stack output. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STACK_IDS } from "../support/app-stacks";

const root = join(__dirname, "..", "..");

test("a synth that breaks a rule exits 1, names the rule, and writes no stack output", () => {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-baseline-"));
  const run = spawnSync(process.execPath, [join(root, "scripts", "app.js")], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, APIGW_LOG_RETENTION_DAYS: "30" },
    encoding: "utf8",
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("synth failed its checks");
  // Every stack writes logs, so every stack breaks the rule and none is left deployable.
  for (const id of STACK_IDS) {
    expect(run.stderr).toMatch(
      new RegExp(
        `stack "${id}", aws_cloudwatch_log_group\\.\\S+ breaks CKV_AWS_338: retention_in_days is 30`,
      ),
    );
    expect(existsSync(join(outdir, "stacks", id, "cdk.tf.json"))).toBe(false);
  }
}, 60_000);

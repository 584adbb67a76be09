/**
 * The app enforces the baseline twice: a setting that would break a rule is refused before anything is built,
 * and any stack whose written Terraform breaks a rule (or AWS's constraints) fails the synth and leaves no output.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkAndPruneSynthOutput } from "../../constructs/guardrails/check-output";
import { STACK_IDS } from "../support/app-stacks";

const root = join(__dirname, "..", "..");

test("a setting that would break a baseline rule is refused before the synth, naming the rule", () => {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-baseline-"));
  const run = spawnSync(process.execPath, [join(root, "scripts", "app.js")], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, APIGW_LOG_RETENTION_DAYS: "30" },
    encoding: "utf8",
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/APIGW_LOG_RETENTION_DAYS = "30": expected one of 365, .*CKV_AWS_338/);
  for (const id of STACK_IDS) expect(existsSync(join(outdir, "stacks", id, "cdk.tf.json"))).toBe(false);
}, 60_000);

test("a stack whose Terraform breaks a rule is reported and its output removed; the others stay", () => {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-prune-checks-"));
  const write = (id: string, retention: number) => {
    mkdirSync(join(outdir, "stacks", id), { recursive: true });
    writeFileSync(
      join(outdir, "stacks", id, "cdk.tf.json"),
      JSON.stringify({
        resource: {
          aws_cloudwatch_log_group: {
            logs: {
              name: "/aws/x",
              retention_in_days: retention,
              kms_key_id: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            },
          },
        },
      }),
    );
  };
  write("good", 365);
  write("bad", 30);
  const checked = checkAndPruneSynthOutput(outdir, ["good", "bad"], { exceptions: [] });
  expect(checked.errors.filter((e) => e.includes(`"good"`))).toEqual([]);
  expect(checked.failedStacks).toEqual(["bad"]);
  expect(checked.errors.join("\n")).toMatch(
    /stack "bad", aws_cloudwatch_log_group\.logs breaks CKV_AWS_338: retention_in_days is 30/,
  );
  expect(existsSync(join(outdir, "stacks", "bad"))).toBe(false);
  expect(existsSync(join(outdir, "stacks", "good", "cdk.tf.json"))).toBe(true);
});

/**
 * scripts/pipeline.sh records the stacks `apply` applied (PIPELINE_APPLIED_FILE), which the workflow then
 * checks with `npm run test:deployed`. Run in a scratch project with stand-ins for npm and terraform, so
 * nothing is synthesized or deployed.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

function scratchProject(stacks: readonly string[], failingApply?: string): string {
  const project = mkdtempSync(join(tmpdir(), "acceptance-pipeline-"));
  mkdirSync(join(project, "scripts"));
  copyFileSync(join(ROOT, "scripts", "pipeline.sh"), join(project, "scripts", "pipeline.sh"));
  for (const stack of stacks) {
    mkdirSync(join(project, "cdktf.out", "stacks", stack), { recursive: true });
    writeFileSync(join(project, "cdktf.out", "stacks", stack, "cdk.tf.json"), "{}");
  }
  const bin = join(project, "bin");
  mkdirSync(bin);
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub("npm", "exit 0");
  stub(
    "terraform",
    `echo "$@" >> "${project}/terraform.log"\n${failingApply ? `case "$*" in *${failingApply}*apply*) exit 1 ;; esac` : ""}`,
  );
  return project;
}

function pipeline(project: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(join(project, "scripts", "pipeline.sh"), args, {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, PATH: `${join(project, "bin")}:${process.env.PATH}`, ...env },
  });
}

test("apply lists each applied stack, one a line; a stack gone from the output is not listed", () => {
  const project = scratchProject(["http-api", "websocket"]);
  const result = pipeline(project, ["apply", "http-api", "gone", "websocket"], {
    PIPELINE_APPLIED_FILE: "applied",
  });
  expect(result.status).toBe(0);
  expect(readFileSync(join(project, "applied"), "utf8")).toBe("http-api\nwebsocket\n");
  // Plan and apply themselves are unchanged.
  expect(readFileSync(join(project, "terraform.log"), "utf8")).toMatch(
    /-chdir=cdktf.out\/stacks\/http-api apply -input=false -auto-approve -lock-timeout=5m\n/,
  );
});

test("a failed apply stops the run; the stacks applied before it are listed", () => {
  const project = scratchProject(["http-api", "websocket"], "websocket");
  const result = pipeline(project, ["apply", "http-api", "websocket"], { PIPELINE_APPLIED_FILE: "applied" });
  expect(result.status).not.toBe(0);
  expect(readFileSync(join(project, "applied"), "utf8")).toBe("http-api\n");
});

test("plan and dry runs list nothing, and leave an empty file rather than a stale one", () => {
  const project = scratchProject(["http-api"]);
  writeFileSync(join(project, "applied"), "stale\n");
  expect(pipeline(project, ["plan", "http-api"], { PIPELINE_APPLIED_FILE: "applied" }).status).toBe(0);
  expect(readFileSync(join(project, "applied"), "utf8")).toBe("");
  const dry = pipeline(project, ["apply", "http-api"], {
    PIPELINE_APPLIED_FILE: "applied",
    PIPELINE_DRY_RUN: "1",
  });
  expect(dry.stdout).toMatch(/^\+ terraform -chdir=cdktf.out\/stacks\/http-api apply /m);
  expect(readFileSync(join(project, "applied"), "utf8")).toBe("");
});

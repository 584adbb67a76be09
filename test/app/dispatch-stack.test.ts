/**
 * The manual run of the GitHub workflow names one stack; scripts/dispatch-stack.sh refuses an id that is not
 * a stack of the synth output (or not an id at all) before anything is planned or applied. Run in a scratch
 * project with a stand-in for npm, so nothing is synthesized.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

function scratchProject(stacks: readonly string[]): string {
  const project = mkdtempSync(join(tmpdir(), "dispatch-stack-"));
  mkdirSync(join(project, "scripts"));
  copyFileSync(join(ROOT, "scripts", "dispatch-stack.sh"), join(project, "scripts", "dispatch-stack.sh"));
  for (const stack of stacks) {
    mkdirSync(join(project, "cdktf.out", "stacks", stack), { recursive: true });
    writeFileSync(join(project, "cdktf.out", "stacks", stack, "cdk.tf.json"), "{}");
  }
  mkdirSync(join(project, "bin"));
  writeFileSync(join(project, "bin", "npm"), `#!/bin/sh\necho "$@" >> "${project}/npm.log"\n`);
  chmodSync(join(project, "bin", "npm"), 0o755);
  return project;
}

function dispatch(project: string, stack: string) {
  return spawnSync(join(project, "scripts", "dispatch-stack.sh"), [stack], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, PATH: `${join(project, "bin")}:${process.env.PATH}` },
  });
}

test("a stack of the synth output passes, after a synth", () => {
  const project = scratchProject(["http-api", "websocket"]);
  const run = dispatch(project, "websocket");
  expect(readFileSync(join(project, "npm.log"), "utf8")).toBe("run --silent synth\n");
  expect(run.stdout).toBe("stack websocket\n");
  expect(run.status).toBe(0);
});

test("an unknown stack fails naming the stacks the app has", () => {
  const run = dispatch(scratchProject(["http-api", "websocket"]), "rest-regional");
  expect(run.stderr).toBe('the app has no stack "rest-regional"; it synthesizes: http-api, websocket\n');
  expect(run.status).toBe(1);
});

test.each([[""], ["../http-api"], ["http-api; rm -rf /"], ["HTTP-API"]])(
  "%j is not a stack id: refused before any synth",
  (stack) => {
    const project = scratchProject(["http-api"]);
    const run = dispatch(project, stack);
    expect(run.stderr).toMatch(/is not a stack id: give one as stacks\/all-stacks.ts names it/);
    expect(run.status).toBe(1);
    expect(existsSync(join(project, "npm.log"))).toBe(false);
  },
);

/**
 * One synth for every path: `npx cdktf synth` (the CLI, which hands cdktf.json's context to the app) and the
 * command `npm run synth`, `npm start` and scripts/pipeline.sh run (`node scripts/app.js`) write byte-identical
 * output from the same cdktf.json, context included; a misspelled setting fails instead of being ignored; and a
 * synth of only some stacks leaves cdktf.out alone.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { copyProject } from "../local/support/project-copy";
import { STACK_IDS } from "../support/app-stacks";

const root = join(__dirname, "..", "..");
const cdktf = join(root, "node_modules", ".bin", "cdktf");
/** Settings-free environment: the caller's APIGW_* variables must not leak into the synth. */
const cleanEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("APIGW_")));

function files(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return found;
}

test("the cdktf CLI and node scripts/app.js write the same bytes from cdktf.json's context", () => {
  const project = mkdtempSync(join(tmpdir(), "apigw-one-synth-"));
  const config = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8"));
  // The commands npm's scripts run, as package.json names them.
  const synthScript = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.synth;
  expect(synthScript).toBe("node scripts/app.js");
  expect(config.app).toBe(synthScript);
  writeFileSync(
    join(project, "cdktf.json"),
    JSON.stringify({
      ...config,
      app: `node ${join(root, "scripts", "app.js")}`,
      context: { throttleRateLimit: 75, stacks: { [STACK_IDS[0]]: { lambdaMemoryMb: 512 } } },
    }),
  );
  const env = { ...cleanEnv(), CHECKPOINT_DISABLE: "1" };
  // An asset of a function that no longer exists, left by an earlier synth, is removed by the next one.
  const stale = join(
    project,
    "direct",
    "stacks",
    STACK_IDS[0],
    "assets",
    "Functions_gone_Code_0",
    "0",
    "gone.zip",
  );
  mkdirSync(join(stale, ".."), { recursive: true });
  writeFileSync(stale, "zip");
  const cli = spawnSync(cdktf, ["synth"], { cwd: project, env, encoding: "utf8" });
  expect(cli.status).toBe(0);
  const direct = spawnSync(process.execPath, [join(root, "scripts", "app.js")], {
    cwd: project,
    env: { ...env, CDKTF_OUTDIR: join(project, "direct") },
    encoding: "utf8",
  });
  expect(direct.status).toBe(0);

  const viaCli = files(join(project, "cdktf.out"));
  const viaApp = files(join(project, "direct"));
  expect([...viaApp.keys()].sort()).toEqual([...viaCli.keys()].sort());
  for (const [path, bytes] of viaCli)
    expect({ path, same: bytes.equals(viaApp.get(path) as Buffer) }).toEqual({ path, same: true });

  // The context took effect: the shared throttle everywhere, the memory in the first stack only.
  const stack = (id: string) => readFileSync(join(project, "direct", "stacks", id, "cdk.tf.json"), "utf8");
  const [first, ...others] = STACK_IDS;
  expect(stack(first)).toMatch(/"memory_size": 512/);
  for (const id of others) expect(stack(id)).not.toMatch(/"memory_size": 512/);
  for (const id of STACK_IDS) expect(stack(id)).toMatch(/"throttling_rate_limit": 75/);
}, 120_000);

test("a misspelled APIGW_ variable fails the synth with the setting it was meant to be", () => {
  const run = spawnSync(process.execPath, [join(root, "scripts", "app.js")], {
    cwd: root,
    env: {
      ...cleanEnv(),
      APIGW_THROTLE_RATE: "10",
      CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "apigw-typo-")),
    },
    encoding: "utf8",
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("APIGW_THROTLE_RATE is not a setting (did you mean APIGW_THROTTLE_RATE?)");
}, 60_000);

// Some stacks only where the app has more than one: in a fork of one stack, naming it is the full synth.
const partial = STACK_IDS.length > 1;
test(partial
  ? "a synth of some stacks (--stack) never writes cdktf.out, which holds every stack"
  : "a synth naming the app's only stack (--stack) is the full synth, written to cdktf.out", () => {
  const project = copyProject("stack-synth");
  const run = spawnSync(process.execPath, ["scripts/app.js", "--stack", STACK_IDS[0]], {
    cwd: project,
    env: { ...cleanEnv(), CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  expect(run.status).toBe(0);
  expect(existsSync(join(project, "cdktf.out"))).toBe(!partial);
  const outdir = partial ? join(project, "dist", "cdktf.out") : join(project, "cdktf.out");
  expect(readdirSync(join(outdir, "stacks"))).toEqual([STACK_IDS[0]]);
}, 120_000);

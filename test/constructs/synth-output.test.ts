import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneStackOutputs } from "../../constructs/synth-output";

test("stacks no longer in the app leave the synth output folder and the manifest", () => {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-prune-"));
  for (const id of ["http-api", "old-stack"]) {
    mkdirSync(join(outdir, "stacks", id, "assets"), { recursive: true });
    writeFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "{}");
  }
  writeFileSync(
    join(outdir, "manifest.json"),
    JSON.stringify({ stacks: { "http-api": {}, "old-stack": {} } }),
  );

  expect(pruneStackOutputs(outdir, ["http-api"])).toEqual(["old-stack"]);
  expect(existsSync(join(outdir, "stacks", "old-stack"))).toBe(false);
  expect(existsSync(join(outdir, "stacks", "http-api", "cdk.tf.json"))).toBe(true);
  expect(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks).toEqual({ "http-api": {} });
  expect(pruneStackOutputs(outdir, ["http-api"])).toEqual([]);
});

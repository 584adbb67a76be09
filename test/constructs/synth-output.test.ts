import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneStackOutputs, pruneUnreferencedAssets } from "../../constructs/synth-output";

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

test("asset files the stack's JSON does not refer to, and folders left empty, are removed", () => {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-assets-"));
  const stack = join(outdir, "stacks", "http-api");
  const kept = "assets/Functions_hello_Code_1/abc/hello.zip";
  const files = [
    kept,
    "assets/Functions_hello_Code_1/old/hello.zip",
    "assets/Functions_gone_Code_2/def/gone.zip",
  ];
  for (const file of files) {
    mkdirSync(join(stack, file, ".."), { recursive: true });
    writeFileSync(join(stack, file), "zip");
  }
  writeFileSync(
    join(stack, "cdk.tf.json"),
    JSON.stringify({ resource: { aws_lambda_function: { hello: { filename: kept } } } }),
  );

  expect(pruneUnreferencedAssets(outdir, ["http-api"]).sort()).toEqual([
    "stacks/http-api/assets/Functions_gone_Code_2/def/gone.zip",
    "stacks/http-api/assets/Functions_hello_Code_1/old/hello.zip",
  ]);
  expect(existsSync(join(stack, kept))).toBe(true);
  expect(existsSync(join(stack, "assets", "Functions_gone_Code_2"))).toBe(false);
  expect(existsSync(join(stack, "assets", "Functions_hello_Code_1", "old"))).toBe(false);
});

/**
 * What the pipeline plans: stacks whose deployable output changed. Only the Terraform JSON (without cdktf's
 * "//" metadata, which Terraform ignores) and the assets it refers to count.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const { changedStacks } = require("../../scripts/changed-stacks.js") as {
  changedStacks: (baseOut: string, headOut: string) => string[];
};

function outTree(files: Record<string, string>): string {
  const out = mkdtempSync(join(tmpdir(), "apigw-out-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), content);
  }
  return out;
}

const zip = "assets/fn/abc/items.zip";
const withZip = (extra: object = {}) =>
  JSON.stringify({ resource: { aws_lambda_function: { fn: { filename: zip } } }, ...extra });

describe("changed stacks (what the pipeline plans)", () => {
  const base = {
    "stacks/http-api/cdk.tf.json": withZip(),
    [`stacks/http-api/${zip}`]: "zip-1",
    "stacks/websocket/cdk.tf.json": "{}",
    "stacks/old/cdk.tf.json": "{}",
  };

  test("a stack whose JSON or a referenced asset changed, a new stack and a removed stack count", () => {
    const head = outTree({
      "stacks/http-api/cdk.tf.json": withZip(),
      [`stacks/http-api/${zip}`]: "zip-2",
      "stacks/websocket/cdk.tf.json": "{}",
      "stacks/rest-edge/cdk.tf.json": "{}",
    });
    expect(changedStacks(outTree(base), head)).toEqual(["http-api", "old", "rest-edge"]);
  });

  test("identical output means nothing to plan", () => {
    expect(changedStacks(outTree(base), outTree(base))).toEqual([]);
  });

  test("Terraform's working files, unreferenced files and cdktf metadata are not changes", () => {
    const head = outTree({
      ...base,
      "stacks/http-api/cdk.tf.json": withZip({ "//": { metadata: { version: "0.21.1" } } }),
      "stacks/http-api/.terraform/providers/registry.terraform.io/hashicorp/aws/lock": "x",
      "stacks/http-api/.terraform.lock.hcl": "# lock",
      "stacks/websocket/assets/fn/def/stale.zip": "zip-0",
    });
    expect(changedStacks(outTree(base), head)).toEqual([]);
  });
});

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

describe("changed stacks (what the pipeline plans)", () => {
  const base = {
    "stacks/http-api/cdk.tf.json": "{}",
    "stacks/http-api/assets/fn/abc/items.zip": "zip-1",
    "stacks/websocket/cdk.tf.json": "{}",
    "stacks/old/cdk.tf.json": "{}",
  };

  test("a stack whose JSON or any asset changed, a new stack and a removed stack count; equal trees do not", () => {
    const head = outTree({
      "stacks/http-api/cdk.tf.json": "{}",
      "stacks/http-api/assets/fn/abc/items.zip": "zip-2",
      "stacks/websocket/cdk.tf.json": "{}",
      "stacks/rest-edge/cdk.tf.json": "{}",
    });
    expect(changedStacks(outTree(base), head)).toEqual(["http-api", "old", "rest-edge"]);
  });

  test("identical output means nothing to plan", () => {
    expect(changedStacks(outTree(base), outTree(base))).toEqual([]);
  });

  test("a renamed asset counts even when its bytes are the same", () => {
    const head = outTree({ ...base, "stacks/websocket/assets/fn/def/connect.zip": "zip-1" });
    expect(changedStacks(outTree(base), head)).toEqual(["websocket"]);
  });
});

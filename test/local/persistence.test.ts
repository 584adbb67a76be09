/** `--dynamo-dir`: the embedded DynamoDB keeps its data in a folder, so a restarted gateway still has it. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, startTestGateway } from "./support/gateway";

test("what a function wrote before a restart is there after it", async () => {
  const dynamoDir = join(mkdtempSync(join(tmpdir(), "apigw-dynamo-")), "data");
  const outdir = writeFixtureStacks();
  const first = await startTestGateway({ outdir, stacks: ["fixture-http"], dynamoDir });
  try {
    const stored = await call(`${first.api("fixture-http").url}/store/kept`, { method: "PUT", body: "Kept" });
    expect(stored.status).toBe(204);
  } finally {
    await first.close();
  }
  const second = await startTestGateway({ outdir, stacks: ["fixture-http"], dynamoDir });
  try {
    const read = await call(`${second.api("fixture-http").url}/store/kept`);
    expect([read.status, read.text]).toEqual([200, "Kept"]);
    expect((await call(`${second.api("fixture-http").url}/store/never-written`)).status).toBe(404);
  } finally {
    await second.close();
  }
});

/** `--dynamo-dir`: the embedded DynamoDB keeps its data in a folder, so a restarted gateway still has it. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, startTestGateway } from "./support/gateway";

test("items written before a restart are there after it", async () => {
  const dynamoDir = join(mkdtempSync(join(tmpdir(), "apigw-dynamo-")), "data");
  const first = await startTestGateway({ stacks: ["http-api"], dynamoDir });
  let id: string;
  try {
    const token = await first.token({ scope: "items/write" });
    const created = await call(`${first.api("http-api").url}/items`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Kept", price: 3 }),
    });
    expect(created.status).toBe(201);
    id = created.json.id;
  } finally {
    await first.close();
  }
  const second = await startTestGateway({ stacks: ["http-api"], dynamoDir });
  try {
    const token = await second.token({});
    const read = await call(`${second.api("http-api").url}/items/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([read.status, read.json.name]).toEqual([200, "Kept"]);
  } finally {
    await second.close();
  }
});

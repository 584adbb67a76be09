/**
 * `close()` waits for work in flight: a best-effort `$disconnect` that writes to DynamoDB finishes before the
 * embedded DynamoDB stops (before, the database closed under it and dynalite threw "Database is closed"
 * outside any request), and nothing escapes as an uncaught error.
 */
import { writeFixtureStacks } from "./support/fixture-stacks";
import { eventually, startTestGateway } from "./support/gateway";
import { Client } from "./support/ws-client";

test("a $disconnect still writing when close() is called completes its write first", async () => {
  // Prepare
  const escaped: unknown[] = [];
  const record = (error: unknown) => escaped.push(error);
  process.on("uncaughtException", record);
  const gw = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-ws"] });
  try {
    const client = await Client.open(gw.api("fixture-ws").url);
    // Act: the client leaves with the reason that makes $disconnect write slowly; the gateway stops at once.
    client.ws.close(4000, "write-then-close");
    await eventually(() => gw.lines.some((line) => line.includes("disconnect 4000 write-then-close")));
    await gw.close();
    // Assess
    expect(gw.lines.find((line) => line.includes("disconnect wrote"))).toMatch(/disconnect wrote 200 \{\}/);
    expect(escaped).toEqual([]);
  } finally {
    process.off("uncaughtException", record);
  }
});

/**
 * Two gateways on one `--dynamo-dir`: LevelDB lets one process hold the folder, so the second gateway stops at
 * start with one line saying the folder is in use by another gateway, and a non-zero exit code (instead of
 * dying on its first DynamoDB call with an unhandled 'error' event).
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "../../local/gateway";
import { startTestGateway } from "./support/gateway";
import { synthesizedOutdir } from "./support/synthesized";

describe("a --dynamo-dir another gateway holds", () => {
  test("npm start says so in one line and exits non-zero; the first gateway keeps serving", async () => {
    const dynamoDir = join(mkdtempSync(join(tmpdir(), "apigw-dynamo-lock-")), "data");
    const first = await startTestGateway({ stacks: ["http-api"], dynamoDir });
    try {
      const root = join(__dirname, "..", "..");
      const child = spawn(
        process.execPath,
        [
          join(root, "scripts", "start.js"),
          ...["--no-synth", "--port", "0", "--outdir", synthesizedOutdir(), "--stack", "http-api"],
          ...["--dynamo-dir", dynamoDir, "--quiet"],
        ],
        { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).not.toBe(0);
      expect(stdout).not.toMatch(/^ready /m);
      const lines = stderr.split("\n").filter((line) => line.trim() !== "");
      expect(lines).toEqual([expect.stringMatching(/is in use by another gateway/)]);
      expect(lines[0]).toContain(dynamoDir);

      // In the same process too: startGateway rejects with the same message.
      await expect(
        startGateway({ port: 0, outdir: synthesizedOutdir(), stacks: ["http-api"], dynamoDir }),
      ).rejects.toThrow(/is in use by another gateway/);

      const token = await first.token({ scope: "items/write" });
      const created = await fetch(`${first.api("http-api").url}/items`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "Still here", price: 1 }),
      });
      expect(created.status).toBe(201);
    } finally {
      await first.close();
    }
  });
});

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
import { writeFixtureStacks } from "./support/fixture-stacks";
import { startTestGateway } from "./support/gateway";

describe("a --dynamo-dir another gateway holds", () => {
  test("npm start says so in one line and exits non-zero; the first gateway keeps serving", async () => {
    const dynamoDir = join(mkdtempSync(join(tmpdir(), "apigw-dynamo-lock-")), "data");
    const outdir = writeFixtureStacks();
    const first = await startTestGateway({ outdir, stacks: ["fixture-http"], dynamoDir });
    try {
      const root = join(__dirname, "..", "..");
      const child = spawn(
        process.execPath,
        [
          join(root, "scripts", "start.js"),
          ...["--no-synth", "--port", "0", "--outdir", outdir, "--stack", "fixture-http"],
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
      await expect(startGateway({ port: 0, outdir, stacks: ["fixture-http"], dynamoDir })).rejects.toThrow(
        /is in use by another gateway/,
      );

      const stored = await fetch(`${first.api("fixture-http").url}/store/still-here`, {
        method: "PUT",
        body: "Still here",
      });
      expect(stored.status).toBe(204);
    } finally {
      await first.close();
    }
  });
});

/**
 * Functions run in worker threads of the gateway's process, so a function that signals its own process
 * (`process.kill(process.pid)`, a graceful-shutdown library, a signal to its process group) would stop every
 * API. The gateway ends that function's instance instead, as Lambda ends the sandbox: the invocation fails
 * (500 on an HTTP API), its output says why, and the next request gets a new instance. Run through `npm start`
 * in a child process, so a signal that got through would end that process, not the test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call } from "./support/gateway";

describe("a function that signals the gateway's process", () => {
  let child: ChildProcess | undefined;
  let output = "";
  let api = "";
  afterAll(() => child?.kill("SIGKILL"));

  beforeAll(async () => {
    const root = join(__dirname, "..", "..");
    child = spawn(
      process.execPath,
      [
        join(root, "scripts", "start.js"),
        ...["--no-synth", "--port", "0", "--outdir", writeFixtureStacks(), "--stack", "fixture-http"],
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line: ${output}`)), 20_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /^fixture-http\s+http\s+\S+\s+(\S+)$/m.exec(output);
        if (url && /^ready /m.test(output)) {
          clearTimeout(timer);
          api = url[1];
          resolve();
        }
      };
      child?.stdout?.on("data", read);
      child?.stderr?.on("data", read);
      child?.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
  });

  test.each([
    ["process.kill(process.pid)", "SIGTERM"],
    ["process.kill(process.pid, 'SIGKILL')", "SIGKILL"],
  ])("%s fails that invocation only; the gateway keeps serving", async (_case, signal) => {
    const killed = await call(`${api}/behave?mode=kill&signal=${signal}`);
    expect([killed.status, killed.json]).toEqual([500, { message: "Internal Server Error" }]);
    expect((await call(`${api}/behave`)).text).toBe("ok");
    expect(child?.exitCode).toBeNull();
    expect(child?.signalCode).toBeNull();
    expect(output).toContain("ends the function's instance only");
  });
});

/**
 * The start contract users and scripts rely on: `npm start` (scripts/start.js) prints one table (stack,
 * variant, URL) then `ready <url>`; `/_local/stacks` and `/_local/token` answer; SIGTERM stops everything with
 * exit code 0. Also the option parser.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArguments, UsageError } from "../../local/cli";
import { call } from "./support/gateway";
import { synthesizedOutdir } from "./support/synthesized";

describe("npm start", () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill("SIGKILL"));

  test("prints the table and ready <url>, serves /_local, and exits 0 on SIGTERM", async () => {
    const root = join(__dirname, "..", "..");
    child = spawn(
      process.execPath,
      [
        join(root, "scripts", "start.js"),
        "--no-synth",
        "--port",
        "0",
        "--outdir",
        synthesizedOutdir(),
        "--quiet",
      ],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line: ${output}`)), 20_000);
      child?.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
      child?.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child?.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const lines = output.split("\n");
    expect(lines[0]).toMatch(/^stack\s+variant\s+endpoint\s+url$/);
    expect(output).toMatch(/^http-api\s+http\s+REGIONAL\s+http:\/\/127\.0\.0\.1:\d+$/m);
    expect(output).toMatch(/^rest-private\s+rest\s+PRIVATE\s+http:\/\/127\.0\.0\.1:\d+\/dev$/m);
    expect(output).toMatch(/^websocket\s+websocket\s+REGIONAL\s+ws:\/\/127\.0\.0\.1:\d+\/dev$/m);

    const stacks = await call(`${url}/_local/stacks`);
    expect(stacks.json.stacks.map((stack: { id: string }) => stack.id)).toEqual([
      "http-api",
      "rest-edge",
      "rest-private",
      "rest-regional",
      "websocket",
    ]);
    const token = await call(`${url}/_local/token`, {
      method: "POST",
      body: JSON.stringify({ sub: "u", scope: "items/write", expiresIn: 60 }),
    });
    expect(token.json.token.split(".")).toHaveLength(3);
    const hello = await call(`${stacks.json.stacks[0].url}/hello`);
    expect(hello.json).toEqual({ message: "Hello, world!", format: "2.0" });

    const exit = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});

describe("option parsing", () => {
  test("repeatable stacks, ports, env pairs and switches", () => {
    expect(
      parseArguments([
        "--stack",
        "http-api",
        "--stack=websocket",
        "--port",
        "0",
        "--env",
        "LOG_LEVEL=debug",
        "--no-throttle",
        "--no-local-issuer",
      ]),
    ).toEqual({
      gateway: {
        stacks: ["http-api", "websocket"],
        port: 0,
        functionEnv: { LOG_LEVEL: "debug" },
        throttling: false,
        trustLocalIssuer: false,
      },
      synth: true,
      watch: false,
    });
    expect(
      parseArguments(["--ws-idle-timeout", "30", "--quiet", "--scale-in-after", "5"]).gateway,
    ).toMatchObject({
      surplusInstanceTtlMs: 5_000,
      websocket: { idleTimeoutMs: 30_000 },
      log: { requests: false, functions: false },
    });
  });

  test("--watch, --no-synth and --inspect in node's forms (port 9229 on loopback by default)", () => {
    expect(parseArguments(["--watch", "--no-synth"])).toMatchObject({ synth: false, watch: true });
    expect(parseArguments(["--inspect"]).inspect).toEqual({ host: "127.0.0.1", port: 9229 });
    expect(parseArguments(["--inspect=0"]).inspect).toEqual({ host: "127.0.0.1", port: 0 });
    expect(parseArguments(["--inspect=localhost:9300"]).inspect).toEqual({ host: "localhost", port: 9300 });
    expect(parseArguments(["--inspect=[::1]:9300"]).inspect).toEqual({ host: "::1", port: 9300 });
    // --inspect takes no separate value: what follows is the next option.
    expect(parseArguments(["--inspect", "--watch"])).toMatchObject({ watch: true, inspect: { port: 9229 } });
    expect(parseArguments([]).inspect).toBeUndefined();
  });

  test.each([
    [["--port", "-1"]],
    [["--port", "70000"]],
    [["--port"]],
    [["--env", "NOEQUALS"]],
    [["--bogus"]],
    [["--max-instances", "0"]],
    [["--scale-in-after", "0"]],
    [["--inspect=abc"]],
    [["--inspect=70000"]],
  ])("rejects %j with a usage error", (argv) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
  });
});

describe("npm start -- --no-synth with a stack the folder lacks", () => {
  test("exits 2 naming the folder's stacks and what writes the folder", () => {
    const root = join(__dirname, "..", "..");
    const outdir = synthesizedOutdir();
    const run = spawnSync(
      process.execPath,
      [join(root, "scripts", "start.js"), "--no-synth", "--outdir", outdir, "--stack", "no-such-stack"],
      { cwd: root, encoding: "utf8", timeout: 60_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('stack "no-such-stack" not found in');
    expect(run.stderr).toMatch(/synthesized stacks: [a-z]/);
    expect(run.stderr).toContain(`drop --no-synth: npm start synthesizes what it serves into ${outdir}`);
  });
});

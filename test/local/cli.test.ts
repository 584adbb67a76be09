/**
 * The start contract users and scripts rely on: `npm start` (scripts/start.js) prints one table (stack,
 * variant, URL) then `ready <url>`; `/_local/stacks` and `/_local/token` answer; SIGTERM stops everything with
 * exit code 0. Also the option parser.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { main, parseArguments, USAGE, UsageError } from "../../local/cli";
import { STACK_IDS } from "../support/app-stacks";
import { servedKind } from "./support/app-served";
import { call } from "./support/gateway";
import { synthesizedOutdir } from "./support/synthesized";
import { Client } from "./support/ws-client";

/** The endpoint type npm start's table shows for each of the app's stacks. */
const ENDPOINT_TYPES: Record<string, string> = {
  "http-api": "REGIONAL",
  "rest-regional": "REGIONAL",
  "rest-edge": "EDGE",
  "rest-private": "PRIVATE",
  websocket: "REGIONAL",
};

/** The row npm start prints for a registered stack: id, variant, endpoint type, and its URL's form. */
function tableRow(id: string): RegExp {
  const variant = servedKind(id);
  const url = {
    http: "http://127\\.0\\.0\\.1:\\d+",
    rest: "http://127\\.0\\.0\\.1:\\d+/dev",
    websocket: "ws://127\\.0\\.0\\.1:\\d+/dev",
  }[variant];
  return new RegExp(`^${id}\\s+${variant}\\s+${ENDPOINT_TYPES[id]}\\s+${url}$`, "m");
}

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
    for (const id of STACK_IDS) expect(output).toMatch(tableRow(id));
    expect(lines.filter((line) => /^\S+\s+\S+\s+\S+\s+(http|ws):\/\//.test(line))).toHaveLength(
      STACK_IDS.length,
    );

    const stacks = await call(`${url}/_local/stacks`);
    expect(stacks.json.stacks.map((stack: { id: string }) => stack.id)).toEqual([...STACK_IDS].sort());
    const token = await call(`${url}/_local/token`, {
      method: "POST",
      body: JSON.stringify({ sub: "u", scope: "items/write", expiresIn: 60 }),
    });
    expect(token.json.token.split(".")).toHaveLength(3);
    // A served stack answers a client: GET /hello on a stack serving the route table, else (a fork with only
    // the WebSocket API) the $connect authorizer refuses a handshake without a token.
    const served = stacks.json.stacks as { id: string; variant: string; url: string }[];
    const httpStyle = served.find((stack) => stack.variant !== "websocket");
    if (httpStyle) {
      const hello = await call(`${httpStyle.url}/hello`);
      expect(hello.json).toEqual({
        message: "Hello, world!",
        format: httpStyle.variant === "http" ? "2.0" : "1.0",
      });
    } else {
      const refused = await Client.open(served[0].url).then(
        () => 101,
        (error: { status?: number }) => error.status,
      );
      expect(refused).toBe(401);
    }

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

  test.each([["--help"], ["-h"]])("%s prints the usage on stdout and exits 0", async (flag) => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const exitCode = process.exitCode;
    try {
      await main([flag]);
      expect(log).toHaveBeenCalledWith(USAGE);
      expect(error).not.toHaveBeenCalled();
      expect(process.exitCode).toBe(exitCode);
    } finally {
      process.exitCode = exitCode;
      log.mockRestore();
      error.mockRestore();
    }
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

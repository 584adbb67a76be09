/**
 * `npm start -- --inspect` as a debugger sees it, driven over the inspector protocol (a WebSocket client, as
 * VS Code and Chrome DevTools speak it): the gateway's debugger port lists each function instance as a worker
 * thread named after the function; the function's bundle carries a source map whose sources are the project's
 * TypeScript files (with their content), so a breakpoint set on a line of lambdas/hello/index.ts stops there;
 * an invocation held at the breakpoint for longer than the function's timeout (1 s here) still answers, and a
 * second request waits for the one instance instead of starting another.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import WebSocket from "ws";
import { openInspector } from "../../local/inspect";
import { describeEachStack, httpStyleStackIds, servedKind } from "./support/app-served";
import { call, eventually } from "./support/gateway";
import { copyProject } from "./support/project-copy";
import { generatedFor, originalFor, segments } from "./support/source-map";

interface Message {
  readonly id?: number;
  readonly method?: string;
  // biome-ignore lint/suspicious/noExplicitAny: protocol payloads are read field by field.
  readonly params?: any;
  // biome-ignore lint/suspicious/noExplicitAny: protocol payloads are read field by field.
  readonly result?: any;
  readonly error?: { message: string };
}

/** A minimal inspector-protocol client: commands to the process or, through NodeWorker, to one worker. */
class Inspector {
  private nextId = 1;
  private readonly pending = new Map<string, (message: Message) => void>();
  /** Events in arrival order, with the worker session they came from (undefined: the process). */
  readonly events: { session?: string; message: Message }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const message = JSON.parse(data.toString()) as Message;
      if (message.method === "NodeWorker.receivedMessageFromWorker") {
        this.receive(JSON.parse(message.params.message) as Message, message.params.sessionId);
      } else this.receive(message, undefined);
    });
  }

  static open(url: string): Promise<Inspector> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once("open", () => resolve(new Inspector(ws)));
      ws.once("error", reject);
    });
  }

  private receive(message: Message, session: string | undefined): void {
    if (message.id !== undefined) this.pending.get(`${session}/${message.id}`)?.(message);
    else this.events.push({ session, message });
  }

  // biome-ignore lint/suspicious/noExplicitAny: protocol payloads are read field by field.
  send(method: string, params: object = {}, session?: string): Promise<any> {
    const id = this.nextId++;
    const answer = new Promise<Message>((resolve) => this.pending.set(`${session}/${id}`, resolve));
    const command = JSON.stringify({ id, method, params });
    this.ws.send(
      session === undefined
        ? command
        : JSON.stringify({
            id: this.nextId++,
            method: "NodeWorker.sendMessageToWorker",
            params: { sessionId: session, message: command },
          }),
    );
    return answer.then((message) => {
      if (message.error) throw new Error(`${method}: ${message.error.message}`);
      return message.result;
    });
  }

  /** The next event named `method` (from `session` when given) after the `seen` first ones. */
  async event(
    method: string,
    seen: number,
    session?: string,
    timeoutMs = 20_000,
  ): Promise<[Message, number]> {
    let index = -1;
    await eventually(() => {
      index = this.events.findIndex(
        (event, at) =>
          at >= seen &&
          event.message.method === method &&
          (session === undefined || event.session === session),
      );
      return index !== -1;
    }, timeoutMs);
    return [this.events[index].message, index + 1];
  }

  /** The worker threads attached so far, with their titles. */
  workers(): { title: string; session: string; waiting: boolean }[] {
    return this.events
      .filter((event) => event.message.method === "NodeWorker.attachedToWorker")
      .map(({ message }) => ({
        title: message.params.workerInfo.title,
        session: message.params.sessionId,
        waiting: message.params.waitingForDebugger,
      }));
  }

  close(): void {
    this.ws.terminate();
  }
}

test("a debugger address that cannot be opened is named, without a guess at why (node prints the reason)", () => {
  // .invalid never resolves (RFC 2606): the port is free, the host is what fails.
  expect(() => openInspector("host.invalid", 9229)).toThrow(
    "the debugger could not listen on host.invalid:9229 (see above): pick another with --inspect=[<host>:]<port>",
  );
});

// Served: the first registered stack with the route table's GET /hello (http-api in the app as it ships).
describeEachStack("npm start -- --inspect", httpStyleStackIds().slice(0, 1), (stack) => {
  const format = servedKind(stack) === "http" ? "2.0" : "1.0";
  let child: ChildProcess | undefined;
  let inspector: Inspector | undefined;
  let output = "";
  afterAll(() => {
    inspector?.close();
    child?.kill("SIGKILL");
  });

  test("a debugger attaches to the function's thread and stops on a line of lambdas/hello/index.ts", async () => {
    const project = copyProject("inspect");
    child = spawn(
      process.execPath,
      ["scripts/start.js", "--inspect=0", "--stack", stack, "--port", "0", "--quiet"],
      {
        cwd: project,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, CHECKPOINT_DISABLE: "1", APIGW_LAMBDA_TIMEOUT_SECONDS: "1" },
      },
    );
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
    await eventually(() => /^ready /m.test(output), 120_000).catch(() => {
      throw new Error(`not ready:\n${output}`);
    });
    const debuggerUrl = /^debugger listening on (ws:\/\/\S+):/m.exec(output)?.[1] ?? "";
    const api = new RegExp(`^${stack}\\s+\\S+\\s+\\S+\\s+(\\S+)$`, "m").exec(output)?.[1] ?? "";
    expect(debuggerUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);

    inspector = await Inspector.open(debuggerUrl);
    await inspector.send("NodeWorker.enable", { waitForDebuggerOnStart: true });
    const first = call(`${api}/hello?name=Debugger`);
    first.catch(() => undefined); // awaited below; a failed test must not leave it unhandled

    // The instance starts as a worker thread named after its function, waiting for the debugger.
    const hello = () =>
      inspector?.workers().filter((worker) => worker.title.endsWith(` apigw-dev-${stack}-hello`));
    await eventually(() => (hello()?.length ?? 0) > 0, 20_000);
    const [instance] = hello() ?? [];
    expect(instance.waiting).toBe(true);
    const session = instance.session;
    let event: Message;
    let seen = 0;
    await inspector.send("Debugger.enable", {}, session);
    // As VS Code does for scripts not loaded yet: stop before each script with a source map runs.
    await inspector.send(
      "Debugger.setInstrumentationBreakpoint",
      { instrumentation: "beforeScriptWithSourceMapExecution" },
      session,
    );
    await inspector.send("Runtime.runIfWaitingForDebugger", {}, session);

    const source = join(project, "lambdas", "hello", "index.ts");
    const sourceUrl = pathToFileURL(source).href;
    const text = readFileSync(source, "utf8");
    const line = text.split("\n").findIndex((row) => row.includes("const name = rawName === undefined"));
    let map: { sources: string[]; sourcesContent: (string | null)[]; mappings: string } | undefined;
    while (!map) {
      [event, seen] = await inspector.event("Debugger.paused", seen, session);
      const { reason, data } = event.params;
      if (reason === "instrumentation" && String(data.url).endsWith("/index.mjs")) {
        map = JSON.parse(readFileSync(fileURLToPath(new URL(data.sourceMapURL, data.url)), "utf8"));
        const at = generatedFor(segments(map as NonNullable<typeof map>), sourceUrl, line);
        expect(at).toBeDefined();
        await inspector.send(
          "Debugger.setBreakpoint",
          {
            location: {
              scriptId: data.scriptId,
              lineNumber: at?.generatedLine,
              columnNumber: at?.generatedColumn,
            },
          },
          session,
        );
      }
      await inspector.send("Debugger.resume", {}, session);
    }
    // The map's sources resolve to the project's files, and carry their content.
    expect(map.sources).toContain(sourceUrl);
    expect(map.sourcesContent[map.sources.indexOf(sourceUrl)]).toBe(text);

    [event, seen] = await inspector.event("Debugger.paused", seen, session);
    expect(event.params.reason).toBe("other");
    const frame = event.params.callFrames[0];
    const original = originalFor(segments(map), frame.location.lineNumber, frame.location.columnNumber);
    expect([original?.source, original?.line]).toEqual([sourceUrl, line]);

    // Held past the function's 1 s timeout; a second request waits for the one instance.
    const second = call(`${api}/hello?name=Again`);
    second.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(inspector.events.slice(seen).map((e) => e.message.method)).not.toContain(
      "NodeWorker.attachedToWorker",
    );
    await inspector.send(
      "Debugger.removeBreakpoint",
      { breakpointId: event.params.hitBreakpoints[0] },
      session,
    );
    await inspector.send("Debugger.resume", {}, session);
    expect((await first).json).toEqual({ message: "Hello, Debugger!", format });
    expect((await second).json).toEqual({ message: "Hello, Again!", format });

    const exit = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
    inspector.close();
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  }, 240_000);
});

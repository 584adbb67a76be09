/**
 * One Lambda execution environment in a worker thread: loads the function from its unzipped code the way the
 * Node.js runtime does (the `handler` attribute's module as `.js`, `.mjs` or `.cjs`, then the named export),
 * with the function's own `process.env` (the Worker's `env` option: a private copy), and answers invocations
 * one at a time over the worker's long-lived port. Everything the function writes to stdout/stderr is
 * buffered and sent back with the invocation's result, so the gateway can prefix it with the function's name.
 *
 * Self-contained (Node built-ins only): the gateway runs it as a file of its own.
 */
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { claim } from "./claim";
import type { FunctionErrorPayload, InitMessage, InvokeMessage, ResultMessage, WorkerData } from "./protocol";

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error("worker.ts runs in a worker thread");

let output = "";
let flushTimer: NodeJS.Timeout | undefined;

function capture(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
  output += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
  const done = typeof encoding === "function" ? encoding : callback;
  if (typeof done === "function") queueMicrotask(done as () => void);
  if (!busy && flushTimer === undefined) {
    flushTimer = setTimeout(flushStray, 20);
    flushTimer.unref();
  }
  return true;
}

function flushStray(): void {
  flushTimer = undefined;
  if (output === "") return;
  const logs = output;
  output = "";
  port?.postMessage({ id: -1, logs });
}

process.stdout.write = capture as typeof process.stdout.write;
process.stderr.write = capture as typeof process.stderr.write;

// The functions run as on nodejs22.x: the AWS SDK's warning that it will soon need Node 22 is noise here.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).startsWith("NodeVersionSupportWarning")) return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

/**
 * In Lambda a function that signals its own process (`process.kill(process.pid)`, a graceful-shutdown library)
 * ends only its own sandbox. Here its process is the gateway's, so a signal to it, to its process group (0, a
 * negative pid) or to every process (-1) ends this instance instead, as Lambda reports it (Runtime.ExitError);
 * signal 0 (does it exist?) answers true. Other pids (the function's own child processes) are signaled as usual.
 */
const signalProcess = process.kill.bind(process);
process.kill = ((pid: number, signal?: string | number): true => {
  const target = Number(pid);
  if (target !== process.pid && target > 0) return signalProcess(pid, signal);
  if (signal === 0) return true;
  const name = typeof signal === "number" ? signal : (signal ?? "SIGTERM");
  const number = typeof name === "number" ? name : (constants.signals[name as NodeJS.Signals] ?? 15);
  capture(
    `process.kill(${pid}, ${JSON.stringify(name)}): the gateway runs functions in worker threads, so this ends the function's instance only\n`,
  );
  flushStray();
  process.exit(128 + number);
}) as typeof process.kill;

if (/--enable-source-maps/.test(process.env.NODE_OPTIONS ?? "")) {
  (process as { setSourceMapsEnabled?: (on: boolean) => void }).setSourceMapsEnabled?.(true);
}

type Handler = (
  event: unknown,
  context: unknown,
  callback?: (error: unknown, result?: unknown) => void,
) => unknown;

let handler: Handler | undefined;
let busy = false;

function errorPayload(error: unknown, fallbackType = "Error"): FunctionErrorPayload {
  if (error instanceof Error) {
    return {
      errorType: (error as { errorType?: string }).errorType ?? error.name ?? fallbackType,
      errorMessage: error.message,
      trace: String(error.stack ?? "").split("\n"),
    };
  }
  return {
    errorType: fallbackType,
    errorMessage: typeof error === "string" ? error : (JSON.stringify(error) ?? String(error)),
  };
}

class RuntimeError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

/** Resolves the handler attribute like the Node.js runtime: `<module path>.<export>`. */
async function load(): Promise<Handler> {
  const dot = data.handler.lastIndexOf(".");
  if (dot <= 0)
    throw new RuntimeError(
      "Runtime.MalformedHandlerName",
      `Bad handler ${data.handler}: missing module name or export`,
    );
  const moduleName = data.handler.slice(0, dot);
  const exportName = data.handler.slice(dot + 1);
  const file = [".js", ".mjs", ".cjs"]
    .map((ext) => join(data.dir, moduleName + ext))
    .find((path) => existsSync(path));
  if (!file) {
    throw new RuntimeError(
      "Runtime.ImportModuleError",
      `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${data.dir}`,
    );
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new RuntimeError("Runtime.ImportModuleError", message);
  }
  const candidate =
    loaded[exportName] ?? (loaded.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof candidate !== "function") {
    throw new RuntimeError(
      "Runtime.HandlerNotFound",
      `${moduleName}.${exportName} is undefined or not exported`,
    );
  }
  return candidate as Handler;
}

function context(message: InvokeMessage, deadline: number): Record<string, unknown> {
  return {
    awsRequestId: message.requestId,
    functionName: data.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: data.functionArn,
    memoryLimitInMB: String(data.memoryMb),
    logGroupName: data.logGroupName,
    logStreamName: `local/[$LATEST]${data.functionName}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    succeed: () => undefined,
    fail: () => undefined,
  };
}

function call(fn: Handler, event: unknown, ctx: Record<string, unknown>): Promise<unknown> {
  if (fn.length >= 3) {
    // Callback-style handler (still supported by nodejs22.x).
    return new Promise((resolve, reject) => {
      const returned = fn(event, ctx, (error, result) => (error ? reject(error) : resolve(result)));
      if (returned && typeof (returned as Promise<unknown>).then === "function")
        (returned as Promise<unknown>).then(resolve, reject);
    });
  }
  return Promise.resolve(fn(event, ctx));
}

async function invoke(message: InvokeMessage): Promise<ResultMessage> {
  const deadline = Date.now() + message.timeoutMs;
  let initFailed = false;
  try {
    if (!handler) {
      initFailed = true;
      handler = await load();
      initFailed = false;
    }
    const result = await call(handler, JSON.parse(message.event), context(message, deadline));
    let text: string | undefined;
    try {
      text = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      throw new RuntimeError(
        "Runtime.MarshalError",
        `Unable to marshal response: ${(error as Error).message}`,
      );
    }
    return { id: message.id, result: text ?? "null" };
  } catch (error) {
    const payload = errorPayload(error);
    // The Node.js runtime logs every invoke error to the function's log.
    output += `${new Date().toISOString()}\t${message.requestId}\tERROR\tInvoke Error \t${JSON.stringify(payload)}\n`;
    return { id: message.id, error: payload, ...(initFailed ? { initFailed } : {}) };
  }
}

const received: InvokeMessage[] = [];
let running = false;

port.on("message", (message: InvokeMessage | InitMessage) => {
  if ("init" in message) {
    void initialize();
    return;
  }
  received.push(message);
  if (!running) void runReceived();
});

/** Loads the handler ahead of any invocation and says whether it loaded (id 0). */
async function initialize(): Promise<void> {
  const reply: { id: 0; error?: FunctionErrorPayload; initFailed?: boolean; logs?: string } = { id: 0 };
  try {
    handler ??= await load();
  } catch (error) {
    reply.error = errorPayload(error);
    reply.initFailed = true;
  }
  if (output !== "") {
    reply.logs = output;
    output = "";
  }
  port?.postMessage(reply satisfies ResultMessage);
}

/** One invocation at a time, in order; one the gateway took back for another instance is skipped. */
async function runReceived(): Promise<void> {
  running = true;
  busy = true;
  if (flushTimer !== undefined) {
    clearTimeout(flushTimer);
    flushTimer = undefined;
  }
  while (received.length > 0) {
    const message = received.shift() as InvokeMessage;
    if (!claim(data.claimCells, message.slot, message.id)) continue;
    const answer = await invoke(message);
    if (output !== "") {
      (answer as { logs?: string }).logs = output;
      output = "";
    }
    port?.postMessage(answer);
    // After a failed init the gateway replaces this instance: start nothing more here.
    if (answer.initFailed) received.length = 0;
  }
  busy = false;
  running = false;
}

/**
 * The execution environments of one function: worker threads, created on demand (cold) and reused (warm),
 * one invocation at a time each, up to a cap (the function's reserved concurrency, else the gateway's
 * per-function limit); requests beyond the cap wait in a queue. The function's timeout is enforced (the
 * instance is terminated, as Lambda does, and the invocation fails with "Task timed out"); the caller's own
 * deadline (the API's integration timeout) is separate, and a crashed instance is replaced on the next request.
 */
import { Worker } from "node:worker_threads";
import type { FunctionErrorPayload, InvokeMessage, LogMessage, ResultMessage, WorkerData } from "./protocol";
import { workerFile } from "./worker-file";

/** Lambda's synchronous invocation payload limit, for the event and for the result. */
export const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;

export interface FunctionSpec extends WorkerData {
  /** The function's environment variables, complete (the worker's `process.env`). */
  readonly env: Record<string, string>;
  readonly timeoutMs: number;
  /** Instances allowed at once. */
  readonly maxInstances: number;
}

export type InvokeOutcome =
  | { readonly kind: "ok"; readonly payload: string; readonly cold: boolean }
  | { readonly kind: "error"; readonly error: FunctionErrorPayload; readonly cold: boolean }
  /** The caller's deadline passed first: the function may still be running. */
  | { readonly kind: "timeout"; readonly cold: boolean };

export interface PoolOptions {
  /** Where the function's own output goes (already split into complete chunks). */
  readonly output: (functionName: string, text: string) => void;
  /** Idle instances are stopped after this long. @default 900000 (15 min) */
  readonly idleTtlMs?: number;
}

interface Invocation {
  readonly message: InvokeMessage;
  readonly resolve: (outcome: InvokeOutcome) => void;
  settled: boolean;
  cold: boolean;
  callerTimer: NodeJS.Timeout | undefined;
  functionTimer: NodeJS.Timeout | undefined;
}

interface Instance {
  readonly worker: Worker;
  current: Invocation | undefined;
  warm: boolean;
  lastUsed: number;
  dead: boolean;
}

let nextId = 1;

export class FunctionPool {
  private readonly instances: Instance[] = [];
  private readonly queue: Invocation[] = [];
  private queueHead = 0;
  private closed = false;
  private readonly reaper: NodeJS.Timeout;
  /** Instances started so far (cold starts), for diagnostics and tests. */
  coldStarts = 0;

  constructor(
    readonly spec: FunctionSpec,
    private readonly options: PoolOptions,
  ) {
    const ttl = options.idleTtlMs ?? 900_000;
    this.reaper = setInterval(() => this.reap(ttl), Math.min(ttl, 30_000));
    this.reaper.unref();
  }

  get size(): number {
    return this.instances.length;
  }

  /**
   * Runs the function once with `event` (JSON text). `callerTimeoutMs` is how long the caller waits (queueing
   * included) before giving up with `timeout`; the function's own timeout ends the run with an error.
   */
  invoke(event: string, requestId: string, callerTimeoutMs: number): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve({
          kind: "error",
          error: { errorType: "Local.GatewayClosed", errorMessage: "the gateway is shutting down" },
          cold: false,
        });
        return;
      }
      if (this.spec.maxInstances < 1) {
        // Reserved concurrency 0: Lambda throttles every invocation.
        resolve({
          kind: "error",
          error: { errorType: "TooManyRequestsException", errorMessage: "Rate Exceeded." },
          cold: false,
        });
        return;
      }
      const invocation: Invocation = {
        message: { id: nextId++, event, deadline: 0, requestId },
        resolve,
        settled: false,
        cold: false,
        callerTimer: undefined,
        functionTimer: undefined,
      };
      if (callerTimeoutMs < this.spec.timeoutMs) {
        invocation.callerTimer = setTimeout(
          () => this.settle(invocation, { kind: "timeout", cold: invocation.cold }),
          callerTimeoutMs,
        );
      }
      const idle = this.idleInstance();
      if (idle) this.dispatch(idle, invocation);
      else if (this.instances.length < this.spec.maxInstances) this.dispatch(this.start(), invocation);
      else {
        // Waiting for an instance counts against the caller's deadline too.
        invocation.callerTimer ??= setTimeout(
          () => this.settle(invocation, { kind: "timeout", cold: invocation.cold }),
          callerTimeoutMs,
        );
        this.queue.push(invocation);
      }
    });
  }

  /** Stops every instance; queued invocations fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    for (let index = this.queueHead; index < this.queue.length; index++) {
      this.settle(this.queue[index], {
        kind: "error",
        error: { errorType: "Local.GatewayClosed", errorMessage: "the gateway is shutting down" },
        cold: false,
      });
    }
    this.queue.length = 0;
    this.queueHead = 0;
    for (const instance of this.instances) {
      if (instance.current) {
        clearTimeout(instance.current.functionTimer);
        this.settle(instance.current, {
          kind: "error",
          error: { errorType: "Local.GatewayClosed", errorMessage: "the gateway is shutting down" },
          cold: false,
        });
      }
    }
    await Promise.all(this.instances.map((instance) => this.stop(instance)));
  }

  private idleInstance(): Instance | undefined {
    // Most recently used first: keeps a few instances hot instead of spreading load thinly.
    let best: Instance | undefined;
    for (const instance of this.instances) {
      if (instance.current === undefined && !instance.dead && (!best || instance.lastUsed > best.lastUsed))
        best = instance;
    }
    return best;
  }

  private start(): Instance {
    this.coldStarts++;
    const { env, timeoutMs: _timeout, maxInstances: _max, ...data } = this.spec;
    const worker = new Worker(workerFile(), {
      workerData: data,
      env,
      stdout: false,
      stderr: false,
      // The old generation is capped at the function's memory; a small young generation keeps an idle
      // instance near 14 MB instead of 26 MB (measured), at the cost of more (cheap) minor collections.
      resourceLimits: {
        maxOldGenerationSizeMb: Math.max(32, this.spec.memoryMb),
        maxYoungGenerationSizeMb: 4,
      },
    });
    const instance: Instance = { worker, current: undefined, warm: false, lastUsed: Date.now(), dead: false };
    worker.on("message", (message: ResultMessage | LogMessage) => this.onMessage(instance, message));
    worker.on("error", (error) => this.onCrash(instance, error));
    worker.on("exit", (code) =>
      this.onCrash(instance, new Error(`Runtime exited with error: exit status ${code}`)),
    );
    worker.unref();
    this.instances.push(instance);
    return instance;
  }

  private dispatch(instance: Instance, invocation: Invocation): void {
    instance.current = invocation;
    invocation.cold = !instance.warm;
    const deadline = Date.now() + this.spec.timeoutMs;
    (invocation.message as { deadline: number }).deadline = deadline;
    invocation.functionTimer = setTimeout(
      () => this.onFunctionTimeout(instance, invocation),
      this.spec.timeoutMs,
    );
    instance.worker.postMessage(invocation.message);
  }

  private onMessage(instance: Instance, message: ResultMessage | LogMessage): void {
    if (message.logs) this.options.output(this.spec.functionName, message.logs);
    if (message.id === -1) return;
    const invocation = instance.current;
    if (!invocation || invocation.message.id !== message.id) return;
    clearTimeout(invocation.functionTimer);
    instance.current = undefined;
    instance.warm = true;
    instance.lastUsed = Date.now();
    const result = message as ResultMessage;
    this.settle(
      invocation,
      result.error
        ? { kind: "error", error: result.error, cold: invocation.cold }
        : { kind: "ok", payload: result.result ?? "null", cold: invocation.cold },
    );
    if (result.initFailed) {
      // A failed init resets the environment, as Lambda does.
      void this.stop(instance);
    }
    this.next(instance.dead ? undefined : instance);
  }

  private onFunctionTimeout(instance: Instance, invocation: Invocation): void {
    const seconds = (this.spec.timeoutMs / 1000).toFixed(2);
    this.options.output(
      this.spec.functionName,
      `${new Date().toISOString()} ${invocation.message.requestId} Task timed out after ${seconds} seconds\n`,
    );
    this.settle(invocation, {
      kind: "error",
      error: {
        errorType: "Sandbox.Timedout",
        errorMessage: `${new Date().toISOString()} ${invocation.message.requestId} Task timed out after ${seconds} seconds`,
      },
      cold: invocation.cold,
    });
    instance.current = undefined;
    void this.stop(instance);
    this.next(undefined);
  }

  private onCrash(instance: Instance, error: Error): void {
    if (instance.dead) return;
    instance.dead = true;
    this.remove(instance);
    const invocation = instance.current;
    instance.current = undefined;
    if (invocation) {
      clearTimeout(invocation.functionTimer);
      this.options.output(
        this.spec.functionName,
        `${new Date().toISOString()} ${invocation.message.requestId} ERROR ${error.stack ?? error.message}\n`,
      );
      this.settle(invocation, {
        kind: "error",
        error: {
          errorType: "Runtime.ExitError",
          errorMessage: `RequestId: ${invocation.message.requestId} Error: ${error.message}`,
        },
        cold: invocation.cold,
      });
    } else if (!this.closed) {
      this.options.output(this.spec.functionName, `instance stopped: ${error.message}\n`);
    }
    this.next(undefined);
  }

  /** Hands the next queued invocation to `instance`, or to a new instance when there is room. */
  private next(instance: Instance | undefined): void {
    if (this.closed) return;
    while (this.queueHead < this.queue.length) {
      const invocation = this.queue[this.queueHead];
      if (invocation.settled) {
        this.queueHead++;
        continue;
      }
      const target =
        instance && !instance.dead && instance.current === undefined ? instance : this.idleInstance();
      if (target) {
        this.queueHead++;
        this.dispatch(target, invocation);
        instance = undefined;
        continue;
      }
      if (this.instances.length < this.spec.maxInstances) {
        this.queueHead++;
        this.dispatch(this.start(), invocation);
        continue;
      }
      break;
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private settle(invocation: Invocation, outcome: InvokeOutcome): void {
    if (invocation.settled) return;
    invocation.settled = true;
    clearTimeout(invocation.callerTimer);
    invocation.resolve(outcome);
  }

  private remove(instance: Instance): void {
    const index = this.instances.indexOf(instance);
    if (index !== -1) this.instances.splice(index, 1);
  }

  private async stop(instance: Instance): Promise<void> {
    instance.dead = true;
    this.remove(instance);
    await instance.worker.terminate();
  }

  private reap(ttlMs: number): void {
    const cutoff = Date.now() - ttlMs;
    for (const instance of [...this.instances]) {
      if (instance.current === undefined && instance.lastUsed < cutoff) void this.stop(instance);
    }
  }
}

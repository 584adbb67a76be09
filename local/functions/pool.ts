/**
 * The execution environments of one function: worker threads, created on demand (cold) and reused (warm),
 * one invocation at a time each, up to a cap (the function's reserved concurrency, else the gateway's
 * per-function limit); requests beyond the cap wait in a queue. A busy instance is also handed its next
 * invocation ahead of time, so it starts that one as soon as it is done instead of sleeping until the gateway
 * thread gets to it (one thread wake-up less per request under load); an instance that becomes free first takes
 * such an invocation back if it has not started (see claim.ts). The function's timeout is enforced (the
 * instance is terminated, as Lambda does, and the invocation fails with "Task timed out"); the caller's own
 * deadline (the API's integration timeout) is separate, and a crashed instance is replaced on the next request.
 *
 * New code (a reload, `npm start -- --watch`): `prepare` starts one instance of the new code and loads it; when it
 * loads, every later invocation runs on new instances, while invocations already running finish on the old
 * code (their instances stop after them). When it fails to load, the old code keeps serving.
 */
import { Worker } from "node:worker_threads";
import { type ClaimCells, claim, newClaimCells, offer } from "./claim";
import type {
  FunctionErrorPayload,
  InitMessage,
  InvokeMessage,
  LogMessage,
  ResultMessage,
  WorkerData,
} from "./protocol";
import { workerFile } from "./worker-file";

/** Lambda's synchronous invocation payload limit, for the event and for the result. */
export const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/** How long an invocation handed ahead may wait behind a long one before it moves to another instance. */
const STALLED_MS = 20;

/** How often `closeWhenIdle` looks whether the calls it waits for have ended. */
const IDLE_POLL_MS = 20;

export interface FunctionSpec extends Omit<WorkerData, "claimCells"> {
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
  /**
   * Instances beyond the most recently used one (scaled out for a burst) are stopped after this long idle,
   * so a burst does not keep its isolates for the whole idle TTL. @default 30000
   */
  readonly surplusIdleTtlMs?: number;
  /**
   * A debugger may hold an invocation at a breakpoint: neither the function's timeout nor the caller's deadline
   * ends it. @default false
   */
  readonly debugging?: boolean;
}

interface Invocation {
  readonly message: InvokeMessage;
  readonly resolve: (outcome: InvokeOutcome) => void;
  settled: boolean;
  cold: boolean;
  callerTimer: NodeJS.Timeout | undefined;
  functionTimer: NodeJS.Timeout | undefined;
  /** The busy instance it was handed to ahead of time, until that instance starts it. */
  waitingOn: Instance | undefined;
  /** When it was handed to `waitingOn` (performance.now()). */
  handedAt: number;
}

interface Instance {
  readonly worker: Worker;
  /** The code and settings it was started with. */
  readonly spec: FunctionSpec;
  readonly claimCells: ClaimCells;
  current: Invocation | undefined;
  /** Handed over while `current` runs; it starts right after (unless taken back). */
  next: Invocation | undefined;
  warm: boolean;
  lastUsed: number;
  dead: boolean;
  /** Runs older code than the pool's: takes no new invocation and stops after the one it runs. */
  retired: boolean;
  /** While `prepare` loads it: the answer to its init message. */
  onInit?: (reply: ResultMessage | Error) => void;
}

let nextId = 1;

export class FunctionPool {
  private readonly instances: Instance[] = [];
  /** Instances `prepare` is loading (not serving yet). */
  private readonly preparing = new Set<Instance>();
  private readonly queue: Invocation[] = [];
  private queueHead = 0;
  private closed = false;
  private readonly reaper: NodeJS.Timeout;
  /** Instances started so far (cold starts), for diagnostics and tests. */
  coldStarts = 0;

  constructor(
    private current: FunctionSpec,
    private readonly options: PoolOptions,
  ) {
    const ttl = options.idleTtlMs ?? 900_000;
    const surplusTtl = Math.min(options.surplusIdleTtlMs ?? 30_000, ttl);
    // Checked a few times per TTL, so an instance stops at most a third of it late.
    this.reaper = setInterval(() => this.reap(ttl, surplusTtl), Math.min(surplusTtl / 3, 30_000));
    this.reaper.unref();
  }

  /** The code and settings new instances start with. */
  get spec(): FunctionSpec {
    return this.current;
  }

  get size(): number {
    return this.instances.length;
  }

  /** Instances that take new invocations (not retired). */
  private get serving(): number {
    let count = 0;
    for (const instance of this.instances) if (!instance.retired) count++;
    return count;
  }

  /**
   * Starts an instance of `spec` and loads its handler. When it loads, `spec` becomes the pool's (the instance
   * serves from now, warm, and older instances retire: idle ones stop, busy ones after their invocation);
   * when it fails (or takes longer than `limitMs`), nothing changes and the error (as Lambda reports an init
   * failure) is returned.
   */
  async prepare(spec: FunctionSpec, limitMs?: number): Promise<FunctionErrorPayload | undefined> {
    if (this.closed)
      return { errorType: "Local.GatewayClosed", errorMessage: "the gateway is shutting down" };
    const instance = this.start(spec, false);
    this.preparing.add(instance);
    let timer: NodeJS.Timeout | undefined;
    const reply = await new Promise<ResultMessage | Error>((resolve) => {
      instance.onInit = resolve;
      if (limitMs !== undefined && !this.options.debugging) {
        const errorMessage = `the init did not finish within ${limitMs / 1000} s`;
        timer = setTimeout(
          () => resolve({ id: 0, error: { errorType: "Sandbox.Timedout", errorMessage } }),
          limitMs,
        );
      }
      instance.worker.postMessage({ init: true } satisfies InitMessage);
    });
    clearTimeout(timer);
    instance.onInit = undefined;
    this.preparing.delete(instance);
    const failure =
      reply instanceof Error
        ? { errorType: "Runtime.ExitError", errorMessage: reply.message }
        : reply.error && { ...reply.error };
    if (failure || this.closed) {
      await this.stop(instance);
      return failure;
    }
    instance.warm = true;
    instance.lastUsed = Date.now();
    this.current = spec;
    this.retireAll();
    this.instances.push(instance);
    this.next();
    return undefined;
  }

  /** New invocations run on instances of `spec` from now; older instances retire (see `prepare`). */
  replace(spec: FunctionSpec): void {
    this.current = spec;
    this.retireAll();
    this.next();
  }

  private retireAll(): void {
    for (const instance of [...this.instances]) {
      if (instance.retired || instance.dead) continue;
      instance.retired = true;
      this.requeue(this.takeBack(instance));
      if (instance.current === undefined && instance.next === undefined) void this.stop(instance);
    }
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
        message: { id: nextId++, event, timeoutMs: this.spec.timeoutMs, requestId, slot: 0 },
        resolve,
        settled: false,
        cold: false,
        callerTimer: undefined,
        functionTimer: undefined,
        waitingOn: undefined,
        handedAt: 0,
      };
      const idle = this.idleInstance();
      if (idle || this.serving < this.spec.maxInstances) {
        if (callerTimeoutMs < this.spec.timeoutMs) this.startCallerTimer(invocation, callerTimeoutMs);
        this.dispatch(idle ?? this.start(), invocation);
        return;
      }
      // Waiting for an instance counts against the caller's deadline too.
      this.startCallerTimer(invocation, callerTimeoutMs);
      this.queue.push(invocation);
      this.next();
    });
  }

  private startCallerTimer(invocation: Invocation, callerTimeoutMs: number): void {
    if (this.options.debugging) return;
    invocation.callerTimer = setTimeout(() => {
      // Still waiting in an instance: take it back, so it does not run for a caller that has gone.
      if (invocation.waitingOn) this.takeBack(invocation.waitingOn);
      this.settle(invocation, { kind: "timeout", cold: invocation.cold });
    }, callerTimeoutMs);
  }

  /**
   * Closes once the invocations running or waiting here have ended, or after `graceMs` at most: a reload that
   * drops this function lets the calls already made finish, as Lambda does when a function is deleted.
   */
  async closeWhenIdle(graceMs: number): Promise<void> {
    const deadline = performance.now() + graceMs;
    while (this.busy() && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    await this.close();
  }

  private busy(): boolean {
    return (
      this.queue.length > this.queueHead ||
      this.instances.some((instance) => instance.current !== undefined || instance.next !== undefined)
    );
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
      for (const invocation of [instance.current, instance.next]) {
        if (!invocation) continue;
        clearTimeout(invocation.functionTimer);
        this.settle(invocation, {
          kind: "error",
          error: { errorType: "Local.GatewayClosed", errorMessage: "the gateway is shutting down" },
          cold: false,
        });
      }
    }
    await Promise.all([...this.instances, ...this.preparing].map((instance) => this.stop(instance)));
  }

  private idleInstance(): Instance | undefined {
    // Most recently used first: keeps a few instances hot instead of spreading load thinly.
    let best: Instance | undefined;
    for (const instance of this.instances) {
      if (
        instance.current === undefined &&
        !instance.dead &&
        !instance.retired &&
        (!best || instance.lastUsed > best.lastUsed)
      )
        best = instance;
    }
    return best;
  }

  /** A new instance of `spec` (the pool's by default), serving unless `serve` is false (`prepare`). */
  private start(spec = this.spec, serve = true): Instance {
    this.coldStarts++;
    const { env, timeoutMs: _timeout, maxInstances: _max, ...fields } = spec;
    const claimCells = newClaimCells();
    const data: WorkerData = { ...fields, claimCells };
    const worker = new Worker(workerFile(), {
      // Debuggers list worker threads by this name.
      name: spec.functionName,
      workerData: data,
      env,
      stdout: false,
      stderr: false,
      // The old generation is capped at the function's memory; a small young generation keeps an idle
      // instance near 14 MB instead of 26 MB (measured), at the cost of more (cheap) minor collections. 2 MB
      // instead of 4 saves about 2.5 MB per busy instance at no measurable CPU cost (hello under load).
      resourceLimits: {
        maxOldGenerationSizeMb: Math.max(32, spec.memoryMb),
        maxYoungGenerationSizeMb: 2,
      },
    });
    const instance: Instance = {
      worker,
      spec,
      claimCells,
      current: undefined,
      next: undefined,
      warm: false,
      lastUsed: Date.now(),
      dead: false,
      retired: false,
    };
    worker.on("message", (message: ResultMessage | LogMessage) => this.onMessage(instance, message));
    worker.on("error", (error) => this.onCrash(instance, error));
    worker.on("exit", (code) =>
      this.onCrash(instance, new Error(`Runtime exited with error: exit status ${code}`)),
    );
    worker.unref();
    if (serve) this.instances.push(instance);
    return instance;
  }

  /** Runs `invocation` on the idle `instance`. */
  private dispatch(instance: Instance, invocation: Invocation): void {
    this.begin(instance, invocation);
    this.post(instance, invocation, 0);
  }

  /** Hands `invocation` to the busy `instance`, which starts it when its current one ends. */
  private handAhead(instance: Instance, invocation: Invocation): void {
    instance.next = invocation;
    invocation.waitingOn = instance;
    invocation.handedAt = performance.now();
    // The other slot than the current invocation's, which may not have been claimed yet.
    this.post(instance, invocation, 1 - (instance.current?.message.slot ?? 1));
  }

  private post(instance: Instance, invocation: Invocation, slot: number): void {
    (invocation.message as { slot: number }).slot = slot;
    (invocation.message as { timeoutMs: number }).timeoutMs = instance.spec.timeoutMs;
    offer(instance.claimCells, slot, invocation.message.id);
    instance.worker.postMessage(invocation.message);
  }

  /** `invocation` runs on `instance` from now: the function's timeout starts. */
  private begin(instance: Instance, invocation: Invocation): void {
    instance.current = invocation;
    invocation.waitingOn = undefined;
    invocation.cold = !instance.warm;
    if (this.options.debugging) return;
    invocation.functionTimer = setTimeout(
      () => this.onFunctionTimeout(instance, invocation),
      instance.spec.timeoutMs,
    );
  }

  /**
   * The invocation waiting in `instance`, if the instance has not started it (then it is the caller's again);
   * undefined when there is none or it has started.
   */
  private takeBack(instance: Instance): Invocation | undefined {
    const invocation = instance.next;
    if (!invocation || !claim(instance.claimCells, invocation.message.slot, invocation.message.id))
      return undefined;
    instance.next = undefined;
    invocation.waitingOn = undefined;
    return invocation;
  }

  /** Puts an invocation that never started back at the head of the queue. */
  private requeue(invocation: Invocation | undefined): void {
    if (!invocation) return;
    if (this.queueHead > 0) this.queue[--this.queueHead] = invocation;
    else this.queue.unshift(invocation);
  }

  private onMessage(instance: Instance, message: ResultMessage | LogMessage): void {
    if (message.logs) this.options.output(instance.spec.functionName, message.logs);
    if (message.id === -1) return;
    if (message.id === 0) {
      instance.onInit?.(message);
      return;
    }
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
      // A failed init resets the environment, as Lambda does (the worker starts nothing after it).
      this.releaseNext(instance, "the instance was reset after a failed init");
      void this.stop(instance);
    } else if (instance.retired) {
      // Older code: an invocation it was handed goes to the new code unless it has started already.
      this.requeue(this.takeBack(instance));
      const started = instance.next;
      instance.next = undefined;
      if (started) this.begin(instance, started);
      else void this.stop(instance);
    } else if (instance.next) {
      // The worker went on with the invocation it was handed: it is running now.
      const next = instance.next;
      instance.next = undefined;
      this.begin(instance, next);
    }
    this.next();
  }

  private onFunctionTimeout(instance: Instance, invocation: Invocation): void {
    const seconds = (instance.spec.timeoutMs / 1000).toFixed(2);
    this.options.output(
      instance.spec.functionName,
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
    this.releaseNext(instance, "the instance was stopped: the invocation before this one timed out");
    void this.stop(instance);
    this.next();
  }

  private onCrash(instance: Instance, error: Error): void {
    if (instance.dead) return;
    instance.dead = true;
    instance.onInit?.(error);
    this.remove(instance);
    this.releaseNext(instance, error.message);
    const invocation = instance.current;
    instance.current = undefined;
    if (invocation) {
      clearTimeout(invocation.functionTimer);
      this.options.output(
        instance.spec.functionName,
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
    } else if (!this.closed && !instance.retired && !this.preparing.has(instance)) {
      this.options.output(instance.spec.functionName, `instance stopped: ${error.message}\n`);
    }
    this.next();
  }

  /**
   * Gives invocations waiting in a busy instance (if not started) and then queued ones to free instances, then
   * queued ones to new instances while there is room, then to busy instances ahead of time.
   */
  private next(): void {
    if (this.closed) return;
    // Invocations handed ahead left the queue before anything still in it: a free instance takes them first, and
    // one stuck behind a long invocation moves on, so it cannot wait while later ones keep being served.
    this.rebalance();
    this.moveStalled();
    while (this.queueHead < this.queue.length) {
      const invocation = this.queue[this.queueHead];
      if (invocation.settled) {
        this.queueHead++;
        continue;
      }
      const idle = this.idleInstance();
      if (idle || this.serving < this.spec.maxInstances) {
        this.queueHead++;
        this.dispatch(idle ?? this.start(), invocation);
        continue;
      }
      const busy = this.instances.find(
        (instance) => !instance.dead && !instance.retired && instance.next === undefined,
      );
      if (!busy) break;
      this.queueHead++;
      this.handAhead(busy, invocation);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    if (this.queueHead === this.queue.length) this.rebalance();
  }

  /**
   * An invocation handed ahead that has waited STALLED_MS behind its instance's current one (a long invocation)
   * is handed to a busy instance without a waiting invocation instead: at steady load instances take their next
   * invocation themselves and are never free, so without this it could wait out the whole long invocation.
   */
  private moveStalled(): void {
    const now = performance.now();
    for (const target of this.instances) {
      if (target.dead || target.retired || target.next !== undefined || target.current === undefined)
        continue;
      const stalled = this.instances.find(
        (other) => other !== target && other.next !== undefined && now - other.next.handedAt >= STALLED_MS,
      );
      const invocation = stalled && this.takeBack(stalled);
      if (invocation) this.handAhead(target, invocation);
    }
  }

  private rebalance(): void {
    for (const instance of this.instances) {
      if (!instance.next) continue;
      const idle = this.idleInstance();
      if (!idle) return;
      const invocation = this.takeBack(instance);
      if (invocation) this.dispatch(idle, invocation);
    }
  }

  /** `instance` goes away: the invocation waiting in it goes back to the queue, or fails if it has started. */
  private releaseNext(instance: Instance, reason: string): void {
    const waiting = this.takeBack(instance);
    if (waiting) {
      this.requeue(waiting);
      return;
    }
    const started = instance.next;
    instance.next = undefined;
    if (!started) return;
    clearTimeout(started.functionTimer);
    this.settle(started, {
      kind: "error",
      error: {
        errorType: "Runtime.ExitError",
        errorMessage: `RequestId: ${started.message.requestId} Error: ${reason}`,
      },
      cold: started.cold,
    });
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

  /** Stops instances idle longer than the TTL, and all but the most recently used one after `surplusTtlMs`. */
  private reap(ttlMs: number, surplusTtlMs: number): void {
    const now = Date.now();
    let keeper: Instance | undefined;
    for (const instance of this.instances)
      if (!keeper || instance.lastUsed > keeper.lastUsed) keeper = instance;
    for (const instance of [...this.instances]) {
      if (instance.current !== undefined) continue;
      const idleMs = now - instance.lastUsed;
      if (idleMs > ttlMs || (instance !== keeper && idleMs > surplusTtlMs)) void this.stop(instance);
    }
  }
}

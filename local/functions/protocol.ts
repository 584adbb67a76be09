/**
 * Messages between the gateway and a function's worker thread (one long-lived port per worker). The worker runs
 * the invocations it receives one at a time, in order.
 */

/** Gateway to worker: one invocation. The event travels as JSON text, as Lambda hands it to the runtime. */
export interface InvokeMessage {
  readonly id: number;
  readonly event: string;
  /** The function's timeout, counted from when the worker starts the invocation (`getRemainingTimeInMillis()`). */
  readonly timeoutMs: number;
  readonly requestId: string;
  /** The instance's claim slot for this invocation (claim.ts). */
  readonly slot: number;
}

/**
 * Gateway to worker: load the handler now, before any invocation (a reload checks new code this way). The
 * worker answers with a ResultMessage of id 0: without `error` when the handler loaded.
 */
export interface InitMessage {
  readonly init: true;
}

/** Worker to gateway: the outcome of one invocation, with the output the function wrote meanwhile. */
export interface ResultMessage {
  readonly id: number;
  /** The handler's return value as JSON text (`null` for undefined), when it succeeded. */
  readonly result?: string;
  /** Lambda's error shape, when the handler threw, rejected or could not be loaded. */
  readonly error?: FunctionErrorPayload;
  /** The function could not be initialized (module or handler not found, init threw). */
  readonly initFailed?: boolean;
  readonly logs?: string;
}

/** Worker to gateway: output written outside an invocation (module init, timers). */
export interface LogMessage {
  readonly id: -1;
  readonly logs: string;
}

export interface FunctionErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: string[];
}

/** What the worker needs to load a function like the Node.js Lambda runtime. */
export interface WorkerData {
  /** The unzipped code folder (LAMBDA_TASK_ROOT). */
  readonly dir: string;
  /** The `handler` attribute, e.g. `index.handler` or `src/app.main`. */
  readonly handler: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memoryMb: number;
  readonly logGroupName: string;
  /** Whether the worker may start an invocation it was handed ahead of time (claim.ts). */
  readonly claimCells: Int32Array;
}

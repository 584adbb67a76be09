/**
 * The gateway's output: one line per request (stack, method, path, route, status, duration, function and
 * whether it started cold) and each function's own output prefixed by its name. Lines are buffered and
 * written once per event-loop turn, so logging costs one write per turn rather than one per line.
 */

export interface LogOptions {
  /** One line per request. @default true */
  readonly requests?: boolean;
  /** The functions' own output. @default true */
  readonly functions?: boolean;
  /** Where lines go. @default process.stdout */
  readonly sink?: (text: string) => void;
}

export interface RequestLogEntry {
  readonly stack: string;
  readonly method: string;
  readonly path: string;
  /** The matched route or resource; `undefined` when none matched. */
  readonly route: string | undefined;
  readonly status: number;
  readonly durationMs: number;
  readonly functionName?: string;
  readonly cold?: boolean;
  /** Why the gateway answered itself (throttled, unauthorized, ...). */
  readonly note?: string;
}

export class GatewayLog {
  private buffer = "";
  private scheduled = false;
  private readonly sink: (text: string) => void;
  readonly requests: boolean;
  readonly functions: boolean;

  constructor(options: LogOptions = {}) {
    this.sink = options.sink ?? ((text) => process.stdout.write(text));
    this.requests = options.requests !== false;
    this.functions = options.functions !== false;
  }

  /** A line of the gateway's own. */
  info(message: string): void {
    this.push(`${message}\n`);
  }

  request(entry: RequestLogEntry): void {
    if (!this.requests) return;
    let line = `${entry.stack} ${entry.method} ${entry.path} ${entry.route ?? "-"} ${entry.status} ${entry.durationMs.toFixed(1)}ms`;
    if (entry.functionName) line += ` ${entry.functionName} ${entry.cold ? "cold" : "warm"}`;
    if (entry.note) line += ` (${entry.note})`;
    this.push(`${line}\n`);
  }

  /** A function's output, every line prefixed with `[function name]`. */
  functionOutput(functionName: string, text: string): void {
    if (!this.functions || text === "") return;
    const prefix = `[${functionName}] `;
    const lines = text.endsWith("\n") ? text.slice(0, -1) : text;
    // Most invocations write one line: no split and join for those.
    this.push(
      lines.includes("\n") ? `${prefix}${lines.split("\n").join(`\n${prefix}`)}\n` : `${prefix}${lines}\n`,
    );
  }

  flush(): void {
    this.scheduled = false;
    if (this.buffer === "") return;
    const text = this.buffer;
    this.buffer = "";
    this.sink(text);
  }

  private push(text: string): void {
    this.buffer += text;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
}

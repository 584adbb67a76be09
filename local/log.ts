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

/** What a live subscriber (the console's log stream) receives: a request with the function output it caused. */
export interface LiveRequest extends RequestLogEntry {
  /** Increasing per gateway. */
  readonly seq: number;
  /** Epoch milliseconds when the request finished. */
  readonly at: number;
  /**
   * The function's output lines since its previous request, and the lines of other functions of the same
   * stack since then (its authorizer's), prefixed `[name]` (best effort: concurrent requests to one stack
   * may swap lines).
   */
  readonly output: readonly string[];
}

/** Requests kept for a subscriber that connects later. */
const HISTORY = 200;
/** Output lines kept per stack until a request that ran a function finishes. */
const PENDING_LINES = 200;
/** Largest note and path in a request line or a live entry (UTF-8 bytes; longer ones are cut). */
export const MAX_NOTE_BYTES = 1024;
/**
 * Largest function output a live entry carries (UTF-8 bytes, lines cut or left out past it), so the history
 * (200 entries) stays under 2 MB whatever the functions print.
 */
export const MAX_ENTRY_OUTPUT_BYTES = 8 * 1024;

/** `text` cut to at most `max` UTF-8 bytes (whole characters), with a marker saying how much was cut. */
export function capBytes(text: string, max: number): string {
  if (text.length * 3 <= max) return text;
  const bytes = Buffer.byteLength(text);
  if (bytes <= max) return text;
  const marker = ` ... (${bytes} bytes, cut)`;
  let kept = Buffer.from(text)
    .subarray(0, Math.max(0, max - marker.length))
    .toString("utf8");
  // A character split by the cut decodes to U+FFFD at the end: leave it out.
  if (kept.endsWith("\uFFFD")) kept = kept.slice(0, -1);
  return kept + marker;
}

/** Output lines that fit in `max` bytes together, each cut to fit; a last line says how many were left out. */
function capLines(lines: readonly string[], max: number): string[] {
  const out: string[] = [];
  let left = max;
  for (let index = 0; index < lines.length; index++) {
    if (left <= 0) {
      out.push(`... (${lines.length - index} more lines left out)`);
      break;
    }
    const line = capBytes(lines[index], left);
    left -= Buffer.byteLength(line) + 1;
    out.push(line);
  }
  return out;
}

export class GatewayLog {
  private readonly listeners = new Set<(entry: LiveRequest) => void>();
  private readonly history: LiveRequest[] = [];
  /** Per stack (or per function when the caller names no stack): `[function, line]`. */
  private readonly pending = new Map<string, [string, string][]>();
  private seq = 0;
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

  /**
   * Calls `listener` with every request from now on (after replaying the recent ones); returns the unsubscribe.
   * Recording starts with the first subscriber, so a gateway nobody watches pays nothing.
   */
  subscribe(listener: (entry: LiveRequest) => void, replay = true): () => void {
    if (replay) for (const entry of [...this.history]) listener(entry);
    this.listeners.add(listener);
    this.watched = true;
    return () => {
      this.listeners.delete(listener);
    };
  }

  private watched = false;

  request(full: RequestLogEntry): void {
    const entry =
      full.path.length * 3 > MAX_NOTE_BYTES ||
      (full.note !== undefined && full.note.length * 3 > MAX_NOTE_BYTES)
        ? {
            ...full,
            path: capBytes(full.path, MAX_NOTE_BYTES),
            note: full.note === undefined ? undefined : capBytes(full.note, MAX_NOTE_BYTES),
          }
        : full;
    if (this.watched) this.record(entry);
    if (!this.requests) return;
    let line = `${entry.stack} ${entry.method} ${entry.path} ${entry.route ?? "-"} ${entry.status} ${entry.durationMs.toFixed(1)}ms`;
    if (entry.functionName) line += ` ${entry.functionName} ${entry.cold ? "cold" : "warm"}`;
    if (entry.note) line += ` (${entry.note})`;
    this.push(`${line}\n`);
  }

  private record(entry: RequestLogEntry): void {
    let output: string[] = [];
    if (entry.functionName) {
      const own = entry.functionName;
      const lines = [...(this.pending.get(entry.stack) ?? []), ...(this.pending.get(`fn:${own}`) ?? [])];
      this.pending.delete(entry.stack);
      this.pending.delete(`fn:${own}`);
      output = capLines(
        lines.map(([fn, line]) => (fn === own ? line : `[${fn}] ${line}`)),
        MAX_ENTRY_OUTPUT_BYTES,
      );
    }
    const live: LiveRequest = { ...entry, seq: ++this.seq, at: Date.now(), output };
    this.history.push(live);
    if (this.history.length > HISTORY) this.history.shift();
    for (const listener of this.listeners) {
      // A subscriber's failure is its own: the request that is being logged and the others go on.
      try {
        listener(live);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  /** A function's output, every line prefixed with `[function name]`; `stack` groups it for live subscribers. */
  functionOutput(functionName: string, text: string, stack?: string): void {
    if (this.watched && text !== "") {
      const key = stack ?? `fn:${functionName}`;
      const lines = this.pending.get(key) ?? [];
      for (const line of (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n"))
        lines.push([functionName, capBytes(line, MAX_ENTRY_OUTPUT_BYTES)]);
      if (lines.length > PENDING_LINES) lines.splice(0, lines.length - PENDING_LINES);
      this.pending.set(key, lines);
    }
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

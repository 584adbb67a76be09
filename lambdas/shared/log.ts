/**
 * A tiny structured logger: one JSON line per call, so CloudWatch Logs Insights can query every field.
 * No dependency, to keep the cold start of every function small.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the request id). */
  child(fields: LogFields): Logger;
}

const severity: Record<LogLevel | "silent", number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

/** `LOG_LEVEL` (debug | info | warn | error | silent) sets the lowest level written; default info. */
function threshold(): number {
  const configured = process.env.LOG_LEVEL?.toLowerCase();
  return configured !== undefined && configured in severity
    ? severity[configured as LogLevel | "silent"]
    : severity.info;
}

/** Errors have no enumerable fields, so JSON.stringify would print `{}`: keep name, message and stack. */
function serializable(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** The header names: always first in the line, and never overridden by a field of the same name. */
const HEADER = new Set(["level", "time", "message"]);

/** `,"key":value` for a field; nothing for what JSON.stringify would drop (undefined, functions, symbols). */
function member(key: string, value: unknown): string {
  if (HEADER.has(key)) return "";
  // Only objects can hold an Error or a bigint further down; the replacer is slow, so primitives skip it.
  const json: string | undefined =
    typeof value === "object" || typeof value === "bigint"
      ? JSON.stringify(value, serializable)
      : JSON.stringify(value);
  // undefined for undefined, functions, symbols and a toJSON() that returns nothing: JSON.stringify leaves
  // such a member out too.
  return json === undefined ? "" : `,${JSON.stringify(key)}:${json}`;
}

/**
 * The fields of a line, `base` overridden by `fields` (a key keeps its first position). Built as a string
 * without object spreads: they were most of a line's cost, which every request pays.
 */
function members(base: LogFields, fields: LogFields): string {
  let json = "";
  for (const key of Object.keys(base)) {
    json += member(key, Object.hasOwn(fields, key) ? fields[key] : base[key]);
  }
  for (const key of Object.keys(fields)) if (!Object.hasOwn(base, key)) json += member(key, fields[key]);
  return json;
}

function write(level: LogLevel, message: string, base: LogFields, fields: LogFields): void {
  if (severity[level] < threshold()) return;
  let line = `{"level":"${level}","time":"${new Date().toISOString()}","message":${JSON.stringify(String(message))}`;
  try {
    line += members(base, fields);
  } catch {
    // A circular field must not turn a log call into a failed request.
    line += ',"logError":"fields not serializable"';
  }
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}}\n`);
}

export function createLogger(base: LogFields = {}): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) =>
      write(level, message, base, fields);
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => createLogger(Object.assign({}, base, fields)),
  };
}

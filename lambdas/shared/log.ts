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

function write(level: LogLevel, message: string, fields: LogFields): void {
  if (severity[level] < threshold()) return;
  const header = { level, time: new Date().toISOString(), message };
  let line: string;
  try {
    // The header goes first in the line and cannot be overridden by a field of the same name.
    line = JSON.stringify({ ...header, ...fields, ...header }, serializable);
  } catch {
    // A circular field must not turn a log call into a failed request.
    line = JSON.stringify({ ...header, logError: "fields not serializable" });
  }
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

export function createLogger(base: LogFields = {}): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) =>
      write(level, message, { ...base, ...fields });
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

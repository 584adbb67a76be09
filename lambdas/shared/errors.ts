/**
 * Domain errors and the one place that turns any thrown value into an HTTP answer.
 * A domain error is the client's mistake (or a state the client must know about): its message goes to the
 * client. Anything else is our bug or an outage: the client gets a generic 500, the detail goes to the log.
 */
import type { Logger } from "./log";
import { type HttpResult, json } from "./response";

/** Base of every error whose message is meant for the caller. */
export abstract class HttpError extends Error {
  abstract readonly statusCode: number;
  /** Extra fields of the JSON error body, next to `message`. */
  readonly details: Record<string, unknown>;
  /** Extra response headers (e.g. `allow` on a 405). */
  readonly headers: Record<string, string>;

  constructor(
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }
}

export class BadRequestError extends HttpError {
  readonly statusCode = 400;
}

export class NotFoundError extends HttpError {
  readonly statusCode = 404;
}

export class ItemNotFoundError extends NotFoundError {
  constructor(readonly id: string) {
    super(`item ${id} not found`);
  }
}

export class MethodNotAllowedError extends HttpError {
  readonly statusCode = 405;
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(`method ${method} is not allowed on ${path}; allowed: ${allowed.join(", ")}`, {
      headers: { allow: allowed.join(", ") },
    });
  }
}

export class ConflictError extends HttpError {
  readonly statusCode = 409;
}

export class VersionConflictError extends ConflictError {
  constructor(id: string, currentVersion: number, sentVersion: number) {
    super(`version conflict: item ${id} is at version ${currentVersion}, you sent ${sentVersion}`, {
      details: { id, currentVersion, sentVersion },
    });
  }
}

export class PayloadTooLargeError extends HttpError {
  readonly statusCode = 413;
}

export class UnsupportedMediaTypeError extends HttpError {
  readonly statusCode = 415;
}

export class PreconditionRequiredError extends HttpError {
  readonly statusCode = 428;
}

/** Maps anything thrown by a handler to its response; never throws. */
export function errorResponse(error: unknown, log: Logger): HttpResult {
  if (error instanceof HttpError) {
    return json(error.statusCode, { ...error.details, message: error.message }, error.headers);
  }
  // The detail may name tables, hosts or data: log it, never send it.
  log.error("unhandled error", { error });
  return json(500, { message: "Internal server error" });
}

/** A client-supplied value for an error message: JSON-quoted and shortened, so messages stay readable. */
export function quote(value: string, maxLength = 40): string {
  const chars = [...value];
  return JSON.stringify(chars.length > maxLength ? `${chars.slice(0, maxLength).join("")}...` : value);
}

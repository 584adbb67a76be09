/** Writing responses: flat header lists (fast path in Node), JSON error bodies, header checks. */
import { type ServerResponse, validateHeaderName, validateHeaderValue } from "node:http";

/** `[name, value, name, value...]`; a name may repeat (e.g. `set-cookie`). */
export type HeaderList = string[];

export function send(
  res: ServerResponse,
  status: number,
  headers: HeaderList,
  body: string | Buffer | undefined,
): void {
  if (res.headersSent || res.destroyed) return;
  const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.length;
  headers.push("Content-Length", String(length));
  res.writeHead(status, headers);
  res.end(body);
}

/** A compact JSON error body, as API Gateway writes them: `{"message":"Not Found"}`. */
export function messageBody(message: string | null, key = "message"): string {
  return `{${JSON.stringify(key)}:${message === null ? "null" : JSON.stringify(message)}}`;
}

/**
 * Whether Node can write this header: a token as name, a value of Latin-1 characters without CR, LF or NUL.
 * A function's result is checked with it before anything is written (`writeHead` throws on such a header).
 */
export function isValidHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

/** Whether every pair of a flat `[name, value...]` list can be written. */
export function allValidHeaders(headers: readonly string[]): boolean {
  for (let index = 0; index + 1 < headers.length; index += 2)
    if (!isValidHeader(headers[index], headers[index + 1])) return false;
  return true;
}

/** Writing responses: flat header lists (fast path in Node), JSON error bodies. */
import type { ServerResponse } from "node:http";

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

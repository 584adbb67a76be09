/**
 * Proxy results that every API Gateway variant accepts: REST answers 502 to unknown top-level keys and to
 * non-string header values, so results carry exactly `statusCode`, string `headers` and a string `body`.
 */

export interface HttpResult {
  statusCode: number;
  /** Lower-case names, string values. */
  headers: Record<string, string>;
  body: string;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body) ?? "null",
  };
}

/** A response without a body, e.g. 204 after a delete. */
export function noContent(headers: Record<string, string> = {}): HttpResult {
  return { statusCode: 204, headers, body: "" };
}

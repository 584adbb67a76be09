/**
 * Turning a Lambda result into the HTTP API's answer (spec §2.3 payload 2.0, §2.4 payload 1.0). `undefined`
 * means the result is invalid: the gateway answers 500. A header HTTP cannot carry (CR, LF or NUL, a character
 * outside Latin-1, a name that is not a token) makes the result invalid too: AWS answers such a result with
 * its malformed-response error instead of writing the header.
 */
import { allValidHeaders } from "../http/respond";

export interface MappedResponse {
  readonly status: number;
  /** Flat `[name, value...]` list; `set-cookie` may repeat. */
  readonly headers: string[];
  readonly body: string | Buffer;
}

export interface ResponseRules {
  /**
   * A non-string `body` next to `statusCode` (spec §8.2 [U]): `"error"` answers 500 (serverless-offline),
   * `"stringify"` sends its JSON.
   * @default "error"
   */
  readonly nonStringBody?: "error" | "stringify";
  /** Content type of a structured response that sets none (spec §8.2 [U]; SAM). @default "application/json" */
  readonly defaultContentType?: string;
}

/** Response headers the gateway computes itself. */
const DROPPED = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A status code from a number or a numeric string; undefined when it is neither a valid HTTP status. */
export function statusOf(value: unknown): number | undefined {
  const status =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d+$/.test(value.trim())
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function hasHeader(headers: readonly string[], name: string): boolean {
  for (let index = 0; index < headers.length; index += 2)
    if (headers[index].toLowerCase() === name) return true;
  return false;
}

export function mapVersion2(payload: string, rules: ResponseRules = {}): MappedResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !("statusCode" in value)) {
    // Inferred: any JSON without statusCode is a 200 JSON body (a string result is the body itself).
    return {
      status: 200,
      headers: ["content-type", "application/json"],
      body: typeof value === "string" ? value : payload,
    };
  }
  const status = statusOf(value.statusCode);
  if (status === undefined) return undefined;
  const headers: string[] = [];
  if (isRecord(value.headers)) {
    for (const [name, raw] of Object.entries(value.headers)) {
      if (raw === null || raw === undefined) continue;
      const text = scalar(raw);
      if (text === undefined) return undefined;
      if (!DROPPED.has(name.toLowerCase())) headers.push(name, text);
    }
  } else if (value.headers !== undefined && value.headers !== null) return undefined;
  if (Array.isArray(value.cookies)) {
    for (const cookie of value.cookies) headers.push("set-cookie", String(cookie));
  } else if (value.cookies !== undefined && value.cookies !== null) return undefined;
  let body: string | Buffer = "";
  if (typeof value.body === "string") body = value.body;
  else if (value.body !== undefined && value.body !== null) {
    if ((rules.nonStringBody ?? "error") === "error") return undefined;
    body = JSON.stringify(value.body);
  }
  if (value.isBase64Encoded === true && typeof body === "string") body = Buffer.from(body, "base64");
  if (!allValidHeaders(headers)) return undefined;
  if (!hasHeader(headers, "content-type") && body.length > 0)
    headers.push("content-type", rules.defaultContentType ?? "application/json");
  return { status, headers, body };
}

/** Payload 1.0 on an HTTP API: `statusCode` is required; unknown keys are ignored. */
export function mapVersion1(payload: string): MappedResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const status = statusOf(value.statusCode);
  if (status === undefined) return undefined;
  const headers: string[] = [];
  const seen = new Set<string>();
  if (isRecord(value.multiValueHeaders)) {
    for (const [name, list] of Object.entries(value.multiValueHeaders)) {
      if (!Array.isArray(list)) return undefined;
      if (DROPPED.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      for (const item of list) headers.push(name, String(item));
    }
  }
  if (isRecord(value.headers)) {
    for (const [name, raw] of Object.entries(value.headers)) {
      if (
        raw === null ||
        raw === undefined ||
        DROPPED.has(name.toLowerCase()) ||
        seen.has(name.toLowerCase())
      )
        continue;
      const text = scalar(raw);
      if (text === undefined) return undefined;
      headers.push(name, text);
    }
  }
  let body: string | Buffer =
    typeof value.body === "string" ? value.body : value.body == null ? "" : JSON.stringify(value.body);
  if (value.isBase64Encoded === true && typeof body === "string") body = Buffer.from(body, "base64");
  if (!allValidHeaders(headers)) return undefined;
  if (!hasHeader(headers, "content-type") && body.length > 0)
    headers.push("content-type", "application/json");
  return { status, headers, body };
}

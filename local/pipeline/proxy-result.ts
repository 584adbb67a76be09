/**
 * A Lambda proxy result turned into the client's answer, for every variant in one place: REST payload 1.0
 * (docs/gateway-behavior.md §1.3, recorded against AWS), HTTP API payload 2.0 and 1.0 (§2.3, §2.4), a
 * WebSocket `$connect` result (§3.2) and a WebSocket route response (§3.3). `undefined` means a malformed
 * result: REST answers 502, an HTTP API 500, `$connect` 502. A header HTTP cannot carry (CR, LF or NUL, a
 * character outside Latin-1, a name that is not a token) makes the result malformed too: AWS answers such a
 * result with its malformed-response error instead of writing the header.
 */
import { matchesMediaType, mediaType } from "../events/body";
import { allValidHeaders } from "../http/respond";

export interface ProxyReply {
  readonly status: number;
  /** Flat `[name, value...]`; `set-cookie` may repeat. */
  readonly headers: string[];
  readonly body: string | Buffer;
}

/** Response headers the gateway frames itself, whatever the function returns. */
const FRAMING = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

/**
 * Response headers a REST API sends on as `x-amzn-Remapped-<name>` instead of under their own name (recorded on
 * AWS, docs/gateway-behavior.md §1.3), written with the recorded casing.
 */
const REST_REMAPPED = new Map(
  [
    "Authorization",
    "Connection",
    "Content-Length",
    "Content-MD5",
    "Date",
    "Expect",
    "Host",
    "Max-Forwards",
    "Proxy-Authenticate",
    "Server",
    "Trailer",
    "Upgrade",
    "User-Agent",
    "WWW-Authenticate",
  ].map((name) => [name.toLowerCase(), `x-amzn-Remapped-${name}`]),
);

function parse(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The result as an object, or undefined when it is not a JSON object. */
export function resultObject(payload: string): Record<string, unknown> | undefined {
  const value = parse(payload);
  return isRecord(value) ? value : undefined;
}

/** A status from a number or a numeric string; undefined when it is not a valid HTTP status. */
export function statusOf(value: unknown): number | undefined {
  const status =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

function hasHeader(headers: readonly string[], name: string): boolean {
  for (let index = 0; index < headers.length; index += 2)
    if (headers[index].toLowerCase() === name) return true;
  return false;
}

// ---- REST, payload 1.0 -----------------------------------------------------------------------------------

/** The only keys a REST proxy result may have (SAM's `base64Encoded` too); anything else is a 502. */
const REST_KEYS = new Set([
  "statusCode",
  "headers",
  "multiValueHeaders",
  "body",
  "isBase64Encoded",
  "base64Encoded",
]);

/** REST header values: strings and booleans (a boolean is recorded as accepted). */
function restHeaderText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return undefined;
}

export function restProxyReply(
  payload: string,
  binaryMediaTypes: readonly string[],
  accept: string | undefined,
): ProxyReply | undefined {
  const value = resultObject(payload);
  if (!value) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0 || keys.some((key) => !REST_KEYS.has(key))) return undefined;
  let status = 200;
  if (value.statusCode !== undefined && value.statusCode !== null) {
    const parsed = statusOf(value.statusCode);
    if (parsed === undefined) return undefined;
    status = parsed;
  }
  // Multi-value headers first (their name casing wins), then single values of the same name are appended.
  const order: string[] = [];
  const values = new Map<string, { name: string; list: string[] }>();
  if (value.multiValueHeaders !== undefined && value.multiValueHeaders !== null) {
    if (!isRecord(value.multiValueHeaders)) return undefined;
    for (const [name, list] of Object.entries(value.multiValueHeaders)) {
      if (!Array.isArray(list)) return undefined;
      const texts: string[] = [];
      for (const item of list) {
        const text = restHeaderText(item);
        if (text === undefined) return undefined;
        texts.push(text);
      }
      const lower = name.toLowerCase();
      if (!values.has(lower)) order.push(lower);
      values.set(lower, { name, list: [...(values.get(lower)?.list ?? []), ...texts] });
    }
  }
  if (value.headers !== undefined && value.headers !== null) {
    if (!isRecord(value.headers)) return undefined;
    for (const [name, raw] of Object.entries(value.headers)) {
      if (raw === null) continue;
      const text = restHeaderText(raw);
      if (text === undefined) return undefined;
      const lower = name.toLowerCase();
      const existing = values.get(lower);
      if (existing) existing.list.push(text);
      else {
        order.push(lower);
        values.set(lower, { name, list: [text] });
      }
    }
  }
  const headers: string[] = [];
  for (const lower of order) {
    const { name, list } = values.get(lower) as { name: string; list: string[] };
    const remapped = REST_REMAPPED.get(lower);
    if (remapped) headers.push(remapped, list.join(", "));
    else if (FRAMING.has(lower)) continue;
    else if (lower === "set-cookie") for (const item of list) headers.push(name, item);
    else headers.push(name, list.join(", "));
  }
  if (!allValidHeaders(headers)) return undefined;
  if (!values.has("content-type")) headers.push("Content-Type", "application/json");
  if (value.body !== undefined && value.body !== null && typeof value.body !== "string") return undefined;
  const text = typeof value.body === "string" ? value.body : "";
  const base64 = value.isBase64Encoded === true || value.base64Encoded === true;
  if (base64 && binaryMediaTypes.length > 0) {
    const firstAccept = mediaType(accept?.split(",")[0]);
    const contentType = mediaType(values.get("content-type")?.list[0]);
    if (matchesMediaType(firstAccept, binaryMediaTypes) || matchesMediaType(contentType, binaryMediaTypes)) {
      return { status, headers, body: Buffer.from(text, "base64") };
    }
  }
  return { status, headers, body: text };
}

// ---- HTTP API, payload 2.0 and 1.0 -----------------------------------------------------------------------

export interface HttpResultRules {
  /**
   * A non-string `body` next to `statusCode` (§8.2): `"error"` answers 500 (serverless-offline), `"stringify"`
   * sends its JSON.
   * @default "error"
   */
  readonly nonStringBody?: "error" | "stringify";
  /** Content type of a structured response that sets none (§8.2; SAM). @default "application/json" */
  readonly defaultContentType?: string;
}

/** HTTP API header values: strings, numbers and booleans are sent as text. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function httpProxyReplyV2(payload: string, rules: HttpResultRules = {}): ProxyReply | undefined {
  const value = parse(payload);
  if (value === undefined) return undefined;
  if (!isRecord(value) || !("statusCode" in value)) {
    // Any JSON without statusCode is a 200 JSON body (a string result is the body itself).
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
      const text = scalarText(raw);
      if (text === undefined) return undefined;
      if (!FRAMING.has(name.toLowerCase())) headers.push(name, text);
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
export function httpProxyReplyV1(payload: string): ProxyReply | undefined {
  const value = resultObject(payload);
  if (!value) return undefined;
  const status = statusOf(value.statusCode);
  if (status === undefined) return undefined;
  const headers: string[] = [];
  const seen = new Set<string>();
  if (isRecord(value.multiValueHeaders)) {
    for (const [name, list] of Object.entries(value.multiValueHeaders)) {
      if (!Array.isArray(list)) return undefined;
      if (FRAMING.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      for (const item of list) headers.push(name, String(item));
    }
  }
  if (isRecord(value.headers)) {
    for (const [name, raw] of Object.entries(value.headers)) {
      const lower = name.toLowerCase();
      if (raw === null || raw === undefined || FRAMING.has(lower) || seen.has(lower)) continue;
      const text = scalarText(raw);
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

// ---- WebSocket -------------------------------------------------------------------------------------------

/**
 * A `$connect` result: its status (200 when it sets none; undefined when it is not a status), the headers to
 * put on the 101 response (undefined when one cannot be carried) and its body (sent with a refusal).
 */
export function connectResult(payload: string): {
  readonly status: number | undefined;
  readonly headers: string[] | undefined;
  readonly body: string;
} {
  const result = resultObject(payload);
  const status = result?.statusCode === undefined ? 200 : statusOf(result.statusCode);
  const headers: string[] = [];
  if (isRecord(result?.headers)) {
    for (const [name, value] of Object.entries(result.headers)) headers.push(name, String(value));
  }
  return {
    status,
    headers: allValidHeaders(headers) ? headers : undefined,
    body: typeof result?.body === "string" ? result.body : "",
  };
}

/**
 * What a route with a route response sends back: the result's `body`; a result that is not an object is sent
 * as its text (a JSON string without its quotes); `null` and objects without a body send nothing.
 */
export function routeReplyText(payload: string): string | undefined {
  const value = parse(payload);
  if (isRecord(value)) return typeof value.body === "string" ? value.body : undefined;
  if (value === null) return undefined;
  return typeof value === "string" ? value : payload;
}

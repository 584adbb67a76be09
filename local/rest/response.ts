/**
 * A Lambda proxy result (payload 1.0) as a REST API answers it (spec §1.3, recorded against AWS): only the
 * keys `statusCode`, `headers`, `multiValueHeaders`, `body`, `isBase64Encoded` (and SAM's `base64Encoded`);
 * anything else, an empty object, a non-object or a non-numeric status is a 502, and so is a header HTTP
 * cannot carry (CR, LF or NUL, a character outside Latin-1, a name that is not a token).
 */
import { matchesMediaType, mediaType } from "../events/body";
import { allValidHeaders } from "../http/respond";

export interface ProxyResponse {
  readonly status: number;
  readonly headers: string[];
  readonly body: string | Buffer;
}

const KNOWN = new Set([
  "statusCode",
  "headers",
  "multiValueHeaders",
  "body",
  "isBase64Encoded",
  "base64Encoded",
]);
const DROPPED = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function headerText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return undefined;
}

/** `undefined` means a malformed result (502). */
export function mapRestProxyResult(
  payload: string,
  binaryMediaTypes: readonly string[],
  accept: string | undefined,
): ProxyResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0 || keys.some((key) => !KNOWN.has(key))) return undefined;
  let status = 200;
  if (value.statusCode !== undefined && value.statusCode !== null) {
    const raw = value.statusCode;
    const parsed =
      typeof raw === "number"
        ? raw
        : typeof raw === "string" && /^\s*\d+\s*$/.test(raw)
          ? Number(raw)
          : Number.NaN;
    if (!Number.isInteger(parsed) || parsed < 100 || parsed > 599) return undefined;
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
        const text = headerText(item);
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
      const text = headerText(raw);
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
    if (DROPPED.has(lower)) continue;
    const { name, list } = values.get(lower) as { name: string; list: string[] };
    if (lower === "set-cookie") for (const item of list) headers.push(name, item);
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

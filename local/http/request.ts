/** Reading an incoming request into what API Gateway sees: raw path and query, headers in order, body bytes. */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

/** A request as read off the socket. */
export interface Incoming {
  readonly method: string;
  /** The path exactly as sent, not decoded, without the query. */
  readonly rawPath: string;
  /** The query without `?` (and without any `#fragment`); `""` when none. */
  readonly rawQuery: string;
  /** Node's `rawHeaders`: names in the client's casing, duplicates kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly timeEpoch: number;
  /** Milliseconds from `performance.now()` when the request arrived (for durations). */
  readonly started: number;
}

/** `req.url` split into raw path and raw query (absolute-form targets reduced to their path). */
export function splitTarget(url: string): { rawPath: string; rawQuery: string } {
  let target = url;
  if (!target.startsWith("/")) {
    const scheme = target.indexOf("://");
    if (scheme !== -1) {
      const slash = target.indexOf("/", scheme + 3);
      target = slash === -1 ? "/" : target.slice(slash);
    } else target = `/${target}`;
  }
  const hash = target.indexOf("#");
  if (hash !== -1) target = target.slice(0, hash);
  const question = target.indexOf("?");
  if (question === -1) return { rawPath: target, rawQuery: "" };
  return { rawPath: target.slice(0, question), rawQuery: target.slice(question + 1) };
}

export class RequestTooLargeError extends Error {}

/** Whether the request announces a body (a length above zero or a transfer coding). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return length !== "0";
  return req.headers["transfer-encoding"] !== undefined;
}

/** The request body, up to `limit` bytes; a larger body rejects with `RequestTooLargeError`. */
export function readBody(req: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<Buffer> {
  if (!hasBody(req)) return Promise.resolve(EMPTY);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new RequestTooLargeError(`content length ${declared} exceeds ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new RequestTooLargeError(`body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on("error", (error) => {
      if (!failed) {
        failed = true;
        reject(error);
      }
    });
  });
}

export function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "127.0.0.1";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/** Request headers API Gateway does not forward (hop-by-hop). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-connection",
]);

/**
 * Request headers a REST API does not pass to a Lambda proxy integration besides the hop-by-hop ones (recorded on
 * AWS, docs/gateway-behavior.md §1.1): the body's framing and checksum, and headers that only mean something to
 * the server or proxy the client spoke to. HTTP APIs are not recorded for these and keep them.
 */
const REST_NOT_FORWARDED = new Set([
  "content-length",
  "content-md5",
  "expect",
  "max-forwards",
  "proxy-authenticate",
  "server",
  "www-authenticate",
]);

export interface ForwardingFacts {
  readonly sourceIp: string;
  readonly port: number;
  readonly traceId: string;
  /** Edge-optimized endpoints: CloudFront's request id (the `X-Amz-Cf-Id` it also puts on the answer). */
  readonly cloudFrontId?: string;
  /**
   * REST's rules (§1.1, recorded): an `authorization` header reaches the function as `Authorization`, and the
   * headers in `REST_NOT_FORWARDED` do not reach it.
   */
  readonly rest?: boolean;
}

/** The address of the made-up CloudFront edge in front of edge-optimized APIs (a documentation address). */
export const CLOUDFRONT_EDGE_IP = "198.51.100.10";

/** CloudFront's `Via` value (one made-up edge server per gateway, in CloudFront's format). */
export const CLOUDFRONT_VIA = `1.1 ${randomBytes(16).toString("hex")}.cloudfront.net (CloudFront)`;

/**
 * The headers an integration receives: the client's (hop-by-hop ones dropped), then the ones API Gateway
 * adds: CloudFront's on edge-optimized APIs, `X-Amzn-Trace-Id`, `X-Forwarded-For` (the client's list plus its
 * address), `-Port`, `-Proto` (docs/gateway-behavior.md §1.1, recorded in LocalStack's AWS-validated snapshots).
 */
export function forwardedHeaders(raw: readonly string[], facts: ForwardingFacts): string[] {
  const out: string[] = [];
  let forwardedFor: string | undefined;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index];
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || (facts.rest && REST_NOT_FORWARDED.has(lower))) continue;
    if (lower === "x-forwarded-for") {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${raw[index + 1]}` : raw[index + 1];
      continue;
    }
    if (lower === "x-forwarded-port" || lower === "x-forwarded-proto" || lower === "x-amzn-trace-id")
      continue;
    out.push(facts.rest && lower === "authorization" ? "Authorization" : name, raw[index + 1]);
  }
  if (facts.cloudFrontId !== undefined) {
    out.push(
      "CloudFront-Forwarded-Proto",
      "http",
      "CloudFront-Is-Desktop-Viewer",
      "true",
      "CloudFront-Is-Mobile-Viewer",
      "false",
      "CloudFront-Is-SmartTV-Viewer",
      "false",
      "CloudFront-Is-Tablet-Viewer",
      "false",
      "CloudFront-Viewer-ASN",
      // An ASN from the range RFC 5398 reserves for documentation.
      "64496",
      "CloudFront-Viewer-Country",
      "US",
      "Via",
      CLOUDFRONT_VIA,
      "X-Amz-Cf-Id",
      facts.cloudFrontId,
    );
  }
  // On edge-optimized APIs CloudFront is the last hop: the client's address, then CloudFront's (recorded).
  const hops = facts.cloudFrontId !== undefined ? `${facts.sourceIp}, ${CLOUDFRONT_EDGE_IP}` : facts.sourceIp;
  out.push(
    "X-Amzn-Trace-Id",
    facts.traceId,
    "X-Forwarded-For",
    forwardedFor ? `${forwardedFor}, ${hops}` : hops,
    "X-Forwarded-Port",
    String(facts.port),
    "X-Forwarded-Proto",
    "http",
  );
  return out;
}

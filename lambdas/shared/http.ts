/**
 * One request shape for every API Gateway proxy event (REST 1.0, HTTP API 1.0 and 2.0); the response
 * builders live in `response.ts` and are re-exported here. Handlers see only `HttpRequest` and `HttpResult`,
 * so they work behind any of the stacks.
 */
import { BadRequestError } from "./errors";

export { type HttpResult, json, noContent } from "./response";

export type PayloadFormat = "1.0" | "2.0";
export type StringMap = Readonly<Record<string, string>>;

export interface HttpRequest {
  readonly format: PayloadFormat;
  /** Upper-case HTTP method, e.g. `GET`. */
  readonly method: string;
  /** `GET /items/{id}`; for catch-all routes `$default` or `ANY /{proxy+}` (then match on `path`). */
  readonly routeKey: string;
  /** Request path without the stage, as sent (not URL-decoded), e.g. `/items/42`. */
  readonly path: string;
  readonly pathParameters: StringMap;
  /** Decoded query parameters; for a repeated name the last value wins. */
  readonly query: StringMap;
  /** Header names are lower-case. */
  readonly headers: StringMap;
  /** UTF-8 text (base64 bodies are decoded); `undefined` when the request had no body. */
  readonly body: string | undefined;
  /**
   * The body arrived base64 and its bytes are not valid UTF-8 (`body` then holds U+FFFD in their place). A text
   * body cannot be checked: API Gateway has already decoded it, replacing such bytes itself.
   */
  readonly bodyNotUtf8?: boolean;
  /** API Gateway's request id, when the event carries one. */
  readonly requestId: string | undefined;
  /** Authorizer claims (JWT, Cognito) or Lambda-authorizer context; every value a string. */
  readonly claims: StringMap;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The string-valued entries of a map; `null`, missing or non-object inputs give `{}`. */
function stringMap(value: unknown, key: (name: string) => string = (name) => name): StringMap {
  if (!isRecord(value)) return {};
  // fromEntries defines own properties, so a `__proto__` name cannot change the prototype.
  return Object.fromEntries(
    Object.entries(value)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .map(([name, v]) => [key(name), v]),
  );
}

/** Claim values as strings: JWT claims already are; Lambda-authorizer context may hold numbers/booleans. */
function claimMap(value: unknown): StringMap {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([name, v]) => [name, typeof v === "string" ? v : (JSON.stringify(v) ?? String(v))]),
  );
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text, and whether its bytes (base64 bodies only) were not valid UTF-8. */
function decodeBody(event: Json): { body: string | undefined; bodyNotUtf8?: true } {
  const body = text(event.body);
  if (body === undefined || body === "") return { body: undefined };
  if (event.isBase64Encoded !== true) return { body };
  const bytes = Buffer.from(body, "base64");
  try {
    return { body: strictUtf8.decode(bytes) };
  } catch {
    return { body: bytes.toString("utf8"), bodyNotUtf8: true };
  }
}

/** Cognito user pools put claims under `claims`, JWT authorizers under `jwt.claims`, Lambda ones under `lambda`. */
function authorizerClaims(authorizer: unknown): StringMap {
  if (!isRecord(authorizer)) return {};
  const nested = field(authorizer.jwt, "claims") ?? authorizer.claims ?? authorizer.lambda;
  if (isRecord(nested)) return claimMap(nested);
  // REST Lambda authorizer: the context keys sit next to principalId; the latency is not a claim.
  const { integrationLatency: _latency, ...context } = authorizer;
  return claimMap(context);
}

function malformed(problem: string): BadRequestError {
  return new BadRequestError(`malformed API Gateway event: ${problem}`);
}

/** With a named stage, HTTP API 2.0 `rawPath` starts with `/<stage>`; routes never do. */
function withoutStage(rawPath: string, stage: unknown): string {
  if (typeof stage !== "string" || stage === "" || stage === "$default") return rawPath;
  const prefix = `/${stage}`;
  if (rawPath === prefix) return "/";
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
}

function fromVersion2(event: Json): HttpRequest {
  const context = event.requestContext;
  const http = field(context, "http");
  const method = text(field(http, "method"));
  const rawPath = text(event.rawPath) ?? text(field(http, "path"));
  if (method === undefined) throw malformed("requestContext.http.method is missing");
  if (rawPath === undefined) throw malformed("rawPath is missing");
  const rawQuery = text(event.rawQueryString);
  return {
    format: "2.0",
    method: method.toUpperCase(),
    routeKey: text(event.routeKey) ?? text(field(context, "routeKey")) ?? "$default",
    path: withoutStage(rawPath, field(context, "stage")),
    pathParameters: stringMap(event.pathParameters),
    // rawQueryString keeps repeated names apart; queryStringParameters comma-joins them.
    query: rawQuery
      ? Object.fromEntries(new URLSearchParams(rawQuery))
      : stringMap(event.queryStringParameters),
    headers: stringMap(event.headers, (name) => name.toLowerCase()),
    ...decodeBody(event),
    requestId: text(field(context, "requestId")),
    claims: authorizerClaims(field(context, "authorizer")),
  };
}

function fromVersion1(event: Json): HttpRequest {
  const method = text(event.httpMethod);
  const path = text(event.path);
  if (method === undefined) throw malformed("httpMethod is missing");
  if (path === undefined) throw malformed("path is missing");
  const context = event.requestContext;
  return {
    format: "1.0",
    method: method.toUpperCase(),
    routeKey: `${method.toUpperCase()} ${text(event.resource) ?? path}`,
    path,
    pathParameters: stringMap(event.pathParameters),
    query: stringMap(event.queryStringParameters),
    headers: stringMap(event.headers, (name) => name.toLowerCase()),
    ...decodeBody(event),
    requestId: text(field(context, "requestId")),
    claims: authorizerClaims(field(context, "authorizer")),
  };
}

/** Reads any proxy event; throws `BadRequestError` when it is not one. */
export function normalizeEvent(event: unknown): HttpRequest {
  if (!isRecord(event)) throw malformed("the event is not an object");
  return event.version === "2.0" ? fromVersion2(event) : fromVersion1(event);
}

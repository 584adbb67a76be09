/**
 * CORS headers on actual responses, for REST APIs: with a Lambda proxy integration API Gateway passes the
 * function's headers through, so the function must send them (HTTP APIs add them themselves and ignore these).
 * Allowed origins come from CORS_ALLOW_ORIGINS (comma-separated, set by the stack from the same setting the
 * preflight uses); without it no CORS header is added.
 */

export interface CorsPolicy {
  readonly origins: readonly string[];
  readonly credentials: boolean;
}

const fromEnvironment: CorsPolicy = {
  origins: (process.env.CORS_ALLOW_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== ""),
  credentials: process.env.CORS_ALLOW_CREDENTIALS === "true",
};

/** Headers browsers may read from a cross-origin response. */
const EXPOSED_HEADERS = "etag, location";

/** The CORS headers for a request from `origin`, or none when the origin is not allowed. */
export function corsHeaders(
  origin: string | undefined,
  policy: CorsPolicy = fromEnvironment,
): Record<string, string> {
  if (origin === undefined || policy.origins.length === 0) return {};
  const wildcard = policy.origins.includes("*") && !policy.credentials;
  if (!wildcard && !policy.origins.includes(origin)) return {};
  return {
    "access-control-allow-origin": wildcard ? "*" : origin,
    "access-control-expose-headers": EXPOSED_HEADERS,
    ...(wildcard ? {} : { vary: "origin" }),
    ...(policy.credentials && !wildcard ? { "access-control-allow-credentials": "true" } : {}),
  };
}

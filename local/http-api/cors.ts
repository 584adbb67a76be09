/**
 * HTTP API CORS (gateway-behavior §6.1): automatic preflight answers and the configured headers on actual
 * responses; CORS headers returned by the backend are dropped. Origins match exactly, by `*`, or by a scheme
 * wildcard (`https://*`).
 */

export interface CorsConfig {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAge?: number;
}

export function corsFromTerraform(raw: unknown): CorsConfig | undefined {
  const block = (Array.isArray(raw) ? raw[0] : raw) as Record<string, unknown> | undefined;
  if (!block || typeof block !== "object") return undefined;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return {
    allowOrigins: list(block.allow_origins),
    allowMethods: list(block.allow_methods).map((method) => method.toUpperCase()),
    allowHeaders: list(block.allow_headers).map((header) => header.toLowerCase()),
    exposeHeaders: list(block.expose_headers),
    allowCredentials: block.allow_credentials === true,
    ...(typeof block.max_age === "number" ? { maxAge: block.max_age } : {}),
  };
}

/** The `Access-Control-Allow-Origin` value for `origin`, or undefined when it is not allowed. */
export function allowedOrigin(config: CorsConfig, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  for (const allowed of config.allowOrigins) {
    if (allowed === "*") return config.allowCredentials ? origin : "*";
    if (allowed === origin) return origin;
    if (allowed.endsWith("://*") && origin.startsWith(allowed.slice(0, -1))) return origin;
  }
  return undefined;
}

export function isPreflight(method: string, headers: (name: string) => string | undefined): boolean {
  return (
    method === "OPTIONS" &&
    headers("origin") !== undefined &&
    headers("access-control-request-method") !== undefined
  );
}

/** The preflight answer's headers; without an allowed origin, none (gateway-behavior §6.1). */
export function preflightHeaders(
  config: CorsConfig,
  origin: string | undefined,
  requestMethod: string | undefined,
  requestHeaders: string | undefined,
): string[] {
  const allow = allowedOrigin(config, origin);
  if (allow === undefined) return [];
  const methodAllowed =
    config.allowMethods.includes("*") ||
    (requestMethod !== undefined && config.allowMethods.includes(requestMethod.toUpperCase()));
  if (!methodAllowed) return [];
  const headers = ["Access-Control-Allow-Origin", allow];
  if (config.allowMethods.length > 0)
    headers.push("Access-Control-Allow-Methods", config.allowMethods.join(","));
  if (config.allowHeaders.includes("*")) {
    if (requestHeaders) headers.push("Access-Control-Allow-Headers", requestHeaders);
  } else if (config.allowHeaders.length > 0)
    headers.push("Access-Control-Allow-Headers", config.allowHeaders.join(","));
  if (config.maxAge !== undefined) headers.push("Access-Control-Max-Age", String(config.maxAge));
  if (config.allowCredentials) headers.push("Access-Control-Allow-Credentials", "true");
  if (allow !== "*") headers.push("Vary", "Origin");
  return headers;
}

/** Headers added to an actual (non-preflight) response from an allowed origin. */
export function responseCorsHeaders(config: CorsConfig, origin: string | undefined): string[] {
  const allow = allowedOrigin(config, origin);
  if (allow === undefined) return [];
  const headers = ["Access-Control-Allow-Origin", allow];
  if (config.exposeHeaders.length > 0)
    headers.push("Access-Control-Expose-Headers", config.exposeHeaders.join(","));
  if (config.allowCredentials) headers.push("Access-Control-Allow-Credentials", "true");
  if (allow !== "*") headers.push("Vary", "Origin");
  return headers;
}

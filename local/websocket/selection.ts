/**
 * Route selection expressions (gateway-behavior §3.3): `$request.body.action`, `${request.body.action}`, or
 * several variables with static text (`${request.body.service}/${request.body.action}`). A missing path gives
 * `""`; arrays read `[a, b]`; a message that is not a JSON object goes to `$default`.
 */

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return `[${value.map(stringify).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${stringify(v)}`)
      .join(", ")}}`;
  return String(value);
}

function read(body: unknown, path: string): string {
  let value: unknown = body;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return "";
    value = (value as Record<string, unknown>)[part];
  }
  return stringify(value);
}

/** The route key a message selects, or `undefined` when it can only go to `$default` (not JSON). */
export function selectRouteKey(expression: string, message: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const trimmed = expression.trim();
  const bare = /^\$request\.body\.([\w.-]+)$/.exec(trimmed);
  if (bare) return read(body, bare[1]);
  return trimmed.replace(/\$\{request\.body\.([\w.-]+)\}/g, (_, path: string) => read(body, path));
}

/**
 * Route keys as the API constructs take them: `GET /items/{id}`, the form HTTP API route keys use. Every API
 * construct of this folder receives its routes as `{ [key]: props }` and reads method and path from the key.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

/** `<METHOD> /<path>`, path parameters in braces: `GET /items/{id}`. */
export type RouteKey = `${HttpMethod} /${string}`;

export interface ParsedRouteKey {
  readonly key: RouteKey;
  readonly method: HttpMethod;
  /** The path, with its leading slash: `/items/{id}`. */
  readonly path: string;
}

const ROUTE_KEY = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/\S*)$/;

/** Splits a route key; throws naming the key when it is not `<METHOD> /<path>` (a key typed at run time). */
export function parseRouteKey(key: string): ParsedRouteKey {
  const match = ROUTE_KEY.exec(key);
  if (!match) {
    throw new Error(`route key "${key}" is invalid: write "<METHOD> /<path>", e.g. "GET /items/{id}"`);
  }
  return { key: key as RouteKey, method: match[1] as HttpMethod, path: match[2] };
}

/** Every route of a `{ [key]: props }` table, with its key parsed, in the table's order. */
export function routeEntries<P>(
  routes: Readonly<Partial<Record<RouteKey, P>>>,
): (ParsedRouteKey & { readonly props: P })[] {
  return Object.entries(routes)
    .filter((entry): entry is [string, P] => entry[1] !== undefined)
    .map(([key, props]) => ({ ...parseRouteKey(key), props }));
}

/** A stable construct id for a route: `GET /items/{id}` gives `get-items-id`. Renaming it recreates resources. */
export function routeConstructId(route: Pick<ParsedRouteKey, "method" | "path">): string {
  const path = route.path
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => segment.replace(/[{}+]/g, ""))
    .join("-");
  return `${route.method.toLowerCase()}-${path || "root"}`;
}

/**
 * The `<METHOD>/<path>` tail of an execute-api ARN for a route, path parameters as `*`:
 * `GET /items/{id}` gives `GET/items/*`. Prefix it with `<execution arn>/<stage>/`.
 */
export function routeArnPath(route: Pick<ParsedRouteKey, "method" | "path">): string {
  const path = route.path.replace(/\{[^}]+\}/g, "*").replace(/^\//, "");
  return `${route.method}/${path}`;
}

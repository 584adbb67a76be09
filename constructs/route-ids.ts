import type { ParsedRoute } from "../api/routes";

/** A stable construct id for a route: `GET /items/{id}` gives `get-items-id`. Renaming it recreates resources. */
export function routeConstructId(route: Pick<ParsedRoute, "method" | "path">): string {
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
export function routeArnPath(route: Pick<ParsedRoute, "method" | "path">): string {
  const path = route.path.replace(/\{[^}]+\}/g, "*").replace(/^\//, "");
  return `${route.method}/${path}`;
}

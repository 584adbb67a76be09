/**
 * Dispatches a request to the handler of its route. The route key API Gateway matched is used directly;
 * behind a catch-all (`$default`, `ANY /{proxy+}`) the method and path are matched against the table
 * instead, so a function answers the same whichever way a stack wires it.
 */
import { MethodNotAllowedError, NotFoundError, quote } from "./errors";
import type { RequestHandler } from "./handler";
import type { StringMap } from "./http";

/** `{ "GET /items/{id}": handler }`: method, a space, then a path template with `{name}` segments. */
export type RouteHandlers<Key extends string = string> = Readonly<Record<Key, RequestHandler>>;

interface CompiledRoute {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handle: RequestHandler;
}

function segmentsOf(path: string): string[] {
  // A trailing slash names the same resource: `/items/` is `/items`.
  return path.replace(/(.)\/$/, "$1").split("/");
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path parameters when `path` fits `template`, otherwise undefined. */
function matchPath(template: readonly string[], path: readonly string[]): StringMap | undefined {
  if (template.length !== path.length) return undefined;
  const parameters: [string, string][] = [];
  for (const [index, part] of template.entries()) {
    const segment = path[index];
    const parameter = /^\{(\w+)\}$/.exec(part);
    if (parameter) {
      if (segment === "") return undefined;
      parameters.push([parameter[1], decodeSegment(segment)]);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return Object.fromEntries(parameters);
}

export function router(routes: RouteHandlers): RequestHandler {
  // A Map, so a route key such as `toString` from the event cannot reach Object.prototype.
  const byKey = new Map(Object.entries(routes));
  const compiled: CompiledRoute[] = [...byKey].map(([key, handle]) => {
    const [method, template] = key.split(" ");
    return { method, segments: segmentsOf(template), handle };
  });
  return (request, context) => {
    const exact = byKey.get(request.routeKey);
    if (exact) return exact(request, context);
    const path = segmentsOf(request.path);
    const candidates = compiled
      .map((route) => ({ route, pathParameters: matchPath(route.segments, path) }))
      .filter((candidate) => candidate.pathParameters !== undefined);
    const hit = candidates.find((candidate) => candidate.route.method === request.method);
    if (hit) return hit.route.handle({ ...request, pathParameters: hit.pathParameters ?? {} }, context);
    if (candidates.length > 0) {
      const allowed = candidates.map((candidate) => candidate.route.method).sort();
      throw new MethodNotAllowedError(request.method, request.path, allowed);
    }
    throw new NotFoundError(`no route for ${request.method} ${quote(request.path, 100)}`);
  };
}

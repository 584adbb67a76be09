/**
 * The one route table of the HTTP-style stacks (http-api, rest-regional, rest-edge, rest-private).
 * Every stack adapts this table to its constructs' props (routes, integrations, permissions, authorizers), so
 * the four API Gateway variants serve the same API. Like everything in `api/`, it imports nothing: the stacks,
 * the Lambdas and the tests all read it.
 */
import type { bodySchemas } from "./items-schema";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteKey = `${Method} /${string}`;

export interface HandlerSpec {
  /** Source file, relative to the repo root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** What the handler's code calls on the items table (DynamoDB actions); absent: no access to it. */
  readonly itemsTable?: readonly ("GetItem" | "PutItem" | "UpdateItem" | "DeleteItem" | "Query" | "Scan")[];
}

/** The Lambda functions behind the routes. */
export const handlers = {
  hello: { entry: "lambdas/hello/index.ts", description: "Greets the caller" },
  items: {
    entry: "lambdas/items/index.ts",
    description: "Items CRUD on DynamoDB",
    // What lambdas/items/repository.ts calls.
    itemsTable: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Scan"],
  },
} as const satisfies Readonly<Record<string, HandlerSpec>>;
export type HandlerId = keyof typeof handlers;

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `user`: a signed-in caller (JWT / Cognito / Lambda authorizer, depending on the stack);
 * - `admin`: an operator (AWS_IAM on the REST stacks, the admin scope on the HTTP API).
 */
export type Access = "public" | "user" | "admin";

/** The request body model a route accepts: a JSON Schema of `api/items-schema.ts`. */
export type BodyModel = keyof typeof bodySchemas;

export interface RouteSpec {
  readonly handler: HandlerId;
  readonly access: Access;
  /** Changes data: needs the write scope on top of sign-in. */
  readonly write?: boolean;
  readonly body?: BodyModel;
}

export type RouteTable = Readonly<Record<RouteKey, RouteSpec>>;

export const routes = {
  "GET /hello": { handler: "hello", access: "public" },
  "GET /items": { handler: "items", access: "user" },
  "POST /items": { handler: "items", access: "user", write: true, body: "ItemCreate" },
  "GET /items/{id}": { handler: "items", access: "user" },
  "PUT /items/{id}": { handler: "items", access: "user", write: true, body: "ItemUpdate" },
  "DELETE /items/{id}": { handler: "items", access: "admin", write: true },
} as const satisfies RouteTable;

/**
 * OAuth scopes, as `<resource server>/<scope>` (the form Cognito puts in access tokens). A valid token is
 * enough to read; writes need `write`, and `admin` routes need `admin`.
 */
export const RESOURCE_SERVER = "items";
export const scopes = {
  write: `${RESOURCE_SERVER}/write`,
  admin: `${RESOURCE_SERVER}/admin`,
} as const;

/** The scopes a token must carry (any one of them) to call the route; empty means any valid token. */
export function requiredScopes(spec: RouteSpec): string[] {
  if (spec.access === "admin") return [scopes.admin];
  if (spec.write) return [scopes.write];
  return [];
}

export interface ParsedRoute {
  readonly key: RouteKey;
  readonly method: Method;
  readonly path: string;
  readonly spec: RouteSpec;
}

/** The route table as a list, in declaration order. */
export function routeList(table: RouteTable = routes): ParsedRoute[] {
  return Object.entries(table).map(([key, spec]) => {
    const space = key.indexOf(" ");
    return { key: key as RouteKey, method: key.slice(0, space) as Method, path: key.slice(space + 1), spec };
  });
}

/**
 * The scopes each signed-in route needs, by route key (any one of them; an empty list: any valid token).
 * Public routes are left out: no authorizer runs for them. The REST stacks hand this to their Lambda
 * authorizer as JSON in its environment (`ROUTE_SCOPES`), so the authorizer's code does not carry the table.
 */
export function signedInRouteScopes(table: RouteTable = routes): Record<string, string[]> {
  return Object.fromEntries(
    routeList(table)
      .filter((route) => route.spec.access !== "public")
      .map((route) => [route.key, requiredScopes(route.spec)]),
  );
}

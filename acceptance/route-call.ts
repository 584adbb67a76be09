/**
 * How a client calls a route of the table on a target: with exactly the credentials the route asks for on that
 * API variant (the rule the stacks build: REST signed-in routes take an API key and a bearer JWT, REST admin
 * routes an API key and a SigV4 signature, HTTP API routes a JWT), each of which a case may leave out or spoil.
 */
import { type ParsedRoute, type RouteSpec, type RouteTable, requiredScopes, routeList } from "../api/routes";
import { type Reply, send } from "./request";
import type { Target, TargetKind } from "./target";

export interface RouteNeeds {
  readonly token: boolean;
  readonly signature: boolean;
  readonly apiKey: boolean;
}

export function needsOf(kind: TargetKind, spec: RouteSpec): RouteNeeds {
  if (spec.access === "public") return { token: false, signature: false, apiKey: false };
  const rest = kind === "rest";
  const iam = rest && spec.access === "admin";
  return { token: !iam, signature: iam, apiKey: rest };
}

export interface CallOptions {
  /** The path with its parameters filled in; the route's own path by default. */
  readonly path?: string;
  readonly query?: string;
  /** Serialized as JSON with `content-type: application/json`. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Another token than the target's (a tampered one), or `null` for none. */
  readonly token?: string | null;
  /** Another API key than the target's, or `null` for none. */
  readonly apiKey?: string | null;
  /** Leave an AWS_IAM route unsigned. */
  readonly unsigned?: boolean;
}

export async function callRoute(
  target: Target,
  route: ParsedRoute,
  options: CallOptions = {},
): Promise<Reply> {
  const needs = needsOf(target.kind, route.spec);
  const url = `${target.url}${options.path ?? route.path}${options.query ? `?${options.query}` : ""}`;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  let headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (needs.apiKey && options.apiKey !== null) {
    const apiKey = options.apiKey ?? (target.apiKey ? await target.apiKey() : undefined);
    if (apiKey === undefined) throw missing(target, "an API key");
    headers["x-api-key"] = apiKey;
  }
  if (needs.token && options.token !== null) {
    headers.authorization = `Bearer ${options.token ?? (await target.token())}`;
  }
  if (needs.signature && !options.unsigned) {
    if (!target.sign) throw missing(target, "AWS credentials to sign with");
    headers = { ...headers, ...(await target.sign({ method: route.method, url, headers, body })) };
  }
  return send(route.method, url, headers, body);
}

function missing(target: Target, what: string): Error {
  return new Error(`${target.stackId} has routes that need ${what}, and the target has none`);
}

/** `/items/{id}` with `{id}` (every parameter) replaced. */
export function fillPath(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}

export function hasParameters(path: string): boolean {
  return /\{[^}]+\}/.test(path);
}

/**
 * Each route of the table a bearer token authorizes on this variant, with the scopes of which the token needs
 * one. None on the WebSocket API: its `$connect` authorizer asks for a valid token only.
 */
export function scopeNeeds(kind: TargetKind, table: RouteTable): { route: ParsedRoute; anyOf: string[] }[] {
  if (kind === "websocket") return [];
  return routeList(table)
    .filter((route) => needsOf(kind, route.spec).token)
    .map((route) => ({ route, anyOf: requiredScopes(route.spec) }));
}

/** Every scope some route of the variant asks for: what the cases' token must carry. */
export function scopesForAllRoutes(kind: TargetKind, table: RouteTable): string[] {
  return [...new Set(scopeNeeds(kind, table).flatMap((need) => need.anyOf))];
}

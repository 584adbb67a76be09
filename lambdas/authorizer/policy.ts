/**
 * The IAM policy a REST Lambda authorizer returns. API Gateway caches the policy per token and re-evaluates
 * the cached policy against every later method ARN, so the policy lists every route the token may call (not
 * just the one asked for); the asked-for method gets an explicit Deny when the token may not call it.
 */
import { type Method, type RouteTable, requiredScopes, routeList, routes } from "../../api/routes";

export interface PolicyStatement {
  readonly Action: "execute-api:Invoke";
  readonly Effect: "Allow" | "Deny";
  readonly Resource: string[];
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/** The parts of `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`. */
export interface MethodArn {
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}` */
  readonly stagePrefix: string;
  readonly method: string;
  /** Resource path with the actual values, without the leading slash (`items/42`); `` for the root. */
  readonly path: string;
}

/** Parses a method ARN; undefined when it is not one. */
export function parseMethodArn(arn: unknown): MethodArn | undefined {
  if (typeof arn !== "string") return undefined;
  const match = /^(arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[A-Za-z0-9]+\/[^/]+)\/([A-Z*]+)\/(.*)$/.exec(
    arn,
  );
  if (!match) return undefined;
  return { stagePrefix: match[1], method: match[2], path: match[3] };
}

/** `GET /items/{id}` under `stagePrefix` gives `<stagePrefix>/GET/items/*`. */
export function routeArn(stagePrefix: string, method: Method, path: string): string {
  return `${stagePrefix}/${method}/${path.replace(/^\//, "").replace(/\{[^}]+\}/g, "*")}`;
}

/** IAM-style wildcard match: `*` matches any run of characters, `?` one character. */
export function arnMatches(pattern: string, arn: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(arn);
}

/** The signed-in routes (not public) whose scope requirement `tokenScopes` meets. */
export function allowedRouteArns(
  stagePrefix: string,
  tokenScopes: readonly string[],
  table: RouteTable = routes,
): string[] {
  return routeList(table)
    .filter((route) => route.spec.access !== "public")
    .filter((route) => {
      const needed = requiredScopes(route.spec);
      return needed.length === 0 || needed.some((scope) => tokenScopes.includes(scope));
    })
    .map((route) => routeArn(stagePrefix, route.method, route.path));
}

/**
 * Allow on every route the scopes permit; an explicit Deny on `methodArn` when none of them covers it.
 * Never an Allow on `*`: anything not listed is denied.
 */
export function policyFor(
  methodArn: MethodArn,
  tokenScopes: readonly string[],
  table?: RouteTable,
): PolicyDocument {
  const arn = `${methodArn.stagePrefix}/${methodArn.method}/${methodArn.path}`;
  const allowed = allowedRouteArns(methodArn.stagePrefix, tokenScopes, table);
  const statements: PolicyStatement[] = [];
  if (allowed.length > 0)
    statements.push({ Action: "execute-api:Invoke", Effect: "Allow", Resource: allowed });
  if (!allowed.some((pattern) => arnMatches(pattern, arn))) {
    statements.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: [arn] });
  }
  return { Version: "2012-10-17", Statement: statements };
}

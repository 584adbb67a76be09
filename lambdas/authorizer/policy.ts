/**
 * The IAM policy a REST Lambda authorizer returns. API Gateway caches the policy per token and re-evaluates
 * the cached policy against every later method ARN, so the policy lists every route the token may call (not
 * just the one asked for); the asked-for method gets an explicit Deny when the token may not call it.
 *
 * Which routes exist and what scopes they need comes from the environment (`ROUTE_SCOPES`, written by the
 * stack from the route table), not from an import: editing a route then changes the function's configuration,
 * not its code.
 */

export interface PolicyStatement {
  readonly Action: "execute-api:Invoke";
  readonly Effect: "Allow" | "Deny";
  readonly Resource: string[];
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/**
 * The signed-in routes by route key (`GET /items/{id}`), each with the scopes a token needs to call it (any
 * one of them; an empty list: any valid token). Public routes are not in it.
 */
export type RouteScopes = Readonly<Record<string, readonly string[]>>;

/** The parts of `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`. */
export interface MethodArn {
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}` */
  readonly stagePrefix: string;
  readonly method: string;
  /** Resource path with the actual values, without the leading slash (`items/42`); `` for the root. */
  readonly path: string;
}

const ROUTE_KEY = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/[^\s]*)$/;

/**
 * Reads the route scopes from their JSON (the `ROUTE_SCOPES` variable). Anything else than an object of
 * `"METHOD /path": ["scope", ...]` entries, or an empty one, throws: a misconfigured authorizer answers 500,
 * never an Allow.
 */
export function parseRouteScopes(json: string | undefined): RouteScopes {
  if (json === undefined || json.trim() === "") {
    throw new Error("environment variable ROUTE_SCOPES is not set: the stack must pass the signed-in routes");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`ROUTE_SCOPES is not JSON: ${json.slice(0, 80)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error('ROUTE_SCOPES is not an object of "METHOD /path": [scopes] entries');
  }
  const entries = Object.entries(parsed);
  if (entries.length === 0) throw new Error("ROUTE_SCOPES lists no route: every request would be denied");
  for (const [key, scopes] of entries) {
    if (!ROUTE_KEY.test(key)) throw new Error(`ROUTE_SCOPES key "${key}" is not "METHOD /path"`);
    if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && scope !== "")) {
      throw new Error(`ROUTE_SCOPES["${key}"] is not a list of scope names`);
    }
  }
  return parsed as RouteScopes;
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
export function routeArn(stagePrefix: string, method: string, path: string): string {
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

/** The signed-in routes whose scope requirement `tokenScopes` meets, as method ARN patterns. */
export function allowedRouteArns(
  stagePrefix: string,
  tokenScopes: readonly string[],
  routeScopes: RouteScopes,
): string[] {
  return Object.entries(routeScopes)
    .filter(([, needed]) => needed.length === 0 || needed.some((scope) => tokenScopes.includes(scope)))
    .map(([key]) => {
      const space = key.indexOf(" ");
      return routeArn(stagePrefix, key.slice(0, space), key.slice(space + 1));
    });
}

/**
 * Allow on every route the scopes permit; an explicit Deny on `methodArn` when none of them covers it.
 * Never an Allow on `*`: anything not listed is denied.
 */
export function policyFor(
  methodArn: MethodArn,
  tokenScopes: readonly string[],
  routeScopes: RouteScopes,
): PolicyDocument {
  const arn = `${methodArn.stagePrefix}/${methodArn.method}/${methodArn.path}`;
  const allowed = allowedRouteArns(methodArn.stagePrefix, tokenScopes, routeScopes);
  const statements: PolicyStatement[] = [];
  if (allowed.length > 0)
    statements.push({ Action: "execute-api:Invoke", Effect: "Allow", Resource: allowed });
  if (!allowed.some((pattern) => arnMatches(pattern, arn))) {
    statements.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: [arn] });
  }
  return { Version: "2012-10-17", Statement: statements };
}

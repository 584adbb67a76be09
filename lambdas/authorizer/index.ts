/**
 * The REST API's Lambda authorizer (TOKEN or REQUEST): verifies a bearer JWT with `jose` against the issuer
 * and audience from the environment and answers with an IAM policy.
 *
 * - Deny by default: a missing, malformed, expired or foreign token throws `Unauthorized` (API Gateway answers
 *   401); a valid token gets Allow only on the routes its scopes permit and an explicit Deny on the asked-for
 *   method otherwise (403). Any other failure (misconfiguration) throws, which API Gateway turns into a 500:
 *   never an Allow.
 * - Environment: `JWT_ISSUER` (expected `iss`), `JWT_AUDIENCE` (comma-separated; matched against `aud` of ID
 *   tokens and `client_id` of Cognito access tokens), `ROUTE_SCOPES` (the signed-in routes and the scopes
 *   each needs, as JSON: `{"POST /items": ["items/write"], ...}`), optional `JWKS_URL` (default
 *   `<issuer>/.well-known/jwks.json`; a local gateway points it at a local issuer).
 * - Context values reach the integration as strings (`requestContext.authorizer.<key>`).
 */
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { audienceProblem, isKeySetFailure, jwksUrlOf, remoteKeySet, verifyOptions } from "../shared/jwt";
import { createLogger } from "../shared/log";
import { type PolicyDocument, parseMethodArn, parseRouteScopes, policyFor, type RouteScopes } from "./policy";

export interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: PolicyDocument;
  readonly context: Record<string, string>;
}

export interface AuthorizerConfig {
  readonly issuer: string;
  /** Accepted `aud` / `client_id` values; at least one. */
  readonly audience: readonly string[];
  /** The signed-in routes and the scopes each needs; at least one route. */
  readonly routeScopes: RouteScopes;
  /** Key lookup: `createRemoteJWKSet(url)` in Lambda, a local key set in tests. */
  readonly keys: JWTVerifyGetKey;
  /** @default 5 */
  readonly clockToleranceSeconds?: number;
}

export type Authorizer = (event: unknown) => Promise<AuthorizerResult>;

/** `Bearer <compact JWS>`: three base64url parts. */
const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

const log = createLogger({ component: "authorizer" });

/** The error whose message API Gateway maps to 401; every other thrown error becomes a 500. */
export class Unauthorized extends Error {
  constructor(readonly reason: string) {
    super("Unauthorized");
    this.name = "Unauthorized";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The raw Authorization value: the token of a TOKEN event, the header (any casing) of a REQUEST event. */
export function authorizationOf(event: Record<string, unknown>): string | undefined {
  if (event.type === "TOKEN") {
    return typeof event.authorizationToken === "string" ? event.authorizationToken : undefined;
  }
  if (event.type === "REQUEST" && isRecord(event.headers)) {
    const entry = Object.entries(event.headers).find(([name]) => name.toLowerCase() === "authorization");
    return typeof entry?.[1] === "string" ? entry[1] : undefined;
  }
  return undefined;
}

/** Scopes from `scope` (space-separated, OAuth 2.0 / Cognito) or `scp` (array or string). */
export function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === "string") return raw.split(/\s+/).filter((scope) => scope !== "");
  if (Array.isArray(raw)) return raw.filter((scope): scope is string => typeof scope === "string");
  return [];
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Context for the integration: strings only, absent claims left out. */
function contextOf(payload: JWTPayload, scopes: readonly string[]): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ["sub", payload.sub],
    ["scope", scopes.join(" ")],
    [
      "clientId",
      stringClaim(payload, "client_id") ?? (typeof payload.aud === "string" ? payload.aud : undefined),
    ],
    ["tokenUse", stringClaim(payload, "token_use")],
    ["username", stringClaim(payload, "username") ?? stringClaim(payload, "cognito:username")],
    ["issuer", payload.iss],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function verify(token: string, config: AuthorizerConfig): Promise<JWTPayload> {
  try {
    const options = verifyOptions(config.issuer, ["sub"]);
    const { payload } = await jwtVerify(token, config.keys, {
      ...options,
      clockTolerance: config.clockToleranceSeconds ?? options.clockTolerance,
    });
    return payload;
  } catch (error) {
    // Key-set outages are not the caller's fault: let them surface as a 500 instead of a misleading 401.
    if (isKeySetFailure(error)) throw error;
    if (error instanceof errors.JOSEError) throw new Unauthorized(`token rejected: ${error.code}`);
    throw error;
  }
}

export function createAuthorizer(config: AuthorizerConfig): Authorizer {
  if (config.audience.length === 0) {
    throw new Error("authorizer audience is empty: set JWT_AUDIENCE to the client ids the tokens carry");
  }
  if (Object.keys(config.routeScopes).length === 0) {
    throw new Error("authorizer routeScopes is empty: set ROUTE_SCOPES to the signed-in routes");
  }
  return async (event) => {
    try {
      if (!isRecord(event)) throw new Unauthorized("the event is not an object");
      const methodArn = parseMethodArn(event.methodArn);
      if (!methodArn) throw new Unauthorized("the event has no valid methodArn");
      const header = authorizationOf(event);
      if (header === undefined || header.trim() === "") throw new Unauthorized("no Authorization value");
      const token = BEARER.exec(header.trim())?.[1];
      if (!token) throw new Unauthorized("the Authorization value is not `Bearer <JWT>`");
      const payload = await verify(token, config);
      const audience = audienceProblem(payload, config.audience);
      if (audience) throw new Unauthorized(audience);
      const tokenUse = stringClaim(payload, "token_use");
      if (tokenUse !== undefined && tokenUse !== "access" && tokenUse !== "id") {
        throw new Unauthorized(`token_use "${tokenUse}" is not access or id`);
      }
      const scopes = scopesOf(payload);
      const policyDocument = policyFor(methodArn, scopes, config.routeScopes);
      const denied = policyDocument.Statement.some((statement) => statement.Effect === "Deny");
      log.info("authorized", { sub: payload.sub, method: methodArn.method, path: methodArn.path, denied });
      return { principalId: String(payload.sub), policyDocument, context: contextOf(payload, scopes) };
    } catch (error) {
      if (error instanceof Unauthorized) {
        log.info("unauthorized", { reason: error.reason });
        throw error;
      }
      log.error("authorizer failure", { error });
      throw error instanceof Error ? error : new Error(String(error));
    }
  };
}

/** Reads the configuration from the environment; throws (a 500, never an Allow) when it is incomplete. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): AuthorizerConfig {
  const issuer = env.JWT_ISSUER?.trim();
  if (!issuer) throw new Error("environment variable JWT_ISSUER is not set: the stack must pass the issuer");
  const audience = (env.JWT_AUDIENCE ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");
  return {
    issuer,
    audience,
    routeScopes: parseRouteScopes(env.ROUTE_SCOPES),
    keys: remoteKeySet(jwksUrlOf(issuer, env.JWKS_URL)),
  };
}

let fromEnv: Authorizer | undefined;

/** The Lambda handler: configured from the environment on first use, then reused by the container. */
export const handler: Authorizer = async (event) => {
  fromEnv ??= createAuthorizer(configFromEnv(process.env));
  return fromEnv(event);
};

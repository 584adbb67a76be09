/**
 * REST method authorization (docs/gateway-behavior.md §4.3): Lambda TOKEN / REQUEST authorizers with their
 * result cache and IAM-policy evaluation against the method ARN, Cognito user-pool authorizers (JWT checks,
 * scopes) and AWS_IAM (SigV4). A refusal throws a `GatewayError`; an admission yields
 * `requestContext.authorizer` and, for IAM, the caller identity.
 */
import type { IncomingMessage } from "node:http";
import { headerValue } from "../events/common";
import { type RestEventInput, restRequestAuthorizerEvent } from "../events/rest";
import { checkIamSignature, SIGNATURE_MISMATCH } from "../iam";
import { type IdentityFacts, identityValue, identityValues } from "../identity-sources";
import { bearerToken, type JwtTrust, stringifiedClaims, tokenScopes, verifyJwt } from "../jwt";
import { askAuthorizer, type LambdaAuthorizerRunner, policyGrant } from "../lambda-authorizer";
import { GatewayError } from "../pipeline/errors";
import type { RestMethod } from "./model";

export interface RestAuthorized {
  readonly authorizer?: Record<string, unknown>;
  readonly identity?: Record<string, string>;
  readonly principalId?: string;
  readonly usageIdentifierKey?: string;
  readonly iamAuthenticated?: boolean;
}

export interface RestAuthorizeInput {
  readonly method: RestMethod;
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly methodArn: string;
  readonly facts: IdentityFacts;
  /** The proxy-event input, for REQUEST authorizers (worked out only when one runs). */
  readonly eventInput: () => RestEventInput;
  readonly runner: LambdaAuthorizerRunner | undefined;
  /** Trust for Cognito authorizers (issuers and keys). */
  readonly cognitoTrust: (issuers: readonly string[]) => JwtTrust[];
  readonly iamCredentials: Readonly<Record<string, string>>;
  readonly region: string;
  readonly nowMs: number;
  readonly implicitDenyKey: string;
  /** Whether a Cognito method with scopes adds `scopes` next to `claims` (docs §8.8). */
  readonly cognitoScopes: boolean;
}

export async function authorizeRest(input: RestAuthorizeInput): Promise<RestAuthorized> {
  switch (input.method.authorization) {
    case "NONE":
      return {};
    case "AWS_IAM":
      return iam(input);
    case "COGNITO_USER_POOLS":
      return cognito(input);
    case "CUSTOM":
      return lambda(input);
    default:
      throw new GatewayError(
        "AUTHORIZER_CONFIGURATION_ERROR",
        `authorization ${input.method.authorization} is not supported`,
      );
  }
}

async function iam(input: RestAuthorizeInput): Promise<RestAuthorized> {
  const check = await checkIamSignature(
    input.req,
    input.body,
    input.iamCredentials,
    input.region,
    input.nowMs,
  );
  if (check.ok) return { identity: check.identity, iamAuthenticated: true };
  if (check.kind === "unsigned") throw new GatewayError("MISSING_AUTHENTICATION_TOKEN", check.reason);
  if (check.kind === "unknown-key") {
    throw new GatewayError("UNAUTHORIZED", check.reason, {
      message: "The security token included in the request is invalid.",
    });
  }
  if (check.kind === "expired")
    throw new GatewayError("INVALID_SIGNATURE", check.reason, { message: "Signature expired" });
  throw new GatewayError("INVALID_SIGNATURE", check.reason, { message: SIGNATURE_MISMATCH });
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** `Sun Dec 17 07:28:12 UTC 2017`: how a REST Cognito authorizer writes `exp` and `iat` (§4.3, recorded). */
export function cognitoDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/** The claims as a REST Cognito authorizer passes them: strings, with `exp` and `iat` as dates. */
export function cognitoClaims(claims: Parameters<typeof stringifiedClaims>[0]): Record<string, string> {
  const out = stringifiedClaims(claims);
  for (const name of ["exp", "iat"]) {
    const value = claims[name];
    if (typeof value === "number") out[name] = cognitoDate(value);
  }
  return out;
}

async function cognito(input: RestAuthorizeInput): Promise<RestAuthorized> {
  const authorizer = input.method.authorizer;
  if (!authorizer)
    throw new GatewayError(
      "AUTHORIZER_CONFIGURATION_ERROR",
      "COGNITO_USER_POOLS method without an authorizer",
    );
  const source = authorizer.identitySources[0] ?? "method.request.header.Authorization";
  const token = bearerToken(identityValue(source, input.facts));
  if (!token) throw new GatewayError("UNAUTHORIZED", "no token");
  let last = "no user pool";
  for (const trust of input.cognitoTrust(authorizer.issuers)) {
    const outcome = await verifyJwt(token, trust, input.nowMs);
    if (!outcome.ok) {
      last = outcome.description;
      continue;
    }
    // Without scopes on the method the authorizer takes ID tokens; with scopes, access tokens carrying one
    // of them (AWS knowledge center "api-gateway-cognito-401-unauthorized"): anything else is 401.
    const scopes = tokenScopes(outcome.claims);
    const tokenUse = outcome.claims.token_use;
    if (input.method.scopes.length > 0) {
      if (tokenUse !== undefined && tokenUse !== "access")
        throw new GatewayError("UNAUTHORIZED", "an ID token on a method with scopes");
      if (!input.method.scopes.some((scope) => scopes.includes(scope)))
        throw new GatewayError("UNAUTHORIZED", "the token has none of the method's scopes");
    } else if (tokenUse !== undefined && tokenUse !== "id") {
      throw new GatewayError(
        "UNAUTHORIZED",
        "an access token on a method without scopes (Cognito authorizers then take ID tokens)",
      );
    }
    const claims = cognitoClaims(outcome.claims);
    return {
      authorizer: input.cognitoScopes && input.method.scopes.length > 0 ? { claims, scopes } : { claims },
      principalId: claims.sub,
    };
  }
  throw new GatewayError("UNAUTHORIZED", last);
}

async function lambda(input: RestAuthorizeInput): Promise<RestAuthorized> {
  const authorizer = input.method.authorizer;
  if (!authorizer || !input.runner)
    throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "CUSTOM method without a Lambda authorizer");
  let event: Record<string, unknown>;
  let cacheKey: string | undefined;
  if (authorizer.type === "TOKEN") {
    const token = identityValue(
      authorizer.identitySources[0] ?? "method.request.header.Authorization",
      input.facts,
    );
    if (token === undefined || token === "") throw new GatewayError("UNAUTHORIZED", "no token");
    if (authorizer.validationExpression && !authorizer.validationExpression.test(token)) {
      throw new GatewayError("UNAUTHORIZED", "the token does not match the identity validation expression");
    }
    event = { type: "TOKEN", authorizationToken: token, methodArn: input.methodArn };
    cacheKey = token;
  } else {
    const values = identityValues(authorizer.identitySources, input.facts);
    if (!values && authorizer.ttlSeconds > 0)
      throw new GatewayError("UNAUTHORIZED", "an identity source is missing");
    event = restRequestAuthorizerEvent(input.eventInput(), input.methodArn);
    cacheKey = values && values.length > 0 ? values.join("\u0000") : undefined;
  }
  const answer = await askAuthorizer(input.runner, event, cacheKey);
  const grant = policyGrant(answer, input.methodArn, {
    scalarContext: true,
    implicitDeny: { message: "User is not authorized to access this resource", key: input.implicitDenyKey },
  });
  // Values reach the integration as strings, a null as null (§4.3, recorded).
  const context = Object.fromEntries(
    Object.entries(grant.context).map(([key, value]) => [key, value === null ? null : String(value)]),
  );
  return {
    authorizer: { ...context, principalId: grant.principalId ?? null, integrationLatency: grant.latencyMs },
    principalId: grant.principalId,
    usageIdentifierKey: grant.usageIdentifierKey,
  };
}

/** Identity facts of a REST request (`method.request.*`, `context.*`, `stageVariables.*`). */
export function restIdentityFacts(
  req: IncomingMessage,
  rawQuery: string,
  context: Readonly<Record<string, string>>,
  stageVariables: Readonly<Record<string, string>>,
): IdentityFacts {
  let query: URLSearchParams | undefined;
  return {
    header: (name) => headerValue(req.rawHeaders, name),
    query: (name) => {
      query ??= new URLSearchParams(rawQuery);
      const all = query.getAll(name);
      return all.length > 0 ? all[all.length - 1] : undefined;
    },
    context: (name) => context[name],
    stageVariable: (name) => stageVariables[name],
  };
}

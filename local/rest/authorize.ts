/**
 * REST method authorization (spec §4.3, §0 step 3): Lambda TOKEN / REQUEST authorizers with their result cache
 * and IAM-policy evaluation against the method ARN, Cognito user-pool authorizers (JWT checks, scopes) and
 * AWS_IAM (SigV4). A refusal is a gateway error type; an admission yields `requestContext.authorizer` and, for
 * IAM, the caller identity.
 */
import type { IncomingMessage } from "node:http";
import { headerValue } from "../events/common";
import { type RestEventInput, restRequestAuthorizerEvent } from "../events/rest";
import { checkIamSignature, SIGNATURE_MISMATCH } from "../iam";
import { type IdentityFacts, identityValue, identityValues } from "../identity-sources";
import { bearerToken, type JwtTrust, stringifiedClaims, tokenScopes, verifyJwt } from "../jwt";
import { type LambdaAuthorizerRunner, scalarContext } from "../lambda-authorizer";
import { evaluatePolicy, isPolicyDocument } from "../policy";
import type { GatewayError } from "./gateway-responses";
import type { RestMethod } from "./model";

export type RestAuthorization =
  | {
      readonly ok: true;
      readonly authorizer?: Record<string, unknown>;
      readonly identity?: Record<string, string>;
      readonly principalId?: string;
      readonly usageIdentifierKey?: string;
      readonly iamAuthenticated?: boolean;
    }
  | { readonly ok: false; readonly error: GatewayError; readonly note: string };

export interface RestAuthorizeInput {
  readonly method: RestMethod;
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly methodArn: string;
  readonly facts: IdentityFacts;
  /** The proxy-event input, for REQUEST authorizers. */
  readonly eventInput: RestEventInput;
  readonly runner: LambdaAuthorizerRunner | undefined;
  /** Trust for Cognito authorizers (issuers and keys). */
  readonly cognitoTrust: (issuers: readonly string[]) => JwtTrust[];
  readonly iamCredentials: Readonly<Record<string, string>>;
  readonly region: string;
  readonly nowMs: number;
  readonly implicitDenyKey: string;
}

function refuse(error: GatewayError, note: string): RestAuthorization {
  return { ok: false, error, note };
}

export async function authorizeRest(input: RestAuthorizeInput): Promise<RestAuthorization> {
  const { method } = input;
  switch (method.authorization) {
    case "NONE":
      return { ok: true };
    case "AWS_IAM":
      return iam(input);
    case "COGNITO_USER_POOLS":
      return cognito(input);
    case "CUSTOM":
      return lambda(input);
    default:
      return refuse(
        { type: "AUTHORIZER_CONFIGURATION_ERROR" },
        `authorization ${method.authorization} is not supported`,
      );
  }
}

async function iam(input: RestAuthorizeInput): Promise<RestAuthorization> {
  const check = await checkIamSignature(
    input.req,
    input.body,
    input.iamCredentials,
    input.region,
    input.nowMs,
  );
  if (check.ok) return { ok: true, identity: check.identity, iamAuthenticated: true };
  if (check.kind === "unsigned") return refuse({ type: "MISSING_AUTHENTICATION_TOKEN" }, check.reason);
  if (check.kind === "unknown-key") {
    return refuse(
      { type: "UNAUTHORIZED", message: "The security token included in the request is invalid." },
      check.reason,
    );
  }
  if (check.kind === "expired")
    return refuse({ type: "INVALID_SIGNATURE", message: "Signature expired" }, check.reason);
  return refuse({ type: "INVALID_SIGNATURE", message: SIGNATURE_MISMATCH }, check.reason);
}

async function cognito(input: RestAuthorizeInput): Promise<RestAuthorization> {
  const authorizer = input.method.authorizer;
  if (!authorizer)
    return refuse(
      { type: "AUTHORIZER_CONFIGURATION_ERROR" },
      "COGNITO_USER_POOLS method without an authorizer",
    );
  const source = authorizer.identitySources[0] ?? "method.request.header.Authorization";
  const token = bearerToken(identityValue(source, input.facts));
  if (!token) return refuse({ type: "UNAUTHORIZED" }, "no token");
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
        return refuse({ type: "UNAUTHORIZED" }, "an ID token on a method with scopes");
      if (!input.method.scopes.some((scope) => scopes.includes(scope))) {
        return refuse({ type: "UNAUTHORIZED" }, "the token has none of the method's scopes");
      }
    } else if (tokenUse !== undefined && tokenUse !== "id") {
      return refuse(
        { type: "UNAUTHORIZED" },
        "an access token on a method without scopes (Cognito authorizers then take ID tokens)",
      );
    }
    const claims = stringifiedClaims(outcome.claims);
    return {
      ok: true,
      authorizer: { claims, ...(input.method.scopes.length > 0 ? { scopes } : {}) },
      principalId: claims.sub,
    };
  }
  return refuse({ type: "UNAUTHORIZED" }, last);
}

async function lambda(input: RestAuthorizeInput): Promise<RestAuthorization> {
  const authorizer = input.method.authorizer;
  if (!authorizer || !input.runner)
    return refuse({ type: "AUTHORIZER_CONFIGURATION_ERROR" }, "CUSTOM method without a Lambda authorizer");
  let event: Record<string, unknown>;
  let cacheKey: string | undefined;
  if (authorizer.type === "TOKEN") {
    const token = identityValue(
      authorizer.identitySources[0] ?? "method.request.header.Authorization",
      input.facts,
    );
    if (token === undefined || token === "") return refuse({ type: "UNAUTHORIZED" }, "no token");
    if (authorizer.validationExpression && !authorizer.validationExpression.test(token)) {
      return refuse({ type: "UNAUTHORIZED" }, "the token does not match the identity validation expression");
    }
    event = { type: "TOKEN", authorizationToken: token, methodArn: input.methodArn };
    cacheKey = token;
  } else {
    const values = identityValues(authorizer.identitySources, input.facts);
    if (!values && authorizer.ttlSeconds > 0)
      return refuse({ type: "UNAUTHORIZED" }, "an identity source is missing");
    event = restRequestAuthorizerEvent(input.eventInput, input.methodArn);
    cacheKey = values && values.length > 0 ? values.join("\u0000") : undefined;
  }
  const call = await input.runner.call(event, cacheKey);
  if (call.kind === "unauthorized")
    return refuse({ type: "UNAUTHORIZED" }, "the authorizer said Unauthorized");
  if (call.kind === "error") return refuse({ type: "AUTHORIZER_CONFIGURATION_ERROR" }, call.reason);
  const response = call.value as Record<string, unknown> | null;
  if (typeof response !== "object" || response === null || !isPolicyDocument(response.policyDocument)) {
    return refuse({ type: "AUTHORIZER_CONFIGURATION_ERROR" }, "the authorizer returned no policyDocument");
  }
  const context = scalarContext(response.context);
  if (!context)
    return refuse(
      { type: "AUTHORIZER_CONFIGURATION_ERROR" },
      "the authorizer context has a non-scalar value",
    );
  const decision = evaluatePolicy(response.policyDocument, "execute-api:Invoke", input.methodArn);
  if (decision === "deny") return refuse({ type: "ACCESS_DENIED" }, "explicit deny from the authorizer");
  if (decision === "implicit-deny") {
    return refuse(
      {
        type: "ACCESS_DENIED",
        message: "User is not authorized to access this resource",
        key: input.implicitDenyKey,
      },
      `the authorizer's policy does not allow ${input.methodArn}${call.cached ? " (cached policy)" : ""}`,
    );
  }
  const principalId = typeof response.principalId === "string" ? response.principalId : undefined;
  const stringified = Object.fromEntries(Object.entries(context).map(([key, value]) => [key, String(value)]));
  return {
    ok: true,
    authorizer: { ...stringified, principalId: principalId ?? null, integrationLatency: call.latencyMs },
    principalId,
    usageIdentifierKey:
      typeof response.usageIdentifierKey === "string" ? response.usageIdentifierKey : undefined,
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

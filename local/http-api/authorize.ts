/**
 * HTTP API route authorization (spec §4.1 JWT, §4.2 Lambda REQUEST): the answer is either the
 * `requestContext.authorizer` value for the event, or the gateway's refusal (status, body, headers).
 */
import type { ApiContext, ForwardedRequest } from "../events/common";
import { httpAuthorizerEvent } from "../events/http";
import { restEventOf } from "../events/rest";
import { messageBody } from "../http/respond";
import { type IdentityFacts, identityValues } from "../identity-sources";
import { bearerToken, stringifiedClaims, tokenScopes, verifyJwt } from "../jwt";
import { type LambdaAuthorizerRunner, scalarContext } from "../lambda-authorizer";
import { evaluatePolicy, isPolicyDocument } from "../policy";
import type { HttpRoute } from "./model";

export type Authorization =
  | { readonly ok: true; readonly authorizer: Record<string, unknown> | undefined }
  | {
      readonly ok: false;
      readonly status: number;
      readonly body: string;
      readonly headers: string[];
      readonly note: string;
    };

const UNAUTHORIZED = messageBody("Unauthorized");
const FORBIDDEN = messageBody("Forbidden");
const INTERNAL = messageBody("Internal Server Error");

function refuse(status: number, body: string, note: string, headers: string[] = []): Authorization {
  return { ok: false, status, body, headers, note };
}

export interface AuthorizeInput {
  readonly route: HttpRoute;
  readonly request: ForwardedRequest;
  readonly api: ApiContext;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  readonly requestId: string;
  readonly routeArn: string;
  readonly facts: IdentityFacts;
  readonly nowMs: number;
  readonly runner: LambdaAuthorizerRunner | undefined;
  readonly unauthorizedStatus: number;
}

export async function authorizeJwt(input: AuthorizeInput): Promise<Authorization> {
  const { route } = input;
  const trust = route.authorizer?.jwt;
  if (!trust) return refuse(500, INTERNAL, "JWT route without a JWT authorizer");
  const source = route.authorizer?.identitySources[0] ?? "$request.header.Authorization";
  const token = bearerToken(identityValues([source], input.facts)?.[0]);
  if (!token) return refuse(401, UNAUTHORIZED, "no token");
  const outcome = await verifyJwt(token, trust, input.nowMs);
  if (!outcome.ok) {
    return refuse(401, UNAUTHORIZED, outcome.description, [
      "www-authenticate",
      `Bearer scope="" error="invalid_token" error_description="${outcome.description}"`,
    ]);
  }
  const scopes = tokenScopes(outcome.claims);
  if (route.scopes.length > 0 && !route.scopes.some((scope) => scopes.includes(scope))) {
    const expected = route.scopes.join(" ");
    return refuse(403, FORBIDDEN, "insufficient scope", [
      "www-authenticate",
      `Bearer scope="${expected}" error="insufficient_scope" error_description="expected scopes: [${expected}]"`,
    ]);
  }
  const claims = stringifiedClaims(outcome.claims);
  const tokenScopeList = route.scopes.length > 0 ? scopes : null;
  return {
    ok: true,
    authorizer:
      route.integration?.payloadFormat === "1.0"
        ? { claims, scopes: tokenScopeList }
        : { jwt: { claims, scopes: tokenScopeList } },
  };
}

export async function authorizeLambda(input: AuthorizeInput): Promise<Authorization> {
  const authorizer = input.route.authorizer;
  if (!authorizer || !input.runner) return refuse(500, INTERNAL, "CUSTOM route without a Lambda authorizer");
  const values =
    authorizer.identitySources.length > 0 ? identityValues(authorizer.identitySources, input.facts) : [];
  if (!values) return refuse(401, UNAUTHORIZED, "identity source missing");
  let event: Record<string, unknown>;
  if (authorizer.payloadFormat === "2.0") {
    event = httpAuthorizerEvent(
      {
        request: input.request,
        api: input.api,
        routeKey: input.routeKey,
        pathParameters: input.pathParameters,
        requestId: input.requestId,
      },
      input.routeArn,
      values,
    );
  } else {
    const {
      body: _body,
      isBase64Encoded: _encoded,
      ...rest
    } = restEventOf({
      request: input.request,
      api: input.api,
      resource: input.routeKey.replace(/^\S+ /, ""),
      resourceId: "local",
      pathParameters: input.pathParameters,
      requestId: input.requestId,
      extendedRequestId: input.requestId,
      httpApi: true,
    });
    event = {
      ...rest,
      type: "REQUEST",
      methodArn: input.routeArn,
      identitySource: values.join(","),
      authorizationToken: values.join(","),
    };
  }
  const cacheKey = values.length > 0 ? values.join("\u0000") : undefined;
  const call = await input.runner.call(event, cacheKey);
  if (call.kind === "unauthorized")
    return refuse(
      input.unauthorizedStatus,
      input.unauthorizedStatus === 401 ? UNAUTHORIZED : INTERNAL,
      "authorizer said Unauthorized",
    );
  if (call.kind === "error") return refuse(500, INTERNAL, call.reason);
  const response = call.value as Record<string, unknown> | null;
  if (typeof response !== "object" || response === null)
    return refuse(500, INTERNAL, "authorizer result is not an object");
  let context: Record<string, unknown> = {};
  if (authorizer.simpleResponses && authorizer.payloadFormat === "2.0") {
    if (typeof response.isAuthorized !== "boolean")
      return refuse(500, INTERNAL, "isAuthorized is not a boolean");
    if (!response.isAuthorized) return refuse(403, FORBIDDEN, "authorizer denied");
    context = (response.context as Record<string, unknown> | undefined) ?? {};
  } else {
    if (!isPolicyDocument(response.policyDocument))
      return refuse(500, INTERNAL, "authorizer result has no policyDocument");
    const decision = evaluatePolicy(response.policyDocument, "execute-api:Invoke", input.routeArn);
    if (decision !== "allow") return refuse(403, FORBIDDEN, `authorizer policy: ${decision}`);
    const scalar =
      authorizer.payloadFormat === "1.0"
        ? scalarContext(response.context)
        : ((response.context as Record<string, unknown> | undefined) ?? {});
    if (scalar === undefined) return refuse(500, INTERNAL, "authorizer context has a non-scalar value");
    context = { ...scalar };
    if (typeof response.principalId === "string")
      context =
        authorizer.payloadFormat === "1.0" ? { ...context, principalId: response.principalId } : context;
  }
  return {
    ok: true,
    authorizer:
      input.route.integration?.payloadFormat === "1.0"
        ? { ...context, integrationLatency: call.latencyMs }
        : { lambda: context },
  };
}

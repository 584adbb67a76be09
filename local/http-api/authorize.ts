/**
 * HTTP API route authorizers (docs/gateway-behavior.md §4.1 JWT, §4.2 Lambda REQUEST): each returns the
 * `requestContext.authorizer` value for the event, or throws the refusal.
 */
import { headerValue } from "../events/common";
import { httpAuthorizerEvent } from "../events/http";
import { restEventOf } from "../events/rest";
import { type IdentityFacts, identityValues } from "../identity-sources";
import { bearerToken, stringifiedClaims, tokenScopes, verifyJwt } from "../jwt";
import { askAuthorizer, policyGrant } from "../lambda-authorizer";
import { GatewayError } from "../pipeline/errors";
import type { HttpContext } from "./context";
import type { HttpRoute } from "./model";
import { httpApiContext, httpForwarded } from "./phases/request";

/** Identity facts of an HTTP API request (`$request.header.X`, `$request.querystring.x`, `$context.x`...). */
function httpFacts(ctx: HttpContext): IdentityFacts {
  let query: URLSearchParams | undefined;
  return {
    header: (name) => headerValue(ctx.req.rawHeaders, name),
    query: (name) => {
      query ??= new URLSearchParams(ctx.rawQuery);
      return query.get(name) ?? undefined;
    },
    context: (name) => (name === "routeKey" ? ctx.match?.key : name === "stage" ? ctx.stageName : undefined),
    stageVariable: (name) => ctx.stage?.variables[name],
  };
}

/**
 * The `www-authenticate` challenge of a refused token: the route's scopes (or none, `jwtChallengeScopes:
 * "empty"`), `invalid_token` and why (docs §4.1; AWS's wording of the reasons is not all recorded).
 */
function invalidTokenChallenge(ctx: HttpContext, route: HttpRoute, description: string): string[] {
  const scopes = ctx.api.runtime.services.options.http.jwtChallengeScopes === "route" ? route.scopes : [];
  return [
    "www-authenticate",
    `Bearer scope="${scopes.join(" ")}" error="invalid_token" error_description="${description}"`,
  ];
}

export async function authorizeJwt(ctx: HttpContext, route: HttpRoute): Promise<Record<string, unknown>> {
  const trust = route.authorizer?.jwt;
  if (!trust) throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "JWT route without a JWT authorizer");
  const source = route.authorizer?.identitySources[0] ?? "$request.header.Authorization";
  const token = bearerToken(identityValues([source], httpFacts(ctx))?.[0]);
  // A request without a token gets the bare challenge (recorded, §4.1).
  if (!token) throw new GatewayError("UNAUTHORIZED", "no token", { headers: ["www-authenticate", "Bearer"] });
  const outcome = await verifyJwt(token, trust, ctx.api.runtime.services.clock());
  if (!outcome.ok) {
    throw new GatewayError("UNAUTHORIZED", outcome.description, {
      headers: invalidTokenChallenge(ctx, route, outcome.description),
    });
  }
  const scopes = tokenScopes(outcome.claims);
  if (route.scopes.length > 0 && !route.scopes.some((scope) => scopes.includes(scope))) {
    const expected = route.scopes.join(" ");
    throw new GatewayError("ACCESS_DENIED", "insufficient scope", {
      headers: [
        "www-authenticate",
        `Bearer scope="${expected}" error="insufficient_scope" error_description="expected scopes: [${expected}]"`,
      ],
    });
  }
  const claims = stringifiedClaims(outcome.claims);
  const tokenScopeList = route.scopes.length > 0 ? scopes : null;
  return route.integration?.payloadFormat === "1.0"
    ? { claims, scopes: tokenScopeList }
    : { jwt: { claims, scopes: tokenScopeList } };
}

export async function authorizeLambda(ctx: HttpContext, route: HttpRoute): Promise<Record<string, unknown>> {
  const authorizer = route.authorizer;
  const runner = authorizer ? ctx.api.runners.get(authorizer.id) : undefined;
  const match = ctx.match;
  if (!authorizer || !runner || !match)
    throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "CUSTOM route without a Lambda authorizer");
  const values =
    authorizer.identitySources.length > 0 ? identityValues(authorizer.identitySources, httpFacts(ctx)) : [];
  if (!values) throw new GatewayError("UNAUTHORIZED", "identity source missing");
  const { refs, services } = ctx.api.runtime;
  const routeArn = `arn:aws:execute-api:${refs.region}:${refs.accountId}:${ctx.api.model.apiId}/${ctx.stageName}/${ctx.method}${ctx.path}`;
  const request = httpForwarded(ctx);
  const api = httpApiContext(ctx);
  let event: Record<string, unknown>;
  if (authorizer.payloadFormat === "2.0") {
    event = httpAuthorizerEvent(
      { request, api, routeKey: match.key, pathParameters: match.pathParameters, requestId: ctx.requestId },
      routeArn,
      values,
    );
  } else {
    const {
      body: _body,
      isBase64Encoded: _encoded,
      ...rest
    } = restEventOf({
      request,
      api,
      resource: match.key.replace(/^\S+ /, ""),
      resourceId: match.key,
      pathParameters: match.pathParameters,
      requestId: ctx.requestId,
      extendedRequestId: ctx.requestId,
      httpApi: true,
    });
    event = {
      ...rest,
      type: "REQUEST",
      methodArn: routeArn,
      identitySource: values.join(","),
      authorizationToken: values.join(","),
    };
  }
  const answer = await askAuthorizer(
    runner,
    event,
    values.length > 0 ? values.join("\u0000") : undefined,
    services.options.http.authorizerUnauthorizedStatus,
  );
  const payload10 = route.integration?.payloadFormat === "1.0";
  const wrap = (context: Record<string, unknown>) =>
    payload10 ? { ...context, integrationLatency: answer.latencyMs } : { lambda: context };
  if (authorizer.simpleResponses && authorizer.payloadFormat === "2.0") {
    const response = answer.value as Record<string, unknown> | null;
    if (typeof response !== "object" || response === null)
      throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "authorizer result is not an object");
    if (typeof response.isAuthorized !== "boolean")
      throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "isAuthorized is not a boolean");
    if (!response.isAuthorized) throw new GatewayError("ACCESS_DENIED", "authorizer denied");
    return wrap({ ...((response.context as Record<string, unknown> | undefined) ?? {}) });
  }
  const grant = policyGrant(answer, routeArn, { scalarContext: authorizer.payloadFormat === "1.0" });
  const context: Record<string, unknown> = { ...grant.context };
  if (authorizer.payloadFormat === "1.0" && grant.principalId !== undefined)
    context.principalId = grant.principalId;
  return wrap(context);
}

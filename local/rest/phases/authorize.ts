/**
 * REST step 5 (docs/gateway-behavior.md §4.3): the method's authorizer (Cognito, Lambda TOKEN/REQUEST, IAM).
 * A resource policy without an Allow admits only a caller whose IAM signature the authorizer checked.
 */
import { discoveredKeySet, type JwtTrust } from "../../jwt";
import { GatewayError } from "../../pipeline/errors";
import { authorizeRest } from "../authorize";
import type { RestContext } from "../context";
import { restEventInput, restFacts } from "./request";

/** Who signs Cognito tokens: the local issuer (by default), else the user pools' own issuers. */
export function cognitoTrust(ctx: RestContext, issuers: readonly string[]): JwtTrust[] {
  const { services } = ctx.api.runtime;
  if (services.options.trustLocalIssuer)
    return [{ issuer: services.issuer.issuer, audiences: [], keySet: services.issuer.keySet }];
  return issuers.map((issuer) => ({ issuer, audiences: [], keySet: discoveredKeySet(issuer) }));
}

export async function restAuthorize(ctx: RestContext): Promise<void> {
  const method = ctx.restMethod;
  if (!method) throw new Error("the authorizer runs after the route");
  const { runtime, runners } = ctx.api;
  const { options, clock } = runtime.services;
  if (method.authorization !== "NONE") {
    ctx.auth = await authorizeRest({
      method,
      req: ctx.req,
      body: ctx.body,
      methodArn: ctx.methodArn,
      facts: restFacts(ctx),
      eventInput: () => restEventInput(ctx),
      runner: method.authorizer ? runners.get(method.authorizer.id) : undefined,
      cognitoTrust: (issuers) => cognitoTrust(ctx, issuers),
      iamCredentials: options.rest.iamCredentials,
      region: runtime.refs.region,
      nowMs: clock(),
      implicitDenyKey: options.rest.implicitDenyKey,
      cognitoScopes: options.rest.cognitoScopes,
    });
    if (ctx.auth.principalId) ctx.templateContext.authorizer = { principalId: ctx.auth.principalId };
  }
  if (ctx.policyImplicitDeny && !ctx.auth?.iamAuthenticated)
    throw new GatewayError("ACCESS_DENIED", "resource policy: no Allow");
}

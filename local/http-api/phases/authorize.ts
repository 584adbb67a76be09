/**
 * HTTP API step 5 (docs/gateway-behavior.md §4.1, §4.2): the route's authorizer (JWT, Lambda, IAM); an
 * admission leaves `requestContext.authorizer` for the event.
 */
import { checkIamSignature } from "../../iam";
import { GatewayError } from "../../pipeline/errors";
import { authorizeJwt, authorizeLambda } from "../authorize";
import type { HttpContext } from "../context";

export async function httpAuthorize(ctx: HttpContext): Promise<void> {
  const route = ctx.match?.value;
  if (!route || route.authorizationType === "NONE") return;
  const { services, refs } = ctx.api.runtime;
  if (route.authorizationType === "AWS_IAM") {
    const check = await checkIamSignature(
      ctx.req,
      ctx.body,
      services.options.rest.iamCredentials,
      refs.region,
      services.clock(),
    );
    // Any failure is 403 Forbidden on an HTTP API (§8.4).
    if (!check.ok) throw new GatewayError("ACCESS_DENIED", check.reason);
    ctx.authorizer = { iam: check.context };
    return;
  }
  if (route.authorizationType === "JWT") {
    ctx.authorizer = await authorizeJwt(ctx, route);
    return;
  }
  if (route.authorizationType === "CUSTOM") {
    ctx.authorizer = await authorizeLambda(ctx, route);
    return;
  }
  throw new GatewayError(
    "AUTHORIZER_CONFIGURATION_ERROR",
    `authorization type ${route.authorizationType} is not supported`,
  );
}

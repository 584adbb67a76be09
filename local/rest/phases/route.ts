/**
 * REST step 3 (docs/gateway-behavior.md §6.2): the resource and the method. No resource, or no method on it
 * (`ANY` covers the seven methods API Gateway knows), is MISSING_AUTHENTICATION_TOKEN: 403
 * `Missing Authentication Token`, as AWS answers it [gateway-responses].
 */
import { GatewayError } from "../../pipeline/errors";
import type { RestContext } from "../context";

const ANY_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);

export function restRoute(ctx: RestContext): void {
  const match = ctx.api.tree.match(ctx.path);
  const method = match
    ? (match.resource.methods.get(ctx.method) ??
      (ANY_METHODS.has(ctx.method) ? match.resource.methods.get("ANY") : undefined))
    : undefined;
  if (!match || !method)
    throw new GatewayError("MISSING_AUTHENTICATION_TOKEN", match ? "no such method" : "no such resource");
  const { refs } = ctx.api.runtime;
  ctx.match = match;
  ctx.restMethod = method;
  ctx.route = `${method.httpMethod} ${match.resource.path}`;
  ctx.templateContext.resourcePath = match.resource.path;
  ctx.templateContext.resourceId = match.resource.id;
  ctx.methodArn = `arn:aws:execute-api:${refs.region}:${refs.accountId}:${ctx.api.model.apiId}/${ctx.stageName}/${ctx.method}/${ctx.path.replace(/^\//, "")}`;
}

/**
 * HTTP API steps 7-9 (docs/gateway-behavior.md §2): the integration request (payload 2.0, or the REST shape with
 * `version: "1.0"`), and the integration response (§2.3, §2.4: a malformed result is 500; with a CORS
 * configuration the function's own CORS headers are dropped, §6.1).
 */
import { httpEventOf } from "../../events/http";
import { restEventOf } from "../../events/rest";
import { GatewayError } from "../../pipeline/errors";
import { httpProxyReplyV1, httpProxyReplyV2 } from "../../pipeline/proxy-result";
import type { HttpContext } from "../context";
import { httpApiContext, httpForwarded } from "./request";

export function httpIntegrationRequest(ctx: HttpContext): void {
  const match = ctx.match;
  const integration = match?.value.integration;
  if (!match || !integration?.fn)
    throw new GatewayError("API_CONFIGURATION_ERROR", "no function behind the route");
  const authorizer = ctx.authorizer ? { authorizer: ctx.authorizer } : {};
  const request = httpForwarded(ctx);
  const api = httpApiContext(ctx);
  const event =
    integration.payloadFormat === "1.0"
      ? restEventOf({
          request,
          api,
          resource: match.key === "$default" ? "$default" : match.key.slice(match.key.indexOf(" ") + 1),
          // The route key, as captured (docs §2.4).
          resourceId: match.key,
          pathParameters: match.pathParameters,
          requestId: ctx.requestId,
          extendedRequestId: ctx.requestId,
          ...authorizer,
          httpApi: true,
        })
      : httpEventOf({
          request,
          api,
          routeKey: match.key,
          pathParameters: match.pathParameters,
          requestId: ctx.requestId,
          ...authorizer,
          keepCookieHeader: ctx.api.runtime.services.options.http.keepCookieHeader,
        });
  ctx.event = JSON.stringify(event);
  ctx.target = { fn: integration.fn, timeoutMs: integration.timeoutMs };
}

/** The backend's CORS headers are ignored when the API has a CORS configuration (§6.1). */
function withoutCorsHeaders(headers: string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < headers.length; index += 2) {
    if (!headers[index].toLowerCase().startsWith("access-control-"))
      out.push(headers[index], headers[index + 1]);
  }
  return out;
}

export function httpIntegrationResponse(ctx: HttpContext): void {
  const { options } = ctx.api.runtime.services;
  const result = ctx.result ?? "";
  const mapped =
    ctx.match?.value.integration?.payloadFormat === "1.0"
      ? httpProxyReplyV1(result)
      : httpProxyReplyV2(result, {
          nonStringBody: options.http.nonStringBody,
          defaultContentType: options.http.defaultContentType,
        });
  if (!mapped) throw new GatewayError("INTEGRATION_FAILURE", "malformed Lambda response");
  ctx.reply = ctx.api.model.cors ? { ...mapped, headers: withoutCorsHeaders(mapped.headers) } : mapped;
}

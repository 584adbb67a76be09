/**
 * The request as an HTTP API forwards it to authorizers and the integration, worked out once per request and
 * only when one of them needs it: the headers with `x-forwarded-*` and `x-amzn-trace-id`, the body as text or
 * base64 (§8.2), and the API context of `requestContext`.
 */
import { httpBody } from "../../events/body";
import {
  type ApiContext,
  type ForwardedRequest,
  forwardedRequest,
  requestDomain,
  traceId,
} from "../../events/common";
import { forwardedHeaders } from "../../http/request";
import type { HttpContext } from "../context";

export function httpForwarded(ctx: HttpContext): ForwardedRequest {
  if (ctx.forwarded) return ctx.forwarded;
  const { runtime } = ctx.api;
  const encoded = httpBody(ctx.body, ctx.header("content-type"), {
    textMediaTypes: runtime.services.options.http.textMediaTypes,
  });
  const headers = forwardedHeaders(ctx.req.rawHeaders, {
    sourceIp: ctx.sourceIp,
    port: runtime.port,
    traceId: traceId(ctx.timeEpoch),
  });
  ctx.forwarded = forwardedRequest(ctx, headers, encoded);
  return ctx.forwarded;
}

export function httpApiContext(ctx: HttpContext): ApiContext {
  if (ctx.apiContext) return ctx.apiContext;
  const { runtime, model } = ctx.api;
  const { domainName, domainPrefix } = requestDomain(
    ctx.header("host"),
    `${runtime.services.options.host}:${runtime.port}`,
  );
  ctx.apiContext = {
    apiId: model.apiId,
    accountId: runtime.refs.accountId,
    domainName,
    domainPrefix,
    stage: ctx.stageName,
    stageVariables: ctx.stage?.variables,
  };
  return ctx.apiContext;
}

/**
 * The request as REST forwards it to authorizers and integrations, worked out once per request and only when
 * one of them needs it: the headers with the ones API Gateway and, on edge-optimized APIs, CloudFront add
 * (`authorization` reaches the function as `Authorization`: §1.1, recorded), the body as the event carries it,
 * and the identity facts (`method.request.*`, `context.*`, `stageVariables.*`).
 */
import { restBody } from "../../events/body";
import { type ForwardedRequest, forwardedRequest, requestDomain, traceId } from "../../events/common";
import type { RestEventInput } from "../../events/rest";
import { forwardedHeaders } from "../../http/request";
import type { IdentityFacts } from "../../identity-sources";
import { restIdentityFacts } from "../authorize";
import type { RestContext } from "../context";

export function restForwarded(ctx: RestContext): ForwardedRequest {
  if (ctx.forwarded) return ctx.forwarded;
  const trace = traceId(ctx.timeEpoch);
  const encoded = restBody(ctx.body, ctx.header("content-type"), ctx.api.model.binaryMediaTypes);
  ctx.traceId = trace;
  const headers = forwardedHeaders(ctx.req.rawHeaders, {
    sourceIp: ctx.sourceIp,
    port: ctx.api.runtime.port,
    traceId: trace,
    cloudFrontId: ctx.cloudFrontId,
    rest: true,
  });
  ctx.forwarded = forwardedRequest(ctx, headers, encoded);
  return ctx.forwarded;
}

/** The proxy event's input (after the route phase). */
export function restEventInput(ctx: RestContext): RestEventInput {
  if (ctx.eventInput) return ctx.eventInput;
  const { runtime, model } = ctx.api;
  const { options } = runtime.services;
  const { domainName, domainPrefix } = requestDomain(ctx.header("host"), `${options.host}:${runtime.port}`);
  const match = ctx.match;
  if (!match || !ctx.stage) throw new Error("the event input needs the stage and the resource");
  ctx.eventInput = {
    request: restForwarded(ctx),
    api: {
      apiId: model.apiId,
      accountId: runtime.refs.accountId,
      domainName,
      domainPrefix,
      stage: ctx.stage.name,
      deploymentId: ctx.stage.deploymentId,
      stageVariables: ctx.stage.variables,
    },
    resource: match.resource.path,
    resourceId: match.resource.id,
    requestPath: ctx.requestPath,
    pathParameters: match.pathParameters,
    requestId: ctx.requestId,
    extendedRequestId: ctx.extendedRequestId,
    duplicateHeader: options.rest.duplicateHeader,
  };
  return ctx.eventInput;
}

export function restFacts(ctx: RestContext): IdentityFacts {
  ctx.facts ??= restIdentityFacts(
    ctx.req,
    ctx.rawQuery,
    {
      requestId: ctx.requestId,
      stage: ctx.stageName,
      httpMethod: ctx.method,
      resourcePath: ctx.match?.resource.path ?? "",
      apiId: ctx.api.model.apiId,
      sourceIp: ctx.sourceIp,
    },
    ctx.stage?.variables ?? {},
  );
  return ctx.facts;
}

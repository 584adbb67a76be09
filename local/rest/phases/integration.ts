/**
 * REST steps 10-12 (docs/gateway-behavior.md §1): the integration request (a MOCK integration answers from its
 * templates; a Lambda proxy integration gets the payload 1.0 event), and the integration response (the proxy
 * result mapped as recorded against AWS, 502 when malformed; 2xx answers fill the stage cache).
 */
import { restEventOf } from "../../events/rest";
import { GatewayError } from "../../pipeline/errors";
import { restProxyReply } from "../../pipeline/proxy-result";
import type { RestContext } from "../context";
import { mockResponse } from "../mock";
import { restEventInput } from "./request";

export function restIntegrationRequest(ctx: RestContext): void {
  const integration = ctx.restMethod?.integration;
  if (!integration) throw new GatewayError("API_CONFIGURATION_ERROR", "the method has no integration");
  if (integration.type === "MOCK") {
    const mock = mockResponse(integration, ctx.header("content-type"), ctx.values);
    ctx.note = "MOCK integration";
    ctx.reply = { status: mock.status, headers: mock.headers, body: mock.body };
    return;
  }
  if (integration.type !== "AWS_PROXY" || !integration.fn)
    throw new GatewayError(
      "API_CONFIGURATION_ERROR",
      `integration ${integration.type} is not served locally`,
    );
  // Lambda is invoked with POST only; AWS answers any other integration method with a 500 (§1.3, recorded).
  if (integration.httpMethod !== undefined && integration.httpMethod !== "POST")
    throw new GatewayError(
      "INTEGRATION_FAILURE",
      `Lambda proxy integration_http_method is ${integration.httpMethod}, not POST`,
      { status: 500 },
    );
  const identity: Record<string, string | null> = { ...(ctx.auth?.identity ?? {}) };
  if (ctx.usage) {
    identity.apiKey = ctx.usage.key.value;
    identity.apiKeyId = ctx.usage.key.id;
  }
  const authorizer = ctx.auth?.authorizer;
  ctx.event = JSON.stringify(
    restEventOf({ ...restEventInput(ctx), identity, ...(authorizer ? { authorizer } : {}) }),
  );
  ctx.target = { fn: integration.fn, timeoutMs: integration.timeoutMs };
}

export function restIntegrationResponse(ctx: RestContext): void {
  const mapped = restProxyReply(ctx.result ?? "", ctx.api.model.binaryMediaTypes, ctx.header("accept"));
  if (!mapped) throw new GatewayError("INTEGRATION_FAILURE", "malformed Lambda proxy response");
  if (ctx.cache) ctx.api.cache.set(ctx.cache.key, mapped, ctx.cache.setting.cacheTtlSeconds);
  ctx.answerTrace = ctx.traceId;
  ctx.reply = mapped;
}

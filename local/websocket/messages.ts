/**
 * The WebSocket message pipeline (docs/gateway-behavior.md §3.3), and `$disconnect`: route selection by the API's expression
 * (`$default` when nothing matches), the route's throttle, the integration, and the route response (the
 * result's body goes back as a frame only when the route has one). When the gateway answers a message itself,
 * the client gets a frame naming why and the connection stays open.
 */
import { randomUUID, shortId } from "../events/common";
import { disconnectEvent, messageEvent } from "../events/websocket";
import { type Phase, runPhases } from "../pipeline/chain";
import { PhaseState } from "../pipeline/context";
import { GatewayError, isGatewayError } from "../pipeline/errors";
import { invokeLambda } from "../pipeline/phases/invoke";
import { takeTokens } from "../pipeline/phases/throttle";
import { routeReplyText } from "../pipeline/proxy-result";
import { logFailure } from "../pipeline/serve";
import type { Connection } from "./connections";
import type { MessageContext, WsParts } from "./context";
import { messageRefusal } from "./errors";
import type { WsRoute } from "./model";
import { selectRouteKey } from "./selection";

export function selectRoute(ctx: MessageContext): void {
  const { routes, selectionExpression } = ctx.api.model;
  const selected = selectRouteKey(selectionExpression, ctx.text);
  const route =
    (selected !== undefined && !selected.startsWith("$") ? routes.get(selected) : undefined) ??
    routes.get("$default");
  if (!route)
    throw new GatewayError(
      "MISSING_AUTHENTICATION_TOKEN",
      `no route for "${selected ?? "(not JSON)"}" and no $default`,
    );
  ctx.wsRoute = route;
  ctx.route = route.key;
}

export function messageThrottle(ctx: MessageContext): void {
  takeTokens(ctx.api.runtime.services, ctx.api.throttles.checksFor(ctx.connection.stage, ctx.route ?? ""));
}

export function messageIntegrationRequest(ctx: MessageContext): void {
  const route = ctx.wsRoute;
  if (!route?.fn) throw new GatewayError("API_CONFIGURATION_ERROR", "no function behind the route");
  const event = messageEvent(ctx.connection.context, route.key, ctx.text, ctx.api.runtime.services.clock());
  ctx.event = JSON.stringify(event);
  ctx.target = { fn: route.fn, timeoutMs: route.timeoutMs };
}

export function routeResponse(ctx: MessageContext): void {
  ctx.reply = { status: 200, headers: [], body: "" };
  if (ctx.wsRoute?.replies) ctx.frame = routeReplyText(ctx.result ?? "null");
}

class MessageState extends PhaseState implements MessageContext {
  wsRoute: WsRoute | undefined = undefined;
  frame: string | undefined = undefined;

  constructor(
    readonly api: WsParts,
    readonly connection: Connection,
    readonly text: string,
    started: number,
  ) {
    super(api.runtime, started, shortId());
  }
}

export const MESSAGE_PHASES: readonly Phase<MessageContext>[] = [
  selectRoute,
  messageThrottle,
  messageIntegrationRequest,
  invokeLambda,
  routeResponse,
];

/** Runs one message through the pipeline, sends the frame it produced, logs one `MESSAGE` line. */
export async function onMessage(api: WsParts, connection: Connection, text: string): Promise<void> {
  const started = performance.now();
  const ctx = new MessageState(api, connection, text, started);
  let status = 200;
  try {
    await runPhases(MESSAGE_PHASES, ctx);
  } catch (error) {
    let refusal = { status: 500, message: "Internal server error" };
    if (isGatewayError(error)) {
      ctx.note = error.note;
      refusal = messageRefusal(error);
    } else {
      logFailure(api.runtime, "message error", error);
      ctx.note = "gateway error";
    }
    status = refusal.status;
    const { connectionId } = connection.context;
    ctx.frame = `{"message": ${JSON.stringify(refusal.message)}, "connectionId":${JSON.stringify(connectionId)}, "requestId":${JSON.stringify(ctx.requestId)}}`;
  }
  if (ctx.frame !== undefined && connection.ws.readyState === connection.ws.OPEN)
    connection.ws.send(ctx.frame);
  api.runtime.services.log.request({
    stack: api.runtime.stack.id,
    method: "MESSAGE",
    path: `/${connection.stage.name} ${connection.context.connectionId}`,
    route: ctx.route,
    status,
    durationMs: performance.now() - started,
    ...(ctx.fn ?? {}),
    note: ctx.note,
  });
}

/** `$disconnect`, best effort (§3.4): its result is ignored; logs one `CLOSE` line. */
export async function onDisconnect(
  api: WsParts,
  connection: Connection,
  statusCode: number,
  reason: string,
): Promise<void> {
  const { runtime } = api;
  const { services } = runtime;
  const started = performance.now();
  const route = api.model.routes.get("$disconnect");
  const line = (fields: { durationMs: number; functionName?: string; cold?: boolean; note: string }) =>
    services.log.request({
      stack: runtime.stack.id,
      method: "CLOSE",
      path: `/${connection.stage.name}`,
      route: "$disconnect",
      status: statusCode,
      ...fields,
    });
  if (!route?.fn) {
    line({ durationMs: 0, note: reason });
    return;
  }
  const event = JSON.stringify(disconnectEvent(connection.context, statusCode, reason, services.clock()));
  const outcome = await route.fn.pool.invoke(event, randomUUID(), route.timeoutMs);
  line({
    durationMs: performance.now() - started,
    functionName: route.fn.functionName,
    cold: outcome.cold,
    note: outcome.kind === "ok" ? reason : `${reason}; $disconnect ${outcome.kind}`,
  });
}

/**
 * The WebSocket handshake pipeline (docs/gateway-behavior.md §0, §3.2, §4.4): the stage, the `$connect`
 * authorizer, the API key, the throttle, the `$connect` integration (a non-2xx result refuses the handshake with
 * its status), then the upgrade. The event carries the handshake's headers as API Gateway forwards them: the
 * hop-by-hop `Connection` and `Upgrade` dropped, `X-Amzn-Trace-Id` and `X-Forwarded-*` added (recorded, §3.1).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { shortId, traceId } from "../events/common";
import { type ConnectionContext, connectAuthorizerEvent, connectEvent } from "../events/websocket";
import { forwardedHeaders, splitTarget } from "../http/request";
import { type IdentityFacts, identityValues } from "../identity-sources";
import { askAuthorizer, policyGrant } from "../lambda-authorizer";
import { type Phase, runPhases } from "../pipeline/chain";
import { RequestState } from "../pipeline/context";
import { GatewayError, isGatewayError } from "../pipeline/errors";
import { requireApiKey } from "../pipeline/phases/api-key";
import { invokeLambda } from "../pipeline/phases/invoke";
import { takeTokens } from "../pipeline/phases/throttle";
import { connectResult } from "../pipeline/proxy-result";
import { logFailure } from "../pipeline/serve";
import type { ConnectContext, WsParts } from "./context";
import { handshakeRefusal } from "./errors";
import { locateStage, type WsRoute, type WsStage } from "./model";
import { refuseUpgrade, type UpgradeServer } from "./server";

/** The handshake's headers as `$connect` and its authorizer receive them. */
function handshakeHeaders(ctx: ConnectContext): string[] {
  ctx.forwarded ??= forwardedHeaders(ctx.req.rawHeaders, {
    sourceIp: ctx.sourceIp,
    port: ctx.api.runtime.port,
    traceId: traceId(ctx.timeEpoch),
  });
  return ctx.forwarded;
}

/**
 * The handshake's headers as the `$connect` authorizer receives them (recorded, docs §4.4): unlike the
 * integration, it also gets the client's `Connection` and `Upgrade`, and a `content-length` of `0`.
 */
function authorizerHeaders(ctx: ConnectContext): string[] {
  const raw = ctx.req.rawHeaders;
  const kept: string[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const lower = raw[index].toLowerCase();
    if (lower === "connection" || lower === "upgrade") kept.push(raw[index], raw[index + 1]);
  }
  return [...kept, ...handshakeHeaders(ctx), "content-length", "0"];
}

/** The handshake's path must be the stage itself (`/live`, or `/` on `$default`). */
export function connectStage(ctx: ConnectContext): void {
  const located = locateStage(ctx.api.model, ctx.rawPath);
  if (!located || (located.rest !== "" && located.rest !== "/"))
    throw new GatewayError("UNKNOWN_STAGE", "unknown stage");
  const { stage } = located;
  const { runtime, model } = ctx.api;
  ctx.stage = stage;
  ctx.stageName = stage.name;
  ctx.connection = {
    apiId: model.apiId,
    stage: stage.name,
    domainName: ctx.header("host") ?? `${runtime.services.options.host}:${runtime.port}`,
    // Like AWS's ids (`IU3kkeN4IAMCJwA=`), without `+` and `/` so unencoded @connections paths work too.
    connectionId: shortId().replace(/\+/g, "A").replace(/\//g, "B"),
    connectedAt: ctx.timeEpoch,
    sourceIp: ctx.sourceIp,
    userAgent: ctx.header("user-agent"),
    stageVariables: stage.variables,
  };
}

/** The `$connect` REQUEST authorizer (§4.4): a missing identity source is 401 without a call. */
export async function connectAuthorize(ctx: ConnectContext): Promise<void> {
  const route = ctx.connectRoute;
  const connection = ctx.connection;
  if (route?.authorizationType !== "CUSTOM" || !connection) return;
  const authorizer = route.authorizer;
  const runner = authorizer ? ctx.api.runners.get(authorizer.id) : undefined;
  if (!authorizer || !runner)
    throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "$connect without a Lambda authorizer");
  let query: URLSearchParams | undefined;
  const facts: IdentityFacts = {
    header: ctx.header,
    query: (name) => {
      query ??= new URLSearchParams(ctx.rawQuery);
      return query.get(name) ?? undefined;
    },
    context: (name) =>
      name === "connectionId" ? connection.connectionId : name === "stage" ? connection.stage : undefined,
    stageVariable: (name) => connection.stageVariables?.[name],
  };
  const values = identityValues(authorizer.identitySources, facts);
  if (!values) throw new GatewayError("UNAUTHORIZED", "an identity source is missing");
  const { refs, services } = ctx.api.runtime;
  const methodArn = `arn:aws:execute-api:${refs.region}:${refs.accountId}:${ctx.api.model.apiId}/${connection.stage}/$connect`;
  const event = connectAuthorizerEvent(
    connection,
    authorizerHeaders(ctx),
    ctx.rawQuery,
    services.clock(),
    methodArn,
  );
  const answer = await askAuthorizer(runner, event, values.length > 0 ? values.join("\u0000") : undefined);
  const grant = policyGrant(answer, methodArn, { scalarContext: true });
  ctx.connection = {
    ...connection,
    authorizer: {
      ...grant.context,
      principalId: grant.principalId ?? null,
      integrationLatency: grant.latencyMs,
    },
  };
}

/** `api_key_required` on `$connect`: the key must be there (its value is not checked locally, §8.9). */
export function connectApiKey(ctx: ConnectContext): void {
  if (ctx.connectRoute?.apiKeyRequired) requireApiKey(ctx.header("x-api-key"), (value) => value);
}

export function connectThrottle(ctx: ConnectContext): void {
  if (!ctx.stage) throw new Error("the throttle applies after the stage");
  takeTokens(ctx.api.runtime.services, ctx.api.throttles.checksFor(ctx.stage, "$connect"));
}

export function connectIntegrationRequest(ctx: ConnectContext): void {
  const route = ctx.connectRoute;
  if (!route?.fn || !ctx.connection) return;
  ctx.route = "$connect";
  const event = connectEvent(
    ctx.connection,
    handshakeHeaders(ctx),
    ctx.rawQuery,
    ctx.api.runtime.services.clock(),
  );
  ctx.event = JSON.stringify(event);
  ctx.target = { fn: route.fn, timeoutMs: route.timeoutMs };
}

/** The `$connect` integration is optional (§3.2): without one the handshake is accepted as is. */
export function connectInvoke(ctx: ConnectContext): Promise<void> | undefined {
  return ctx.target ? invokeLambda(ctx) : undefined;
}

/** A 2xx result accepts the handshake with its headers; anything else refuses it with its status. */
export function connectIntegrationResponse(ctx: ConnectContext): void {
  if (ctx.result === undefined) {
    ctx.reply = { status: 101, headers: [], body: "" };
    return;
  }
  const result = connectResult(ctx.result);
  if (result.status === undefined || result.status < 200 || result.status > 299) {
    throw new GatewayError("CONNECT_REFUSED", "$connect refused", {
      status: result.status ?? 502,
      body: result.body,
    });
  }
  // The 101 response is written line by line: a CR or LF in a header would start a header of the function's
  // choosing, so such a result is refused as malformed, as for HTTP responses.
  if (!result.headers)
    throw new GatewayError("INTEGRATION_FAILURE", "malformed $connect response: a header HTTP cannot carry");
  ctx.reply = { status: 101, headers: result.headers, body: "" };
}

export const CONNECT_PHASES: readonly Phase<ConnectContext>[] = [
  connectStage,
  connectAuthorize,
  connectApiKey,
  connectThrottle,
  connectIntegrationRequest,
  connectInvoke,
  connectIntegrationResponse,
];

class ConnectState extends RequestState implements ConnectContext {
  stage: WsStage | undefined = undefined;
  connection: ConnectionContext | undefined = undefined;
  readonly connectRoute: WsRoute | undefined;
  forwarded: string[] | undefined = undefined;

  constructor(
    readonly api: WsParts,
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    started: number,
  ) {
    super(api.runtime, req, rawPath, rawQuery, started, shortId());
    this.connectRoute = api.model.routes.get("$connect");
  }
}

export function connectContext(api: WsParts, req: IncomingMessage, started: number): ConnectContext {
  const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
  return new ConnectState(api, req, rawPath, rawQuery, started);
}

/**
 * Runs the handshake pipeline and then upgrades or refuses; returns the accepted socket with its connection
 * facts, or undefined. Logs one `CONNECT` line.
 */
export async function handshake(
  api: WsParts,
  server: UpgradeServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<{ ctx: ConnectContext; ws: import("ws").WebSocket } | undefined> {
  const started = performance.now();
  const ctx = connectContext(api, req, started);
  const log = (status: number) =>
    api.runtime.services.log.request({
      stack: api.runtime.stack.id,
      method: "CONNECT",
      path: ctx.rawPath,
      route: "$connect",
      status,
      durationMs: performance.now() - started,
      ...(ctx.fn ?? {}),
      note: ctx.note,
    });
  try {
    await runPhases(CONNECT_PHASES, ctx);
  } catch (error) {
    let refusal = { status: 500, body: '{"message":"Internal server error"}' };
    if (isGatewayError(error)) {
      ctx.note = error.note;
      refusal = handshakeRefusal(error);
    } else {
      logFailure(api.runtime, "handshake error", error);
      ctx.note = "gateway error";
    }
    refuseUpgrade(socket, refusal.status, refusal.body);
    log(refusal.status);
    return undefined;
  }
  if (socket.destroyed || !ctx.connection || !ctx.stage) {
    ctx.note = "the client left during $connect";
    log(499);
    return undefined;
  }
  const ws = await server.accept(req, socket, head, ctx.reply?.headers ?? []);
  log(101);
  return { ctx, ws };
}

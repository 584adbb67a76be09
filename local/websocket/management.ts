/**
 * The `@connections` management API (docs/gateway-behavior.md §3.5) on the WebSocket API's own port, so functions
 * push exactly as in AWS: `POST` sends a frame, `GET` describes the connection, `DELETE` closes it, `410
 * GoneException` for a connection that is closed or never existed. Requests must be SigV4-signed (service
 * `execute-api`) with one of the local access keys, as the functions' SDK clients sign them: AWS documents the
 * requirement ("Use @connections commands in your backend service": these requests use IAM authorization); an
 * unsigned call gets the 403 `Missing Authentication Token` of every IAM-authorized resource, a wrong signature
 * the 403 that awscurl users report for @connections (okigan/awscurl#61, mhart/aws4#133).
 */
import type { IncomingMessage } from "node:http";
import type { ApiRuntime } from "../context";
import { randomUUID } from "../events/common";
import { checkIamSignature } from "../iam";
import type { Phase } from "../pipeline/chain";
import { type Reply, type RequestContext, RequestState } from "../pipeline/context";
import { GatewayError } from "../pipeline/errors";
import { readRequestBody } from "../pipeline/phases/read-body";
import type { HttpVariant } from "../pipeline/serve";
import type { Connection, ConnectionRegistry } from "./connections";
import { managementError } from "./errors";
import { locateStage, type WebSocketModel } from "./model";
import { MAX_MESSAGE_BYTES } from "./server";

const CONNECTION_ID = /^[A-Za-z0-9+/_-]{1,127}={0,2}$/;

export interface ManagementContext extends RequestContext {
  readonly model: WebSocketModel;
  readonly connections: ConnectionRegistry;
  connectionId: string;
}

/** The path must be `/{stage}/@connections/{id}` (the SDK sends `%40connections`). */
export function managementTarget(ctx: ManagementContext): void {
  const located = locateStage(ctx.model, ctx.rawPath);
  const match = located ? /^\/(?:@|%40)connections\/([^/]+)\/?$/i.exec(located.rest) : null;
  if (!located || !match) {
    ctx.note = "not a WebSocket handshake and not @connections";
    ctx.reply = { status: 426, headers: [], body: '{"message":"Upgrade Required"}' };
    return;
  }
  ctx.stageName = located.stage.name;
  ctx.route = `${ctx.method} /@connections/{connectionId}`;
  try {
    ctx.connectionId = decodeURIComponent(match[1]);
  } catch {
    ctx.connectionId = match[1];
  }
}

export async function managementSignature(ctx: ManagementContext): Promise<void> {
  const { services, refs } = ctx.runtime;
  const check = await checkIamSignature(
    ctx.req,
    ctx.body,
    services.options.rest.iamCredentials,
    refs.region,
    services.clock(),
  );
  if (check.ok) return;
  const type =
    check.kind === "unsigned"
      ? "MISSING_AUTHENTICATION_TOKEN"
      : check.kind === "unknown-key"
        ? "UNAUTHORIZED"
        : check.kind === "expired"
          ? "EXPIRED_TOKEN"
          : "INVALID_SIGNATURE";
  throw new GatewayError(type, check.reason);
}

export function managementConnectionId(ctx: ManagementContext): void {
  if (!CONNECTION_ID.test(ctx.connectionId))
    throw new GatewayError("BAD_REQUEST_PARAMETERS", "malformed connection id");
}

function gone(ctx: ManagementContext): Reply {
  ctx.note = `no connection ${ctx.connectionId}`;
  return { status: 410, headers: ["x-amzn-ErrorType", "GoneException"], body: "{}" };
}

function describeConnection(connection: Connection): string {
  const { context } = connection;
  return JSON.stringify({
    connectedAt: new Date(context.connectedAt).toISOString(),
    identity: { sourceIp: context.sourceIp, ...(context.userAgent ? { userAgent: context.userAgent } : {}) },
    lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
  });
}

export function managementAction(ctx: ManagementContext): void {
  const connection = ctx.connections.get(ctx.connectionId);
  if (ctx.method !== "POST" && ctx.method !== "GET" && ctx.method !== "DELETE")
    throw new GatewayError("ACCESS_DENIED", `method ${ctx.method}`);
  if (!connection || (ctx.method === "POST" && connection.ws.readyState !== connection.ws.OPEN)) {
    ctx.reply = gone(ctx);
    return;
  }
  if (ctx.method === "POST") {
    connection.ws.send(ctx.body.toString("utf8"));
    ctx.reply = { status: 200, headers: [], body: "" };
  } else if (ctx.method === "GET") {
    ctx.reply = { status: 200, headers: [], body: describeConnection(connection) };
  } else {
    ctx.connections.close(connection, 1000, "Connection deleted by the server (DeleteConnection)");
    ctx.reply = { status: 204, headers: [], body: "" };
  }
}

export const MANAGEMENT_PHASES: readonly Phase<ManagementContext>[] = [
  managementTarget,
  readRequestBody(MAX_MESSAGE_BYTES),
  managementSignature,
  managementConnectionId,
  managementAction,
];

class ManagementState extends RequestState implements ManagementContext {
  connectionId = "";

  constructor(
    readonly model: WebSocketModel,
    readonly connections: ConnectionRegistry,
    runtime: ApiRuntime,
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    started: number,
  ) {
    super(runtime, req, rawPath, rawQuery, started, randomUUID());
  }
}

/** `@connections` as an HTTP-style variant: its answers are JSON with AWS's error types. */
export class ManagementApi implements HttpVariant<ManagementContext> {
  readonly phases = MANAGEMENT_PHASES;

  constructor(
    readonly runtime: ApiRuntime,
    private readonly model: WebSocketModel,
    private readonly connections: ConnectionRegistry,
  ) {}

  context(req: IncomingMessage, rawPath: string, rawQuery: string, started: number): ManagementContext {
    return new ManagementState(this.model, this.connections, this.runtime, req, rawPath, rawQuery, started);
  }

  render(error: GatewayError): Reply {
    return managementError(error);
  }

  finish(ctx: ManagementContext, reply: Reply): Reply {
    return {
      status: reply.status,
      headers: ["Content-Type", "application/json", "x-amzn-RequestId", ctx.requestId, ...reply.headers],
      body: reply.body,
    };
  }

  internalError(): Reply {
    return managementError(new GatewayError("API_CONFIGURATION_ERROR", "gateway error"));
  }
}

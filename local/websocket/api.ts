/**
 * Serves one WebSocket API (spec §0 WebSocket pipeline, §3): handshake on `/{stage}`, `$connect` authorizer
 * and integration (a non-2xx answer refuses the handshake with that status), route selection by the API's
 * expression, `$default`, route responses, `$disconnect` on close, the 128 KB message limit, binary frames
 * refused (1003), idle and maximum connection times, and the `@connections` management API (POST, GET,
 * DELETE; 410 for unknown ids) on the same port, so functions push exactly as in AWS.
 */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { ApiDescription, ApiRuntime, ServedApi } from "../context";
import { headerValue, randomUUID, shortId } from "../events/common";
import {
  type ConnectionContext,
  connectAuthorizerEvent,
  connectEvent,
  disconnectEvent,
  messageEvent,
} from "../events/websocket";
import { RequestTooLargeError, readBody, sourceIpOf, splitTarget } from "../http/request";
import { allValidHeaders, messageBody, send } from "../http/respond";
import { checkIamSignature, SIGNATURE_MISMATCH } from "../iam";
import { type IdentityFacts, identityValues } from "../identity-sources";
import { LambdaAuthorizerRunner, scalarContext } from "../lambda-authorizer";
import { evaluatePolicy, isPolicyDocument } from "../policy";
import type { ResourceRef } from "../terraform/references";
import { ACCOUNT_LIMIT, type ThrottleLimit } from "../throttle";
import { type WebSocketModel, type WsRoute, type WsStage, webSocketModel } from "./model";
import { selectRouteKey } from "./selection";

/** Largest message and PostToConnection payload (spec §3.4, §3.5). */
export const MAX_MESSAGE_BYTES = 128 * 1024;
const CONNECTION_ID = /^[A-Za-z0-9+/_-]{1,127}={0,2}$/;

/** `$disconnect` reasons by close code (spec §8.6 [U]; 1005's text is captured). */
const CLOSE_REASONS: Record<number, string> = {
  1000: "Connection closed normally",
  1001: "Going away",
  1003: "Binary frames are not supported",
  1005: "Client-side close frame status not set",
  1006: "Connection closed abnormally",
  1009: "Message too big",
};

interface Connection {
  readonly context: ConnectionContext;
  readonly stage: WsStage;
  readonly ws: WebSocket;
  lastActiveAt: number;
  idleTimer: NodeJS.Timeout | undefined;
  maxTimer: NodeJS.Timeout | undefined;
  /** The code and reason when the gateway closed it (idle, DeleteConnection...). */
  closedBy: { code: number; reason: string } | undefined;
}

export class WebSocketApi implements ServedApi {
  readonly model: WebSocketModel;
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<string, Connection>();
  private readonly handshakeHeaders = new WeakMap<IncomingMessage, string[]>();
  private readonly runners = new Map<string, LambdaAuthorizerRunner>();
  private readonly throttleChecks = new Map<string, [string, ThrottleLimit][]>();

  constructor(
    private readonly runtime: ApiRuntime,
    api: ResourceRef,
  ) {
    this.model = webSocketModel(runtime, api);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      // A subprotocol is agreed only when `$connect` returned it (spec §3.2).
      handleProtocols: (_protocols, req) => {
        const headers = this.handshakeHeaders.get(req) ?? [];
        for (let index = 0; index < headers.length; index += 2) {
          if (headers[index].toLowerCase() === "sec-websocket-protocol") return headers[index + 1];
        }
        return false;
      },
    });
    this.wss.on("headers", (lines: string[], req: IncomingMessage) => {
      const headers = this.handshakeHeaders.get(req) ?? [];
      for (let index = 0; index < headers.length; index += 2) {
        const name = headers[index].toLowerCase();
        if (
          name === "sec-websocket-protocol" ||
          name === "connection" ||
          name === "upgrade" ||
          name === "content-length"
        )
          continue;
        lines.push(`${headers[index]}: ${headers[index + 1]}`);
      }
    });
    const connectRoute = this.model.routes.get("$connect");
    if (connectRoute?.authorizer) {
      const authorizer = connectRoute.authorizer;
      this.runners.set(
        authorizer.id,
        new LambdaAuthorizerRunner(authorizer.fn, authorizer.ttlSeconds, 10_000, runtime.services.clock),
      );
    }
  }

  private get primaryStage(): string {
    return [...this.model.stages.keys()][0] ?? "";
  }

  describe(): ApiDescription {
    const stage = this.primaryStage;
    const fns = new Set<string>();
    for (const route of this.model.routes.values()) if (route.fn) fns.add(route.fn.functionName);
    return {
      id: this.runtime.stack.id,
      variant: "websocket",
      endpointType: "REGIONAL",
      apiId: this.model.apiId,
      name: this.model.name,
      stage,
      stages: [...this.model.stages.keys()],
      url: `${this.runtime.origin.replace(/^http/, "ws")}${stage === "$default" ? "" : `/${stage}`}`,
      routes: [...this.model.routes.keys()],
      apiKeys: [],
      functions: [...fns],
      warnings: this.model.warnings,
    };
  }

  private stageOf(rawPath: string): { stage: WsStage; rest: string } | undefined {
    const second = rawPath.indexOf("/", 1);
    const first = second === -1 ? rawPath.slice(1) : rawPath.slice(1, second);
    const named = this.model.stages.get(first);
    if (named) return { stage: named, rest: second === -1 ? "" : rawPath.slice(second) };
    const fallback = this.model.stages.get("$default");
    return fallback ? { stage: fallback, rest: rawPath } : undefined;
  }

  // ---- Handshake -------------------------------------------------------------------------------------------

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => undefined);
    this.handshake(req, socket, head).catch((error: unknown) => {
      this.gatewayError("handshake error", error);
      refuse(socket, 500);
    });
  }

  private async handshake(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { services } = this.runtime;
    const started = performance.now();
    const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
    const log = (status: number, note?: string, fn?: { functionName: string; cold: boolean }) =>
      services.log.request({
        stack: this.runtime.stack.id,
        method: "CONNECT",
        path: rawPath,
        route: "$connect",
        status,
        durationMs: performance.now() - started,
        ...(fn ?? {}),
        note,
      });
    const located = this.stageOf(rawPath);
    if (!located || (located.rest !== "" && located.rest !== "/")) {
      refuse(socket, 403, '{"message":"Forbidden"}');
      log(403, "unknown stage");
      return;
    }
    const { stage } = located;
    const header = (name: string) => headerValue(req.rawHeaders, name);
    const domainName = header("host") ?? `${services.options.host}:${this.runtime.port}`;
    let context: ConnectionContext = {
      apiId: this.model.apiId,
      stage: stage.name,
      domainName,
      // Like AWS's ids (`IU3kkeN4IAMCJwA=`), without `+` and `/` so unencoded @connections paths work too.
      connectionId: shortId().replace(/\+/g, "A").replace(/\//g, "B"),
      connectedAt: services.clock(),
      sourceIp: sourceIpOf(req),
      userAgent: header("user-agent"),
      stageVariables: stage.variables,
    };
    const route = this.model.routes.get("$connect");

    // Authorizer ($connect only).
    if (route && route.authorizationType === "CUSTOM") {
      const outcome = await this.authorize(route, context, req, rawQuery);
      if (typeof outcome === "number") {
        refuse(
          socket,
          outcome,
          outcome === 401
            ? '{"message":"Unauthorized"}'
            : outcome === 403
              ? '{"message":"Forbidden"}'
              : '{"message":"Internal server error"}',
        );
        log(outcome, "authorizer");
        return;
      }
      context = { ...context, authorizer: outcome };
    }
    if (route?.apiKeyRequired && !header("x-api-key")) {
      refuse(socket, 403, '{"message":"Forbidden"}');
      log(403, "no API key");
      return;
    }
    if (services.options.throttling && !services.throttles.take(this.checksFor(stage, "$connect"))) {
      refuse(socket, 429, '{"message":"Too Many Requests"}');
      log(429, "throttled");
      return;
    }

    // $connect integration.
    let fnFacts: { functionName: string; cold: boolean } | undefined;
    if (route?.fn) {
      const event = connectEvent(context, req.rawHeaders, rawQuery, services.clock());
      const outcome = await route.fn.pool.invoke(JSON.stringify(event), randomUUID(), route.timeoutMs);
      fnFacts = { functionName: route.fn.functionName, cold: outcome.cold };
      if (outcome.kind === "timeout") {
        refuse(socket, 504, '{"message":"Endpoint request timed out"}');
        log(504, "integration timeout", fnFacts);
        return;
      }
      if (outcome.kind === "error") {
        refuse(socket, 502, '{"message":"Internal server error"}');
        log(502, `${outcome.error.errorType}: ${outcome.error.errorMessage.slice(0, 200)}`, fnFacts);
        return;
      }
      const result = parseObject(outcome.payload);
      const status =
        typeof result?.statusCode === "number" ? result.statusCode : Number(result?.statusCode ?? 200);
      if (!Number.isInteger(status) || status < 200 || status > 299) {
        const code = Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502;
        refuse(socket, code, typeof result?.body === "string" ? result.body : "");
        log(code, "$connect refused", fnFacts);
        return;
      }
      const headers: string[] = [];
      if (result?.headers && typeof result.headers === "object") {
        for (const [name, value] of Object.entries(result.headers as Record<string, unknown>))
          headers.push(name, String(value));
      }
      // The 101 response is written line by line: a CR or LF in a header would start a header of the
      // function's choosing, so such a result is refused as malformed, as for HTTP responses.
      if (!allValidHeaders(headers)) {
        refuse(socket, 502, '{"message":"Internal server error"}');
        log(502, "malformed $connect response: a header HTTP cannot carry", fnFacts);
        return;
      }
      this.handshakeHeaders.set(req, headers);
    }
    if (socket.destroyed) {
      log(499, "the client left during $connect", fnFacts);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.opened(context, stage, ws);
      log(101, undefined, fnFacts);
    });
  }

  private async authorize(
    route: WsRoute,
    context: ConnectionContext,
    req: IncomingMessage,
    rawQuery: string,
  ): Promise<number | Record<string, unknown>> {
    const authorizer = route.authorizer;
    const runner = authorizer ? this.runners.get(authorizer.id) : undefined;
    if (!authorizer || !runner) return 500;
    const query = new URLSearchParams(rawQuery);
    const facts: IdentityFacts = {
      header: (name) => headerValue(req.rawHeaders, name),
      query: (name) => query.get(name) ?? undefined,
      context: (name) =>
        name === "connectionId" ? context.connectionId : name === "stage" ? context.stage : undefined,
      stageVariable: (name) => context.stageVariables?.[name],
    };
    const values = identityValues(authorizer.identitySources, facts);
    if (!values) return 401;
    const { refs, services } = this.runtime;
    const methodArn = `arn:aws:execute-api:${refs.region}:${refs.accountId}:${this.model.apiId}/${context.stage}/$connect`;
    const event = connectAuthorizerEvent(context, req.rawHeaders, rawQuery, services.clock(), methodArn);
    const call = await runner.call(event, values.length > 0 ? values.join("\u0000") : undefined);
    if (call.kind === "unauthorized") return 401;
    if (call.kind === "error") return 500;
    const response = call.value as Record<string, unknown> | null;
    if (!response || typeof response !== "object" || !isPolicyDocument(response.policyDocument)) return 500;
    const scalar = scalarContext(response.context);
    if (!scalar) return 500;
    if (evaluatePolicy(response.policyDocument, "execute-api:Invoke", methodArn) !== "allow") return 403;
    return {
      ...scalar,
      principalId: typeof response.principalId === "string" ? response.principalId : null,
      integrationLatency: call.latencyMs,
    };
  }

  // ---- Open connections ------------------------------------------------------------------------------------

  private opened(context: ConnectionContext, stage: WsStage, ws: WebSocket): void {
    const { options, clock } = this.runtime.services;
    const connection: Connection = {
      context,
      stage,
      ws,
      lastActiveAt: clock(),
      idleTimer: undefined,
      maxTimer: undefined,
      closedBy: undefined,
    };
    this.connections.set(context.connectionId, connection);
    connection.idleTimer = setTimeout(
      () => this.closeConnection(connection, 1001, "Going away: idle timeout"),
      options.websocket.idleTimeoutMs,
    );
    connection.maxTimer = setTimeout(
      () => this.closeConnection(connection, 1001, "Going away: maximum connection duration"),
      options.websocket.maxConnectionMs,
    );
    connection.idleTimer.unref();
    connection.maxTimer.unref();
    ws.on("error", () => undefined);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        this.closeConnection(connection, 1003, "Binary frames are not supported");
        return;
      }
      connection.lastActiveAt = clock();
      connection.idleTimer?.refresh();
      this.onMessage(connection, data.toString("utf8")).catch((error: unknown) =>
        this.gatewayError("message error", error),
      );
    });
    ws.on("close", (code: number, reason: Buffer) => this.onClose(connection, code, reason.toString("utf8")));
  }

  private closeConnection(connection: Connection, code: number, reason: string): void {
    connection.closedBy ??= { code, reason };
    if (connection.ws.readyState === connection.ws.OPEN) connection.ws.close(code, reason.slice(0, 120));
    // A client that never answers the close frame is cut off.
    setTimeout(() => connection.ws.terminate(), 2_000).unref();
  }

  private onClose(connection: Connection, code: number, reason: string): void {
    const { connectionId } = connection.context;
    if (this.connections.get(connectionId) !== connection) return;
    this.connections.delete(connectionId);
    clearTimeout(connection.idleTimer);
    clearTimeout(connection.maxTimer);
    const statusCode = connection.closedBy?.code ?? code;
    const text = connection.closedBy?.reason ?? (reason || CLOSE_REASONS[code] || `Close code ${code}`);
    const route = this.model.routes.get("$disconnect");
    const { services } = this.runtime;
    const started = performance.now();
    if (!route?.fn) {
      services.log.request({
        stack: this.runtime.stack.id,
        method: "CLOSE",
        path: `/${connection.stage.name}`,
        route: "$disconnect",
        status: statusCode,
        durationMs: 0,
        note: text,
      });
      return;
    }
    const fn = route.fn;
    // Best effort: the result is ignored (spec §3.1).
    fn.pool
      .invoke(
        JSON.stringify(disconnectEvent(connection.context, statusCode, text, services.clock())),
        randomUUID(),
        route.timeoutMs,
      )
      .then((outcome) =>
        services.log.request({
          stack: this.runtime.stack.id,
          method: "CLOSE",
          path: `/${connection.stage.name}`,
          route: "$disconnect",
          status: statusCode,
          durationMs: performance.now() - started,
          functionName: fn.functionName,
          cold: outcome.cold,
          note: outcome.kind === "ok" ? text : `${text}; $disconnect ${outcome.kind}`,
        }),
      )
      .catch((error: unknown) => this.gatewayError("$disconnect error", error));
  }

  /** A failure of the gateway's own code: logged with its stack; the connection and the process go on. */
  private gatewayError(what: string, error: unknown): void {
    this.runtime.services.log.info(
      `${this.runtime.stack.id}: ${what}: ${(error as Error)?.stack ?? String(error)}`,
    );
  }

  private async onMessage(connection: Connection, text: string): Promise<void> {
    const { services } = this.runtime;
    const started = performance.now();
    const requestId = shortId();
    const { connectionId } = connection.context;
    const frame = (message: string) =>
      `{"message": ${JSON.stringify(message)}, "connectionId":${JSON.stringify(connectionId)}, "requestId":${JSON.stringify(requestId)}}`;
    const selected = selectRouteKey(this.model.selectionExpression, text);
    let route =
      selected !== undefined && !selected.startsWith("$") ? this.model.routes.get(selected) : undefined;
    route ??= this.model.routes.get("$default");
    const log = (status: number, note?: string, fn?: { functionName: string; cold: boolean }) =>
      services.log.request({
        stack: this.runtime.stack.id,
        method: "MESSAGE",
        path: `/${connection.stage.name} ${connectionId}`,
        route: route?.key,
        status,
        durationMs: performance.now() - started,
        ...(fn ?? {}),
        note,
      });
    const reply = (data: string) => {
      if (connection.ws.readyState === connection.ws.OPEN) connection.ws.send(data);
    };
    if (!route) {
      reply(frame("Forbidden"));
      log(403, `no route for "${selected ?? "(not JSON)"}" and no $default`);
      return;
    }
    if (
      services.options.throttling &&
      !services.throttles.take(this.checksFor(connection.stage, route.key))
    ) {
      reply(frame("Too Many Requests"));
      log(429, "throttled");
      return;
    }
    if (!route.fn) {
      reply(frame("Internal server error"));
      log(500, "no function behind the route");
      return;
    }
    const event = messageEvent(connection.context, route.key, text, services.clock());
    const outcome = await route.fn.pool.invoke(JSON.stringify(event), randomUUID(), route.timeoutMs);
    const fnFacts = { functionName: route.fn.functionName, cold: outcome.cold };
    if (outcome.kind === "timeout") {
      reply(frame("Endpoint request timed out"));
      log(504, "integration timeout", fnFacts);
      return;
    }
    if (outcome.kind === "error") {
      reply(frame("Internal server error"));
      log(500, `${outcome.error.errorType}: ${outcome.error.errorMessage.slice(0, 200)}`, fnFacts);
      return;
    }
    if (route.replies) {
      const result = parseObject(outcome.payload);
      if (result && typeof result.body === "string") reply(result.body);
      else if (!result && outcome.payload !== "null") reply(safeText(outcome.payload));
    }
    log(200, undefined, fnFacts);
  }

  private checksFor(stage: WsStage, routeKey: string): [string, ThrottleLimit][] {
    const key = `${stage.name} ${routeKey}`;
    let checks = this.throttleChecks.get(key);
    if (!checks) {
      const limit = stage.routeThrottles.get(routeKey) ?? stage.defaultThrottle;
      checks = [[`account:${this.runtime.refs.region}`, ACCOUNT_LIMIT]];
      if (limit) checks.unshift([`ws:${this.runtime.stack.id}:${this.model.apiId}:${key}`, limit]);
      this.throttleChecks.set(key, checks);
    }
    return checks;
  }

  // ---- @connections ----------------------------------------------------------------------------------------

  handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const { rawPath } = splitTarget(req.url ?? "/");
    this.management(req, rawPath)
      .catch((error: unknown): ManagementAnswer => {
        this.gatewayError("@connections error", error);
        return {
          status: 500,
          type: "InternalServerErrorException",
          body: '{"message":"Internal server error"}',
        };
      })
      .then((answer) => {
        const headers = ["Content-Type", "application/json", "x-amzn-RequestId", randomUUID()];
        if (answer.type) headers.push("x-amzn-ErrorType", answer.type);
        send(res, answer.status, headers, answer.body);
        this.runtime.services.log.request({
          stack: this.runtime.stack.id,
          method: req.method ?? "GET",
          path: rawPath,
          route: answer.route,
          status: answer.status,
          durationMs: performance.now() - started,
          note: answer.note,
        });
      })
      .catch((error: unknown) => {
        this.gatewayError("@connections answer error", error);
        res.destroy();
      });
  }

  private async management(req: IncomingMessage, rawPath: string): Promise<ManagementAnswer> {
    const located = this.stageOf(rawPath);
    const match = located ? /^\/(?:@|%40)connections\/([^/]+)\/?$/i.exec(located.rest) : null;
    if (!located || !match) {
      return {
        status: 426,
        body: '{"message":"Upgrade Required"}',
        note: "not a WebSocket handshake and not @connections",
      };
    }
    let connectionId: string;
    try {
      connectionId = decodeURIComponent(match[1]);
    } catch {
      connectionId = match[1];
    }
    const method = (req.method ?? "GET").toUpperCase();
    const route = `${method} /@connections/{connectionId}`;
    let data: Buffer;
    try {
      data = await readBody(req, MAX_MESSAGE_BYTES);
    } catch (error) {
      if (error instanceof RequestTooLargeError) {
        return {
          status: 413,
          type: "PayloadTooLargeException",
          body: '{"message":"Request entity too large"}',
          route,
          note: error.message,
        };
      }
      throw error;
    }
    const refused = await this.checkSignature(req, data);
    if (refused) return { ...refused, route };
    if (!CONNECTION_ID.test(connectionId)) {
      return {
        status: 400,
        type: "BadRequestException",
        body: '{"message":"Invalid connectionId"}',
        route,
        note: "malformed connection id",
      };
    }
    const connection = this.connections.get(connectionId);
    const gone: ManagementAnswer = {
      status: 410,
      type: "GoneException",
      body: "{}",
      route,
      note: `no connection ${connectionId}`,
    };
    if (method === "POST") {
      if (!connection || connection.ws.readyState !== connection.ws.OPEN) return gone;
      connection.ws.send(data.toString("utf8"));
      return { status: 200, body: "", route };
    }
    if (method === "GET") {
      if (!connection) return gone;
      return {
        status: 200,
        body: JSON.stringify({
          connectedAt: new Date(connection.context.connectedAt).toISOString(),
          identity: {
            sourceIp: connection.context.sourceIp,
            ...(connection.context.userAgent ? { userAgent: connection.context.userAgent } : {}),
          },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        }),
        route,
      };
    }
    if (method === "DELETE") {
      if (!connection) return gone;
      this.closeConnection(connection, 1000, "Connection deleted by the server (DeleteConnection)");
      return { status: 204, body: "", route };
    }
    return {
      status: 403,
      type: "ForbiddenException",
      body: '{"message":"Forbidden"}',
      route,
      note: `method ${method}`,
    };
  }

  /**
   * `@connections` takes IAM authorization only: a request must be signed with SigV4 (service `execute-api`)
   * by one of the local access keys, as the functions' SDK clients sign it. AWS documents the requirement
   * (developer guide, "Use @connections commands in your backend service": "These requests use IAM
   * authorization, so you must sign them with Signature Version 4"); an unsigned call gets the 403
   * `Missing Authentication Token` of every IAM-authorized API Gateway resource, and a wrong signature the
   * 403 `The request signature we calculated does not match...` that awscurl users report for @connections
   * (okigan/awscurl#61, mhart/aws4#133). Undefined when the signature is good.
   */
  private async checkSignature(req: IncomingMessage, body: Buffer): Promise<ManagementAnswer | undefined> {
    const { services, refs } = this.runtime;
    const check = await checkIamSignature(
      req,
      body,
      services.options.rest.iamCredentials,
      refs.region,
      services.clock(),
    );
    if (check.ok) return undefined;
    const answer = (status: number, type: string, message: string): ManagementAnswer => ({
      status,
      type,
      body: messageBody(message),
      note: check.reason,
    });
    if (check.kind === "unsigned")
      return answer(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    if (check.kind === "unknown-key")
      return answer(
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    if (check.kind === "expired") return answer(403, "InvalidSignatureException", "Signature expired");
    return answer(403, "InvalidSignatureException", SIGNATURE_MISMATCH);
  }

  reset(): void {
    for (const runner of this.runners.values()) runner.reset();
  }

  async close(): Promise<void> {
    for (const connection of [...this.connections.values()]) {
      connection.closedBy ??= { code: 1001, reason: "Going away: the gateway is stopping" };
      connection.ws.terminate();
    }
    this.connections.clear();
    this.wss.close();
  }
}

interface ManagementAnswer {
  readonly status: number;
  readonly type?: string;
  readonly body: string;
  readonly route?: string;
  readonly note?: string;
}

function parseObject(payload: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(payload) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function safeText(payload: string): string {
  try {
    const value = JSON.parse(payload) as unknown;
    return typeof value === "string" ? value : payload;
  } catch {
    return payload;
  }
}

/** Refuses a handshake with an HTTP status (the client sees it instead of 101). */
function refuse(socket: Duplex, status: number, body = ""): void {
  if (socket.destroyed) return;
  const text = STATUS_CODES[status] ?? "Error";
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

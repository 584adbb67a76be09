/**
 * A minimal WebSocket API Gateway on loopback for tests, following docs/gateway-behavior.md §0 and §3:
 * handshake -> identity source check (401 when missing) -> REQUEST authorizer (Unauthorized 401, Deny 403,
 * error 500) -> `$connect` (its status rejects the handshake unless 2xx) -> 101; each text frame -> route
 * selection on `$request.body.action` (non-JSON or unknown goes to `$default`) -> integration -> the result
 * body back to the sender only when the route has a route response; close -> `$disconnect`, best effort.
 * Its `@connections` API delivers to the open sockets and answers 410 for any other id.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { type ManagementApi, startManagementApi } from "./management-api";

/** Invokes a function with an event and returns its result (throws what the function throws). */
export type Invoke = (event: unknown) => Promise<unknown>;

export interface GatewayRoute {
  readonly invoke: Invoke;
  /** The route has a `$default` route response. */
  readonly twoWay: boolean;
}

export interface GatewayOptions {
  readonly stage: string;
  readonly authorizer: Invoke;
  /** Query parameter the authorizer's identity source names. */
  readonly identityQueryParameter: string;
  readonly routes: Readonly<Record<string, GatewayRoute>>;
}

export interface Gateway {
  /** `ws://127.0.0.1:<port>/<stage>` */
  readonly url: string;
  readonly management: ManagementApi;
  /** Ids of the open connections. */
  readonly connectionIds: () => string[];
  stop(): Promise<void>;
}

const API_ID = "local0001";

function newId(): string {
  return `${randomBytes(11).toString("base64").replace(/[+/]/g, "A")}`;
}

function context(stage: string, host: string, connectionId: string, routeKey: string, eventType: string) {
  const now = Date.now();
  return {
    routeKey,
    eventType,
    requestId: `${newId()}=`,
    extendedRequestId: `${newId()}=`,
    requestTimeEpoch: now,
    messageDirection: "IN",
    stage,
    identity: { sourceIp: "127.0.0.1" },
    domainName: host,
    connectionId,
    apiId: API_ID,
  };
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const sockets = new Map<string, WebSocket>();
  // Messages and `$disconnect` calls still running: stop() waits for them, so no function writes to DynamoDB
  // after the test has stopped it.
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const connections = new Map<string, { connectedAt: number; authorizer: Record<string, unknown> }>();
  const management = await startManagementApi(
    {
      deliver: (id, data) => {
        const socket = sockets.get(id);
        if (!socket || socket.readyState !== socket.OPEN) return false;
        socket.send(data);
        return true;
      },
      close: (id) => {
        const socket = sockets.get(id);
        socket?.close(1000);
        return socket !== undefined;
      },
    },
    options.stage,
  );
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_request, response) => response.writeHead(426).end());

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== `/${options.stage}`) return reject(socket, 403, "Forbidden");
    const host = String(request.headers.host);
    const query = Object.fromEntries(url.searchParams);
    if (!query[options.identityQueryParameter]) return reject(socket, 401, "Unauthorized");

    const connectionId = `${newId()}=`;
    const connectedAt = Date.now();
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    );
    const base = {
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      queryStringParameters: query,
      multiValueQueryStringParameters: Object.fromEntries(
        Object.entries(query).map(([name, value]) => [name, [value]]),
      ),
    };
    const requestContext = {
      ...context(options.stage, host, connectionId, "$connect", "CONNECT"),
      connectedAt,
    };
    let decision: {
      principalId?: string;
      policyDocument?: { Statement?: { Effect?: string }[] };
      context?: Record<string, unknown>;
    };
    try {
      decision = (await options.authorizer({
        type: "REQUEST",
        methodArn: `arn:aws:execute-api:us-east-1:123456789012:${API_ID}/${options.stage}/$connect`,
        ...base,
        stageVariables: null,
        requestContext,
      })) as typeof decision;
    } catch (error) {
      return String(error).includes("Unauthorized")
        ? reject(socket, 401, "Unauthorized")
        : reject(socket, 500, "Internal Server Error");
    }
    if (decision?.policyDocument?.Statement?.[0]?.Effect !== "Allow") return reject(socket, 403, "Forbidden");
    const authorizer = { principalId: decision.principalId, integrationLatency: 1, ...decision.context };

    const connect = options.routes.$connect;
    if (connect) {
      let status: number;
      try {
        status = (
          (await connect.invoke({ ...base, requestContext: { ...requestContext, authorizer } })) as {
            statusCode: number;
          }
        ).statusCode;
      } catch {
        return reject(socket, 502, "Bad Gateway");
      }
      if (status < 200 || status > 299) return reject(socket, status, "Rejected");
    }
    connections.set(connectionId, { connectedAt, authorizer });
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.set(connectionId, ws);
      ws.on("message", (data, isBinary) => {
        if (isBinary) return ws.close(1003, "Binary frames are not supported");
        track(message(ws, connectionId, host, data.toString("utf8")));
      });
      ws.on("close", (code, reason) => {
        sockets.delete(connectionId);
        track(disconnect(connectionId, host, code, reason.toString()));
      });
    });
  }

  async function message(ws: WebSocket, connectionId: string, host: string, body: string): Promise<void> {
    let action: unknown;
    try {
      action = (JSON.parse(body) as { action?: unknown } | null)?.action;
    } catch {
      action = undefined;
    }
    const routeKey =
      typeof action === "string" && action in options.routes && !action.startsWith("$") ? action : "$default";
    const route = options.routes[routeKey];
    const base = context(options.stage, host, connectionId, routeKey, "MESSAGE");
    if (!route) {
      ws.send(`{"message": "Forbidden", "connectionId":"${connectionId}", "requestId":"${base.requestId}"}`);
      return;
    }
    const connection = connections.get(connectionId);
    try {
      const result = (await route.invoke({
        requestContext: {
          ...base,
          messageId: `${newId()}=`,
          connectedAt: connection?.connectedAt,
          authorizer: connection?.authorizer,
        },
        body,
        isBase64Encoded: false,
      })) as { body?: string } | undefined;
      if (route.twoWay && typeof result?.body === "string" && ws.readyState === ws.OPEN) ws.send(result.body);
    } catch {
      ws.send(
        `{"message": "Internal server error", "connectionId":"${connectionId}", "requestId":"${base.requestId}"}`,
      );
    }
  }

  async function disconnect(connectionId: string, host: string, code: number, reason: string): Promise<void> {
    const connection = connections.get(connectionId);
    connections.delete(connectionId);
    try {
      await options.routes.$disconnect?.invoke({
        headers: { Host: host, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": "" },
        requestContext: {
          ...context(options.stage, host, connectionId, "$disconnect", "DISCONNECT"),
          connectedAt: connection?.connectedAt,
          authorizer: connection?.authorizer,
          disconnectStatusCode: code,
          disconnectReason: reason,
        },
        isBase64Encoded: false,
      });
    } catch {
      // best effort, as in API Gateway
    }
  }

  server.on("upgrade", (request, socket, head) => {
    upgrade(request, socket, head).catch(() => reject(socket, 500, "Internal Server Error"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/${options.stage}`,
    management,
    connectionIds: () => [...sockets.keys()],
    stop: async () => {
      for (const socket of sockets.values()) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The terminated sockets' `$disconnect` calls start on their close events.
      await new Promise((resolve) => setImmediate(resolve));
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await management.stop();
    },
  };
}

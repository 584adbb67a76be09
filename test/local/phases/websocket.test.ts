/**
 * The WebSocket units one by one: the connection registry (timers, binary frames, close codes), the handshake
 * phases, route selection and route responses, the `@connections` phases, and the answers of each.
 */
import { EventEmitter } from "node:events";
import type { WebSocket } from "ws";
import { phaseContext, requestContext } from "../../../local/pipeline/context";
import { GatewayError } from "../../../local/pipeline/errors";
import { RouteThrottles } from "../../../local/pipeline/phases/throttle";
import {
  connectApiKey,
  connectContext,
  connectIntegrationResponse,
  connectStage,
} from "../../../local/websocket/connect";
import { type Connection, ConnectionRegistry } from "../../../local/websocket/connections";
import type { MessageContext, WsParts } from "../../../local/websocket/context";
import { handshakeRefusal, managementError, messageRefusal } from "../../../local/websocket/errors";
import {
  type ManagementContext,
  managementAction,
  managementConnectionId,
  managementTarget,
} from "../../../local/websocket/management";
import { routeResponse, selectRoute } from "../../../local/websocket/messages";
import type { WebSocketModel, WsRoute, WsStage } from "../../../local/websocket/model";
import { fakeRequest, fakeRuntime } from "../support/phase-context";

/** A socket as the registry uses one. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  closedWith: [number, string] | undefined;
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
    this.emit("close", code, Buffer.from(reason));
  }
  terminate(): void {
    this.readyState = 3;
    this.emit("close", 1006, Buffer.alloc(0));
  }
}

const stage: WsStage = { name: "live", variables: {}, defaultThrottle: undefined, routeThrottles: new Map() };

function route(key: string, extra: Partial<WsRoute> = {}): WsRoute {
  return {
    key,
    id: key,
    authorizationType: "NONE",
    authorizer: undefined,
    apiKeyRequired: false,
    fn: undefined,
    timeoutMs: 29000,
    replies: false,
    ...extra,
  };
}

function api(routes: WsRoute[]): WsParts {
  const runtime = fakeRuntime();
  const model: WebSocketModel = {
    apiId: "w1s2k3",
    name: "unit",
    selectionExpression: "$request.body.action",
    routes: new Map(routes.map((r) => [r.key, r])),
    stages: new Map([["live", stage]]),
    warnings: [],
  };
  return {
    runtime,
    model,
    connections: new ConnectionRegistry(runtime.services.clock, runtime.services.options.websocket, {
      message: () => undefined,
      closed: () => undefined,
    }),
    runners: new Map(),
    throttles: new RouteThrottles("ws:unit", "us-east-1"),
  };
}

const connectionContext = {
  apiId: "w1s2k3",
  stage: "live",
  domainName: "127.0.0.1:4003",
  connectionId: "AbCdEfGhIjKlMnO=",
  connectedAt: 0,
  sourceIp: "127.0.0.1",
};

describe("ConnectionRegistry", () => {
  test("messages reach the owner; a binary frame closes with 1003; the close reports code and reason", () => {
    const got: string[] = [];
    const closed: [number, string][] = [];
    const registry = new ConnectionRegistry(
      () => 0,
      { idleTimeoutMs: 60_000, maxConnectionMs: 60_000 },
      {
        message: (_c, text) => got.push(text),
        closed: (_c, code, reason) => closed.push([code, reason]),
      },
    );
    const socket = new FakeSocket();
    registry.add(connectionContext, stage, socket as unknown as WebSocket);
    socket.emit("message", Buffer.from("hello"), false);
    socket.emit("message", Buffer.from([1, 2]), true);
    expect(got).toEqual(["hello"]);
    expect(closed).toEqual([[1003, "Binary frames are not supported"]]);
    expect(registry.get(connectionContext.connectionId)).toBeUndefined();
  });

  test("a client's own close without a reason gets the code's text; terminateAll reports nothing", () => {
    const closed: [number, string][] = [];
    const registry = new ConnectionRegistry(
      () => 0,
      { idleTimeoutMs: 60_000, maxConnectionMs: 60_000 },
      {
        message: () => undefined,
        closed: (_c, code, reason) => closed.push([code, reason]),
      },
    );
    const first = new FakeSocket();
    registry.add(connectionContext, stage, first as unknown as WebSocket);
    first.emit("close", 1005, Buffer.alloc(0));
    const second = new FakeSocket();
    registry.add({ ...connectionContext, connectionId: "second" }, stage, second as unknown as WebSocket);
    registry.terminateAll();
    expect(closed).toEqual([[1005, "Client-side close frame status not set"]]);
    expect(registry.size).toBe(0);
  });
});

describe("handshake phases", () => {
  const handshake = (url: string, routes = [route("$connect")], headers: Record<string, string> = {}) =>
    connectContext(api(routes), fakeRequest({ url, headers }), performance.now());

  test("the handshake's path must be the stage itself", () => {
    const ctx = handshake("/live");
    connectStage(ctx);
    expect(ctx.connection).toMatchObject({ stage: "live", apiId: "w1s2k3" });
    expect(() => connectStage(handshake("/live/extra"))).toThrow(
      expect.objectContaining({ type: "UNKNOWN_STAGE" }),
    );
  });

  test("`api_key_required` needs an x-api-key header", () => {
    const keyed = [route("$connect", { apiKeyRequired: true })];
    expect(() => connectApiKey(handshake("/live", keyed))).toThrow(
      expect.objectContaining({ type: "INVALID_API_KEY" }),
    );
    connectApiKey(handshake("/live", keyed, { "x-api-key": "any" }));
  });

  test("a 2xx $connect result accepts with its headers; other statuses refuse with theirs", () => {
    const accepted = handshake("/live");
    accepted.result = JSON.stringify({ statusCode: 200, headers: { "X-Extra": "1" } });
    connectIntegrationResponse(accepted);
    expect(accepted.reply).toEqual({ status: 101, headers: ["X-Extra", "1"], body: "" });
    const refused = handshake("/live");
    refused.result = JSON.stringify({ statusCode: 401, body: "no" });
    expect(() => connectIntegrationResponse(refused)).toThrow(
      expect.objectContaining({ type: "CONNECT_REFUSED", detail: { status: 401, body: "no" } }),
    );
    const injected = handshake("/live");
    injected.result = JSON.stringify({ statusCode: 200, headers: { "X-Bad": "a\r\nSet-Cookie: x=1" } });
    expect(() => connectIntegrationResponse(injected)).toThrow(
      expect.objectContaining({ type: "INTEGRATION_FAILURE" }),
    );
  });
});

describe("message phases", () => {
  const message = (text: string, routes: WsRoute[]): MessageContext => {
    const parts = api(routes);
    const socket = new FakeSocket();
    const connection: Connection = {
      context: connectionContext,
      stage,
      ws: socket as unknown as WebSocket,
      lastActiveAt: 0,
      closedBy: undefined,
    };
    return {
      ...phaseContext(parts.runtime, 0, "m1"),
      api: parts,
      connection,
      text,
      wsRoute: undefined,
      frame: undefined,
    };
  };

  test("the expression picks the route; `$`-keys and unmatched values go to $default; none is a refusal", () => {
    const routes = [route("send"), route("$default"), route("$connect")];
    const pick = (text: string, list = routes) => {
      const ctx = message(text, list);
      selectRoute(ctx);
      return ctx.route;
    };
    expect([pick('{"action":"send"}'), pick('{"action":"$connect"}'), pick("not json")]).toEqual([
      "send",
      "$default",
      "$default",
    ]);
    expect(() => pick('{"action":"x"}', [route("send")])).toThrow(
      expect.objectContaining({
        type: "MISSING_AUTHENTICATION_TOKEN",
        note: 'no route for "x" and no $default',
      }),
    );
  });

  test("a route response sends the result's body; without one nothing goes back", () => {
    const replying = message("{}", []);
    replying.wsRoute = route("send", { replies: true });
    replying.result = JSON.stringify({ statusCode: 200, body: "pong" });
    routeResponse(replying);
    const silent = message("{}", []);
    silent.wsRoute = route("send");
    silent.result = JSON.stringify({ body: "pong" });
    routeResponse(silent);
    expect([replying.frame, silent.frame]).toEqual(["pong", undefined]);
  });
});

describe("@connections phases", () => {
  const management = (method: string, path: string, body = "") => {
    const parts = api([]);
    const ctx: ManagementContext = {
      ...requestContext(parts.runtime, fakeRequest({ method, url: path }), path, "", 0, "id"),
      model: parts.model,
      connections: parts.connections,
      connectionId: "",
    };
    ctx.body = Buffer.from(body);
    return { ctx, parts };
  };

  test("the path names the stage and the connection (`%40connections` too); anything else is 426", () => {
    const { ctx } = management("POST", "/live/%40connections/AbC%3D");
    managementTarget(ctx);
    expect([ctx.connectionId, ctx.route]).toEqual(["AbC=", "POST /@connections/{connectionId}"]);
    const other = management("GET", "/live/elsewhere").ctx;
    managementTarget(other);
    expect(other.reply?.status).toBe(426);
    const malformed = management("GET", "/live/@connections/a%20b").ctx;
    managementTarget(malformed);
    expect(() => managementConnectionId(malformed)).toThrow(
      expect.objectContaining({ type: "BAD_REQUEST_PARAMETERS" }),
    );
  });

  test("POST sends to an open connection, an unknown one is 410 Gone, other methods 403", () => {
    const { ctx, parts } = management("POST", `/live/@connections/${connectionContext.connectionId}`, "hi");
    const socket = new FakeSocket();
    parts.connections.add(connectionContext, stage, socket as unknown as WebSocket);
    managementTarget(ctx);
    managementAction(ctx);
    expect([ctx.reply?.status, socket.sent]).toEqual([200, ["hi"]]);
    parts.connections.terminateAll();
    const gone = management("GET", "/live/@connections/NoSuchOne").ctx;
    managementTarget(gone);
    managementAction(gone);
    expect(gone.reply).toMatchObject({ status: 410, headers: ["x-amzn-ErrorType", "GoneException"] });
    const put = management("PUT", "/live/@connections/NoSuchOne").ctx;
    managementTarget(put);
    expect(() => managementAction(put)).toThrow(expect.objectContaining({ type: "ACCESS_DENIED" }));
  });
});

describe("WebSocket answers", () => {
  test("handshake refusals, message frames and @connections errors, each per refusal", () => {
    expect(handshakeRefusal(new GatewayError("UNAUTHORIZED", "x"))).toEqual({
      status: 401,
      body: '{"message":"Unauthorized"}',
    });
    expect(handshakeRefusal(new GatewayError("INTEGRATION_FAILURE", "x")).status).toBe(502);
    expect(handshakeRefusal(new GatewayError("INTEGRATION_TIMEOUT", "x")).status).toBe(504);
    expect(handshakeRefusal(new GatewayError("CONNECT_REFUSED", "x", { status: 400, body: "b" }))).toEqual({
      status: 400,
      body: "b",
    });
    expect(messageRefusal(new GatewayError("MISSING_AUTHENTICATION_TOKEN", "x"))).toEqual({
      status: 403,
      message: "Forbidden",
    });
    expect(messageRefusal(new GatewayError("THROTTLED", "x")).message).toBe("Too Many Requests");
    expect(managementError(new GatewayError("MISSING_AUTHENTICATION_TOKEN", "x"))).toEqual({
      status: 403,
      headers: ["x-amzn-ErrorType", "MissingAuthenticationTokenException"],
      body: '{"message":"Missing Authentication Token"}',
    });
    expect(managementError(new GatewayError("BODY_TOO_LARGE", "x")).status).toBe(413);
  });
});

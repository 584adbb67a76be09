/**
 * WebSocket events for the handler tests, built on events recorded on AWS (test/fixtures/aws/websocket-events.json,
 * aws-lambda-go's test data): `$connect` with the recorded handshake headers (and the query only when the URL
 * has one), MESSAGE with no headers, `$disconnect` with the recorded placeholder headers, and the `$connect`
 * REQUEST authorizer event (docs/gateway-behavior.md §4.4; test/fixtures/aws/websocket-authorizer-event.json). Options change values; the shape is the recording's.
 */
import { randomBytes } from "node:crypto";
import type { WebSocketEvent } from "../../../../lambdas/websocket/event";
import type { WebSocketAuthorizerEvent } from "../../../../lambdas/ws-authorizer/index";
import { recorded } from "../../../fixtures/aws";

const RECORDED = recorded("websocket-events");
const RECORDED_AUTHORIZER = recorded("websocket-authorizer-event").recorded;

export const API_ID = "abcd1234";
export const DOMAIN = `${API_ID}.execute-api.us-east-1.amazonaws.com`;
export const STAGE = "dev";

/** An id in API Gateway's format, e.g. `IU3kkeN4IAMCJwA=`. */
export function connectionId(): string {
  return randomBytes(11).toString("base64").replace(/\+/g, "A").replace(/\//g, "B");
}

export interface ConnectionOptions {
  readonly connectionId?: string;
  /** Epoch milliseconds. @default now */
  readonly connectedAt?: number;
  /** The `$connect` authorizer's context, as API Gateway passes it on every later event. */
  readonly authorizer?: Readonly<Record<string, string>>;
  readonly stage?: string;
  readonly domainName?: string;
}

function clf(time: Date): string {
  const [, day, month, year, clock] = /^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(time.toUTCString()) ?? [];
  return `${day.padStart(2, "0")}/${month}/${year}:${clock} +0000`;
}

/** The recorded MESSAGE event's `requestContext`, with this connection's values. */
function requestContext(
  options: ConnectionOptions,
  routeKey: string,
  eventType: "CONNECT" | "MESSAGE" | "DISCONNECT",
) {
  const now = new Date();
  const requestId = `${randomBytes(10).toString("base64").slice(0, 15)}=`;
  const { messageId: _messageId, ...recordedContext } = structuredClone(RECORDED.message.requestContext);
  return {
    ...recordedContext,
    routeKey,
    eventType,
    extendedRequestId: requestId,
    requestTime: clf(now),
    stage: options.stage ?? STAGE,
    connectedAt: options.connectedAt ?? now.getTime(),
    requestTimeEpoch: now.getTime(),
    identity: { ...recordedContext.identity, sourceIp: "192.0.2.1" },
    requestId,
    domainName: options.domainName ?? DOMAIN,
    connectionId: options.connectionId ?? connectionId(),
    apiId: API_ID,
    ...(options.authorizer
      ? { authorizer: { principalId: options.authorizer.sub, integrationLatency: 42, ...options.authorizer } }
      : {}),
  };
}

/** The recorded handshake's headers (masked values filled in). */
function handshakeHeaders(domainName: string): Record<string, string> {
  const filled: Record<string, string> = {
    Host: domainName,
    "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
    "X-Amzn-Trace-Id": `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`,
    "X-Forwarded-For": "192.0.2.1",
  };
  const headers: Record<string, string> = {};
  for (const [name, [value]] of Object.entries(
    RECORDED.connect.multiValueHeaders as Record<string, string[]>,
  ))
    headers[name] = filled[name] ?? value;
  return headers;
}

const multi = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, [value]]));

export function connectEvent(
  options: ConnectionOptions & { query?: Record<string, string> } = {},
): WebSocketEvent {
  const headers = handshakeHeaders(options.domainName ?? DOMAIN);
  return {
    headers,
    multiValueHeaders: multi(headers),
    ...(options.query && Object.keys(options.query).length > 0
      ? { queryStringParameters: options.query, multiValueQueryStringParameters: multi(options.query) }
      : {}),
    requestContext: requestContext(options, "$connect", "CONNECT"),
    isBase64Encoded: false,
  } as WebSocketEvent;
}

/** A MESSAGE event; `body` is sent as is when a string, as JSON otherwise. */
export function messageEvent(
  routeKey: string,
  body: unknown,
  options: ConnectionOptions & { isBase64Encoded?: boolean } = {},
): WebSocketEvent {
  return {
    requestContext: {
      ...requestContext(options, routeKey, "MESSAGE"),
      messageId: `${randomBytes(10).toString("base64").slice(0, 15)}=`,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
    isBase64Encoded: options.isBase64Encoded ?? false,
  } as WebSocketEvent;
}

export function disconnectEvent(options: ConnectionOptions = {}): WebSocketEvent {
  // The recorded placeholder headers, with this connection's Host.
  const headers = {
    ...(RECORDED.disconnect.headers as Record<string, string>),
    Host: options.domainName ?? DOMAIN,
  };
  return {
    headers,
    multiValueHeaders: multi(headers),
    requestContext: {
      ...requestContext(options, "$disconnect", "DISCONNECT"),
      disconnectStatusCode: RECORDED.disconnect.requestContext.disconnectStatusCode,
      disconnectReason: RECORDED.disconnect.requestContext.disconnectReason,
    },
    isBase64Encoded: false,
  } as WebSocketEvent;
}

/**
 * The `$connect` REQUEST authorizer event (§4.4), in the shape recorded in
 * test/fixtures/aws/websocket-authorizer-event.json: the query maps always there (`{}` without a query), empty
 * `stageVariables`, the hop-by-hop headers and `content-length` kept, `Sec-WebSocket-Key` only in the multi map.
 */
export function authorizerEvent(
  query: Record<string, string> = {},
  options: ConnectionOptions = {},
): WebSocketAuthorizerEvent {
  const connect = connectEvent(options) as unknown as {
    headers: Record<string, string>;
    requestContext: unknown;
  };
  const stage = options.stage ?? STAGE;
  const { "Sec-WebSocket-Key": key, ...single } = connect.headers;
  const hopByHop = {
    Connection: RECORDED_AUTHORIZER.headers.Connection,
    Upgrade: RECORDED_AUTHORIZER.headers.Upgrade,
    "content-length": RECORDED_AUTHORIZER.headers["content-length"],
  };
  return {
    type: "REQUEST",
    methodArn: `arn:aws:execute-api:us-east-1:123456789012:${API_ID}/${stage}/$connect`,
    headers: { ...single, ...hopByHop },
    multiValueHeaders: multi({ ...single, "Sec-WebSocket-Key": key, ...hopByHop }),
    queryStringParameters: query,
    multiValueQueryStringParameters: multi(query),
    stageVariables: {},
    requestContext: connect.requestContext,
  } as WebSocketAuthorizerEvent;
}

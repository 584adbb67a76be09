/**
 * WebSocket events exactly as API Gateway delivers them to Lambda proxy integrations and to a `$connect`
 * REQUEST authorizer (docs/gateway-behavior.md §3.1 and §4.4): `$connect` with headers and (only when
 * the URL has one) the query; MESSAGE with no headers and no query; `$disconnect` with placeholder headers.
 */
import { randomBytes } from "node:crypto";
import type { WebSocketEvent } from "../../../../lambdas/websocket/event";
import type { WebSocketAuthorizerEvent } from "../../../../lambdas/ws-authorizer/index";

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

function requestContext(
  options: ConnectionOptions,
  routeKey: string,
  eventType: "CONNECT" | "MESSAGE" | "DISCONNECT",
) {
  const now = new Date();
  const requestId = `${randomBytes(10).toString("base64").slice(0, 15)}=`;
  return {
    routeKey,
    eventType,
    extendedRequestId: requestId,
    requestTime: clf(now),
    messageDirection: "IN",
    stage: options.stage ?? STAGE,
    connectedAt: options.connectedAt ?? now.getTime(),
    requestTimeEpoch: now.getTime(),
    identity: { sourceIp: "192.0.2.1" },
    requestId,
    domainName: options.domainName ?? DOMAIN,
    connectionId: options.connectionId ?? connectionId(),
    apiId: API_ID,
    ...(options.authorizer
      ? { authorizer: { principalId: options.authorizer.sub, integrationLatency: 42, ...options.authorizer } }
      : {}),
  };
}

function handshakeHeaders(domainName: string): Record<string, string> {
  return {
    Host: domainName,
    "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
    "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
    "Sec-WebSocket-Version": "13",
    "X-Amzn-Trace-Id": `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`,
    "X-Forwarded-For": "192.0.2.1",
    "X-Forwarded-Port": "443",
    "X-Forwarded-Proto": "https",
  };
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
  const headers = {
    Host: options.domainName ?? DOMAIN,
    "x-api-key": "",
    "X-Forwarded-For": "",
    "x-restapi": "",
  };
  return {
    headers,
    multiValueHeaders: multi(headers),
    requestContext: {
      ...requestContext(options, "$disconnect", "DISCONNECT"),
      disconnectStatusCode: 1005,
      disconnectReason: "Client-side close frame status not set",
    },
    isBase64Encoded: false,
  } as WebSocketEvent;
}

/** The `$connect` REQUEST authorizer event (§4.4). */
export function authorizerEvent(
  query: Record<string, string> = {},
  options: ConnectionOptions = {},
): WebSocketAuthorizerEvent {
  const connect = connectEvent({ ...options, query }) as unknown as Record<string, unknown>;
  const stage = options.stage ?? STAGE;
  return {
    type: "REQUEST",
    methodArn: `arn:aws:execute-api:us-east-1:123456789012:${API_ID}/${stage}/$connect`,
    ...connect,
    stageVariables: null,
  } as WebSocketAuthorizerEvent;
}

/**
 * The WebSocket events API Gateway delivers to Lambda proxy integrations (docs/gateway-behavior.md §3.1)
 * and the result it expects back. `@types/aws-lambda` has no type with the authorizer context and the
 * query string of `$connect`, so the fields the handlers read are declared here.
 */

export interface WebSocketRequestContext {
  readonly routeKey: string;
  readonly eventType: "CONNECT" | "MESSAGE" | "DISCONNECT";
  readonly connectionId: string;
  readonly domainName: string;
  readonly stage: string;
  readonly apiId?: string;
  readonly requestId: string;
  /** Present on MESSAGE events. */
  readonly messageId?: string;
  /** Epoch milliseconds, fixed for the connection's lifetime. */
  readonly connectedAt: number;
  readonly requestTimeEpoch: number;
  /** `{principalId, integrationLatency, ...context}` on every event once the `$connect` authorizer has run. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  readonly identity?: { readonly sourceIp?: string; readonly userAgent?: string };
  /** DISCONNECT only: the WebSocket close code and its text. */
  readonly disconnectStatusCode?: number;
  readonly disconnectReason?: string;
}

export interface WebSocketEvent {
  readonly requestContext: WebSocketRequestContext;
  /** `$connect` only, and only when the URL has a query. */
  readonly queryStringParameters?: Readonly<Record<string, string>> | null;
  /** MESSAGE only. */
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/**
 * What a handler returns. For `$connect` the status decides the handshake (2xx accepts, anything else is
 * answered with that status); for MESSAGE routes with a route response the `body` is the frame sent back.
 */
export interface WebSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

/** Whether `event` has the fields every WebSocket event carries. */
export function isWebSocketEvent(event: unknown): event is WebSocketEvent {
  const context = (event as { requestContext?: Partial<WebSocketRequestContext> } | null)?.requestContext;
  return (
    typeof context === "object" &&
    context !== null &&
    typeof context.connectionId === "string" &&
    context.connectionId !== "" &&
    typeof context.routeKey === "string" &&
    typeof context.eventType === "string"
  );
}

/** Who the `$connect` authorizer admitted (its context values arrive as strings). */
export interface Identity {
  readonly userId: string;
  readonly userName: string;
}

export function identityOf(event: WebSocketEvent): Identity | undefined {
  const authorizer = event.requestContext.authorizer ?? {};
  const userId = authorizer.sub ?? authorizer.principalId;
  if (typeof userId !== "string" || userId === "") return undefined;
  const userName = typeof authorizer.name === "string" && authorizer.name !== "" ? authorizer.name : userId;
  return { userId, userName };
}

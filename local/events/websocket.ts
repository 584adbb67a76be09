/**
 * WebSocket API events (gateway-behavior §3.1): `$connect` (handshake headers and query), MESSAGE (no
 * headers, a `messageId`), `$disconnect` (fixed placeholder headers, close code and reason), and the
 * `$connect` REQUEST authorizer event (§4.4).
 */
import { clfTime, groupPairs, isEmpty, lastValue, mapValues, queryPairs, shortId } from "./common";

/** What every event of one connection shares. */
export interface ConnectionContext {
  readonly apiId: string;
  readonly stage: string;
  readonly domainName: string;
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent?: string;
  /** `{principalId, integrationLatency, ...context}` once a `$connect` authorizer has run. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  readonly stageVariables?: Readonly<Record<string, string>>;
}

function requestContext(
  connection: ConnectionContext,
  routeKey: string,
  eventType: "CONNECT" | "MESSAGE" | "DISCONNECT",
  timeEpoch: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const requestId = shortId();
  return {
    routeKey,
    ...extra,
    eventType,
    extendedRequestId: requestId,
    requestTime: clfTime(timeEpoch),
    messageDirection: "IN",
    stage: connection.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: timeEpoch,
    identity: {
      sourceIp: connection.sourceIp,
      ...(connection.userAgent ? { userAgent: connection.userAgent } : {}),
    },
    requestId,
    domainName: connection.domainName,
    connectionId: connection.connectionId,
    apiId: connection.apiId,
    ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
  };
}

function stageVariablesOf(connection: ConnectionContext): Record<string, unknown> {
  return connection.stageVariables && !isEmpty(connection.stageVariables)
    ? { stageVariables: { ...connection.stageVariables } }
    : {};
}

/** The handshake's headers and query, as the `$connect` integration sees them: no query maps without a query. */
function handshakeParts(headers: readonly string[], rawQuery: string): Record<string, unknown> {
  const grouped = groupPairs(headers);
  const query = groupPairs(queryPairs(rawQuery));
  return {
    headers: mapValues(grouped, lastValue),
    multiValueHeaders: grouped,
    ...(isEmpty(query)
      ? {}
      : { queryStringParameters: mapValues(query, lastValue), multiValueQueryStringParameters: query }),
  };
}

/**
 * The handshake as the `$connect` authorizer sees it (recorded, docs §4.4): the query maps are always there
 * (`{}` without a query), and the single-value `headers` leave out `Sec-WebSocket-Key`, which only
 * `multiValueHeaders` carry.
 */
function authorizerHandshakeParts(headers: readonly string[], rawQuery: string): Record<string, unknown> {
  const grouped = groupPairs(headers);
  const query = groupPairs(queryPairs(rawQuery));
  const single = mapValues(grouped, lastValue);
  for (const name of Object.keys(single)) if (name.toLowerCase() === "sec-websocket-key") delete single[name];
  return {
    headers: single,
    multiValueHeaders: grouped,
    queryStringParameters: mapValues(query, lastValue),
    multiValueQueryStringParameters: query,
  };
}

export function connectEvent(
  connection: ConnectionContext,
  headers: readonly string[],
  rawQuery: string,
  timeEpoch: number,
): Record<string, unknown> {
  return {
    ...handshakeParts(headers, rawQuery),
    ...stageVariablesOf(connection),
    requestContext: requestContext(connection, "$connect", "CONNECT", timeEpoch),
    isBase64Encoded: false,
  };
}

export function connectAuthorizerEvent(
  connection: ConnectionContext,
  headers: readonly string[],
  rawQuery: string,
  timeEpoch: number,
  methodArn: string,
): Record<string, unknown> {
  return {
    type: "REQUEST",
    methodArn,
    ...authorizerHandshakeParts(headers, rawQuery),
    stageVariables:
      connection.stageVariables && !isEmpty(connection.stageVariables)
        ? { ...connection.stageVariables }
        : {},
    requestContext: requestContext(
      { ...connection, authorizer: undefined },
      "$connect",
      "CONNECT",
      timeEpoch,
    ),
  };
}

export function messageEvent(
  connection: ConnectionContext,
  routeKey: string,
  body: string,
  timeEpoch: number,
): Record<string, unknown> {
  return {
    requestContext: requestContext(connection, routeKey, "MESSAGE", timeEpoch, { messageId: shortId() }),
    body,
    isBase64Encoded: false,
  };
}

export function disconnectEvent(
  connection: ConnectionContext,
  statusCode: number,
  reason: string,
  timeEpoch: number,
): Record<string, unknown> {
  const headers = { Host: connection.domainName, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": "" };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    ...stageVariablesOf(connection),
    requestContext: requestContext(connection, "$disconnect", "DISCONNECT", timeEpoch, {
      disconnectStatusCode: statusCode,
      disconnectReason: reason,
    }),
    isBase64Encoded: false,
  };
}

/** Payload format 2.0: the HTTP API Lambda proxy event (gateway-behavior §2.1-§2.2) and the 2.0
 * Lambda-authorizer event (§4.2). */
import {
  type ApiContext,
  clfTime,
  commaJoined,
  type ForwardedRequest,
  groupPairs,
  isEmpty,
  mapValues,
  queryPairs,
  type StringMap,
} from "./common";

export interface HttpEvent {
  version: "2.0";
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: StringMap;
  queryStringParameters?: StringMap;
  pathParameters?: StringMap;
  stageVariables?: StringMap;
  requestContext: Record<string, unknown> & { requestId: string; stage: string; routeKey: string };
  body?: string;
  isBase64Encoded: boolean;
}

export interface HttpEventInput {
  readonly request: ForwardedRequest;
  readonly api: ApiContext;
  /** `GET /items/{id}`, `ANY /{proxy+}` or `$default`. */
  readonly routeKey: string;
  readonly pathParameters?: Readonly<StringMap>;
  /** A short id like `HBhapgCqoAMEJ0w=`. */
  readonly requestId: string;
  /** `requestContext.authorizer` (`{jwt: ...}`, `{lambda: ...}`, `{iam: ...}`); omitted when none ran. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  /**
   * Whether the `cookie` header stays in `headers` next to `cookies`. AWS moves it (§2.1, recorded).
   * @default false
   */
  readonly keepCookieHeader?: boolean;
}

/** `Cookie` headers split into `name=value` entries. */
function cookiesOf(values: readonly string[] | undefined): string[] {
  if (!values) return [];
  const cookies: string[] = [];
  for (const header of values) {
    for (const part of header.split(";")) {
      const cookie = part.trim();
      if (cookie !== "") cookies.push(cookie);
    }
  }
  return cookies;
}

export function httpEventOf(input: HttpEventInput): HttpEvent {
  const { request, api } = input;
  const rawPath = api.stage === "$default" ? request.path : `/${api.stage}${request.path}`;
  const grouped = groupPairs(request.headers, true);
  const cookies = cookiesOf(grouped.cookie);
  if (input.keepCookieHeader !== true) delete grouped.cookie;
  const headers = mapValues(grouped, commaJoined);
  // API Gateway sends the body length it received (`"0"` on a GET) and no transfer coding.
  headers["content-length"] = String(request.bodyLength);
  delete headers["transfer-encoding"];
  const query = mapValues(groupPairs(queryPairs(request.rawQuery)), commaJoined);
  const event: HttpEvent = {
    version: "2.0",
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: request.rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(isEmpty(query) ? {} : { queryStringParameters: query }),
    ...(input.pathParameters && !isEmpty(input.pathParameters)
      ? { pathParameters: { ...input.pathParameters } }
      : {}),
    ...(api.stageVariables && !isEmpty(api.stageVariables)
      ? { stageVariables: { ...api.stageVariables } }
      : {}),
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
      domainName: api.domainName,
      domainPrefix: api.domainPrefix,
      http: {
        method: request.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: input.requestId,
      routeKey: input.routeKey,
      stage: api.stage,
      time: clfTime(request.timeEpoch),
      timeEpoch: request.timeEpoch,
    },
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: request.isBase64Encoded,
  };
  return event;
}

/** The 2.0 Lambda-authorizer event: the request event without body, plus `type`, `routeArn`, `identitySource`. */
export function httpAuthorizerEvent(
  input: HttpEventInput,
  routeArn: string,
  identitySource: readonly string[],
): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _encoded, ...event } = httpEventOf(input);
  const { authorizer: _authorizer, ...requestContext } = event.requestContext;
  return { ...event, type: "REQUEST", routeArn, identitySource: [...identitySource], requestContext };
}

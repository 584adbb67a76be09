/**
 * Payload format 1.0: the REST API Lambda proxy event (gateway-behavior §1.1-§1.2), also used by HTTP APIs
 * with `payload_format_version = "1.0"` (§2.4: `version: "1.0"`, a few header names rewritten) and, without
 * the body, by REST REQUEST authorizers (§4.3).
 */
import {
  type ApiContext,
  clfTime,
  type ForwardedRequest,
  firstValue,
  groupPairs,
  headerValue,
  isEmpty,
  lastValue,
  type MultiValueMap,
  mapValues,
  queryPairs,
  type StringMap,
} from "./common";

export interface RestEvent {
  version?: "1.0";
  resource: string;
  path: string;
  httpMethod: string;
  headers: StringMap | null;
  multiValueHeaders: MultiValueMap | null;
  queryStringParameters: StringMap | null;
  multiValueQueryStringParameters: MultiValueMap | null;
  pathParameters: StringMap | null;
  stageVariables: StringMap | null;
  requestContext: Record<string, unknown> & { requestId: string; stage: string; path: string };
  body: string | null;
  isBase64Encoded: boolean;
}

/**
 * Header names of an HTTP API payload 1.0 event, as captured (docs §2.4): not lower-cased as in 2.0 but as the
 * client sent them, except these, which AWS writes its own way whatever the client's case.
 */
const HTTP_V1_HEADER_NAMES: Readonly<Record<string, string>> = {
  accept: "accept",
  "accept-encoding": "accept-encoding",
  "content-length": "Content-Length",
  host: "Host",
  "user-agent": "User-Agent",
};

/** An HTTP API's payload 1.0 headers: the names above rewritten, `Content-Length` the body's length (recorded). */
function httpV1Headers(request: ForwardedRequest): string[] {
  const out: string[] = [];
  const raw = request.headers;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const lower = raw[index].toLowerCase();
    if (lower === "content-length" || lower === "transfer-encoding") continue;
    out.push(HTTP_V1_HEADER_NAMES[lower] ?? raw[index], raw[index + 1]);
  }
  out.push("Content-Length", String(request.bodyLength));
  return out;
}

/** Caller identity fields that are not null (API key, IAM caller...). */
export type IdentityExtras = Readonly<Record<string, string | null>>;

export interface RestEventInput {
  readonly request: ForwardedRequest;
  readonly api: ApiContext;
  /** Resource template, e.g. `/items/{id}`. */
  readonly resource: string;
  readonly resourceId: string;
  /**
   * `requestContext.path`: the path with the stage as the client sent it (`/dev//hello` keeps its double
   * slash while `path` is `/hello`: §1.1, recorded). @default `/<stage><path>`
   */
  readonly requestPath?: string;
  readonly pathParameters: Readonly<StringMap> | null;
  /** A UUID. */
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly identity?: IdentityExtras;
  /** `requestContext.authorizer`; omitted when no authorizer ran. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  /**
   * Which value fills the single-value `headers` map when a header repeats (gateway-behavior §8.1 [U]).
   * @default "last"
   */
  readonly duplicateHeader?: "last" | "first";
  /**
   * HTTP API payload 1.0: `version: "1.0"`, the header names of `HTTP_V1_HEADER_NAMES`, `Content-Length`,
   * `cognitoAmr`, no `deploymentId`.
   */
  readonly httpApi?: boolean;
}

function identity(
  request: ForwardedRequest,
  extras: IdentityExtras | undefined,
  httpApi: boolean,
): Record<string, unknown> {
  return {
    // An HTTP API's 1.0 event also names `cognitoAmr` (captured, docs §2.4).
    ...(httpApi ? { cognitoAmr: null } : {}),
    cognitoIdentityPoolId: null,
    accountId: null,
    cognitoIdentityId: null,
    caller: null,
    sourceIp: request.sourceIp,
    principalOrgId: null,
    accessKey: null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: null,
    userAgent: headerValue(request.headers, "user-agent") ?? null,
    user: null,
    ...extras,
  };
}

/** The stage-prefixed path of `requestContext.path`. */
export function stagePath(api: ApiContext, path: string): string {
  return api.stage === "$default" ? path : `/${api.stage}${path}`;
}

export function restEventOf(input: RestEventInput): RestEvent {
  const { request, api } = input;
  const headers = groupPairs(input.httpApi ? httpV1Headers(request) : request.headers);
  const query = groupPairs(queryPairs(request.rawQuery));
  const hasQuery = !isEmpty(query);
  const hasHeaders = !isEmpty(headers);
  const pathParameters =
    input.pathParameters && !isEmpty(input.pathParameters) ? { ...input.pathParameters } : null;
  const stageVariables =
    api.stageVariables && !isEmpty(api.stageVariables) ? { ...api.stageVariables } : null;
  const event: RestEvent = {
    resource: input.resource,
    path: request.path,
    httpMethod: request.method,
    headers: hasHeaders
      ? mapValues(headers, input.duplicateHeader === "first" ? firstValue : lastValue)
      : null,
    multiValueHeaders: hasHeaders ? headers : null,
    queryStringParameters: hasQuery ? mapValues(query, lastValue) : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters,
    stageVariables,
    requestContext: {
      resourceId: input.resourceId,
      resourcePath: input.resource,
      httpMethod: request.method,
      extendedRequestId: input.extendedRequestId,
      requestTime: clfTime(request.timeEpoch),
      path: input.requestPath ?? stagePath(api, request.path),
      accountId: api.accountId,
      protocol: "HTTP/1.1",
      stage: api.stage,
      domainPrefix: api.domainPrefix,
      requestTimeEpoch: request.timeEpoch,
      requestId: input.requestId,
      identity: identity(request, input.identity, input.httpApi === true),
      domainName: api.domainName,
      // HTTP APIs send no deployment id (captured, docs §2.4).
      ...(input.httpApi ? {} : { deploymentId: api.deploymentId ?? "local" }),
      apiId: api.apiId,
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
    },
    body: request.body ?? null,
    isBase64Encoded: request.isBase64Encoded,
  };
  return input.httpApi ? { version: "1.0", ...event } : event;
}

/**
 * The REST REQUEST-authorizer event: the proxy shape without the body, plus `type` and `methodArn` (§4.3). Unlike
 * the proxy event, empty parameter and stage-variable maps are `{}`, not `null` (AWS's samples; the recorded
 * WebSocket authorizer event for the query and stage maps: §4.3, §8.8).
 */
export function restRequestAuthorizerEvent(
  input: RestEventInput,
  methodArn: string,
): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _encoded, ...event } = restEventOf(input);
  return {
    type: "REQUEST",
    methodArn,
    ...event,
    queryStringParameters: event.queryStringParameters ?? {},
    multiValueQueryStringParameters: event.multiValueQueryStringParameters ?? {},
    pathParameters: event.pathParameters ?? {},
    stageVariables: event.stageVariables ?? {},
  };
}

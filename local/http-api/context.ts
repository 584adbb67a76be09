/** What the HTTP API phases share about one request, on top of the common request context. */
import type { IncomingMessage } from "node:http";
import type { ApiRuntime } from "../context";
import { type ApiContext, type ForwardedRequest, shortId } from "../events/common";
import type { LambdaAuthorizerRunner } from "../lambda-authorizer";
import { type RequestContext, RequestState } from "../pipeline/context";
import type { RouteThrottles } from "../pipeline/phases/throttle";
import type { HttpApiModel, HttpRoute, HttpStage } from "./model";
import type { RouteMatch, RouteTable } from "./routes";

/** The parts of an HTTP API the phases use (`HttpApi` provides them; tests may provide their own). */
export interface HttpParts {
  readonly runtime: ApiRuntime;
  readonly model: HttpApiModel;
  readonly table: RouteTable<HttpRoute>;
  readonly stages: ReadonlyMap<string, HttpStage>;
  /** The Lambda authorizers' runners (with their result caches), by authorizer id. */
  readonly runners: ReadonlyMap<string, LambdaAuthorizerRunner>;
  readonly throttles: RouteThrottles;
}

export interface HttpContext extends RequestContext {
  readonly api: HttpParts;
  stage: HttpStage | undefined;
  match: RouteMatch<HttpRoute> | undefined;
  /** The request's `Origin` on an API with a CORS configuration (once the CORS phase ran). */
  corsOrigin: string | undefined;
  /** The gateway answered a CORS preflight itself. */
  preflight: boolean;
  /** `requestContext.authorizer` once an authorizer admitted the request. */
  authorizer: Record<string, unknown> | undefined;
  /** The request as forwarded to authorizers and the integration (worked out once, when first needed). */
  forwarded: ForwardedRequest | undefined;
  apiContext: ApiContext | undefined;
}

class HttpState extends RequestState implements HttpContext {
  stage: HttpStage | undefined = undefined;
  match: RouteMatch<HttpRoute> | undefined = undefined;
  corsOrigin: string | undefined = undefined;
  preflight = false;
  authorizer: Record<string, unknown> | undefined = undefined;
  forwarded: ForwardedRequest | undefined = undefined;
  apiContext: ApiContext | undefined = undefined;

  constructor(
    readonly api: HttpParts,
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    started: number,
  ) {
    super(api.runtime, req, rawPath, rawQuery, started, shortId());
  }
}

export function httpContext(
  api: HttpParts,
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  started: number,
): HttpContext {
  return new HttpState(api, req, rawPath, rawQuery, started);
}

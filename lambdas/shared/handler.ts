/**
 * Wraps a request handler into a Lambda handler: normalizes the event, maps thrown errors to responses and
 * writes one log line per request. The returned function never throws, whatever the event.
 */
import { corsHeaders } from "./cors";
import { errorResponse, HttpError } from "./errors";
import { type HttpRequest, type HttpResult, normalizeEvent } from "./http";
import { createLogger, type Logger } from "./log";

export interface RequestContext {
  /** Logger that stamps every line with the request ids. */
  readonly log: Logger;
}

export type RequestHandler = (
  request: HttpRequest,
  context: RequestContext,
) => HttpResult | Promise<HttpResult>;

/** The part of the Lambda context the wrapper reads. */
export interface LambdaContext {
  readonly awsRequestId?: string;
}

export type LambdaHttpHandler = (event: unknown, context?: LambdaContext) => Promise<HttpResult>;

export function httpHandler(handle: RequestHandler): LambdaHttpHandler {
  return async (event, context) => {
    const started = performance.now();
    let log = createLogger({ awsRequestId: context?.awsRequestId });
    let request: HttpRequest | undefined;
    let result: HttpResult;
    let rejection: string | undefined;
    try {
      request = normalizeEvent(event);
      log = log.child({ requestId: request.requestId });
      result = await handle(request, { log });
    } catch (error) {
      if (error instanceof HttpError) rejection = error.message;
      result = errorResponse(error, log);
    }
    const cors = corsHeaders(request?.headers.origin);
    if (Object.keys(cors).length > 0) result = { ...result, headers: { ...result.headers, ...cors } };
    log.info("request", {
      format: request?.format,
      method: request?.method,
      path: request?.path,
      routeKey: request?.routeKey,
      statusCode: result.statusCode,
      rejection,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
    return result;
  };
}

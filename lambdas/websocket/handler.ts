/**
 * Wraps a WebSocket route handler: checks the event's shape, turns a `FrameError` into an error frame for
 * the sender, turns anything else into a generic one (the detail goes to the log only), and writes one log
 * line per event. The returned function never throws.
 *
 * Status codes: on `$connect` the status decides the handshake, so a bad request is a 400 there. On MESSAGE
 * routes the status reaches no client (the route response sends only the body), so frames the sender must
 * fix go back with 200, keeping them out of the IntegrationError metric, and our own failures with 500.
 */
import type { LambdaContext } from "../shared/handler";
import { createLogger, type Logger } from "../shared/log";
import { isWebSocketEvent, type WebSocketEvent, type WebSocketResult } from "./event";
import { errorFrame, FrameError, type OutboundFrame } from "./frames";

export interface WebSocketContext {
  /** Logger that stamps every line with the connection and request ids. */
  readonly log: Logger;
}

export type WebSocketRouteHandler = (
  event: WebSocketEvent,
  context: WebSocketContext,
) => Promise<WebSocketResult>;

export type LambdaWebSocketHandler = (event: unknown, context?: LambdaContext) => Promise<WebSocketResult>;

/** A frame for the sender (through the route's route response). */
export function reply(frame: OutboundFrame, statusCode = 200): WebSocketResult {
  return { statusCode, body: JSON.stringify(frame) };
}

export interface WebSocketHandlerOptions {
  /** Add an example of every action to error frames (for `$default`, which gets what nobody else serves). */
  readonly listActionsOnError?: boolean;
}

export function websocketHandler(
  handle: WebSocketRouteHandler,
  options: WebSocketHandlerOptions = {},
): LambdaWebSocketHandler {
  return async (event, lambdaContext) => {
    const started = performance.now();
    let log = createLogger({ awsRequestId: lambdaContext?.awsRequestId });
    if (!isWebSocketEvent(event)) {
      log.error("not a WebSocket event: is this function wired to a WebSocket route?", {
        eventKeys: event && typeof event === "object" ? Object.keys(event) : typeof event,
      });
      return { statusCode: 500 };
    }
    const { routeKey, eventType, connectionId, requestId } = event.requestContext;
    log = log.child({ routeKey, connectionId, requestId });
    let result: WebSocketResult;
    let rejection: string | undefined;
    try {
      result = await handle(event, { log });
    } catch (error) {
      if (error instanceof FrameError) {
        rejection = error.code;
        result = reply(
          errorFrame(error, { requestId, withActions: options.listActionsOnError }),
          eventType === "CONNECT" ? 400 : 200,
        );
      } else {
        log.error("unhandled error", { error });
        result = reply(
          errorFrame(new FrameError("internal_error", "internal error: try again later"), { requestId }),
          500,
        );
      }
    }
    log.info("websocket event", {
      eventType,
      statusCode: result.statusCode,
      rejection,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
    return result;
  };
}

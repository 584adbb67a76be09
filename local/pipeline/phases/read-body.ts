/**
 * Reads the request body up to the variant's limit (10 MB for REST and HTTP APIs, 128 KB for `@connections`:
 * docs/gateway-behavior.md §7.3). A request without a body costs no await.
 */
import { hasBody, MAX_REQUEST_BYTES, RequestTooLargeError, readBody } from "../../http/request";
import type { Phase } from "../chain";
import type { RequestContext } from "../context";
import { GatewayError } from "../errors";

export function readRequestBody(limit = MAX_REQUEST_BYTES): Phase<RequestContext> {
  return (ctx) => {
    if (!hasBody(ctx.req)) return;
    return readBody(ctx.req, limit).then(
      (body) => {
        ctx.body = body;
      },
      (error: unknown) => {
        if (error instanceof RequestTooLargeError) throw new GatewayError("BODY_TOO_LARGE", error.message);
        throw error;
      },
    );
  };
}

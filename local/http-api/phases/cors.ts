/**
 * HTTP API step 3 (docs/gateway-behavior.md §6.1): on an API with a CORS configuration, a preflight
 * (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered by the gateway itself; other
 * requests from an allowed origin get the configured headers on their answer (`finishHttp`).
 */

import type { HttpContext } from "../context";
import { isPreflight, preflightHeaders } from "../cors";

export function httpCors(ctx: HttpContext): void {
  const cors = ctx.api.model.cors;
  if (!cors) return;
  ctx.corsOrigin = ctx.header("origin");
  if (!isPreflight(ctx.method, ctx.header)) return;
  ctx.preflight = true;
  ctx.route = "(CORS preflight)";
  ctx.reply = {
    status: ctx.api.runtime.services.options.http.preflightStatus,
    headers: preflightHeaders(
      cors,
      ctx.corsOrigin,
      ctx.header("access-control-request-method"),
      ctx.header("access-control-request-headers"),
    ),
    body: "",
  };
}

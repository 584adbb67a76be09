/**
 * What every HTTP API answer carries (docs/gateway-behavior.md §6.1, §7.4): the configured CORS headers for an
 * allowed origin (not on the preflight answer, which has its own), and `apigw-requestid`.
 */
import type { Reply } from "../../pipeline/context";
import type { HttpContext } from "../context";
import { responseCorsHeaders } from "../cors";

export function finishHttp(ctx: HttpContext, reply: Reply): Reply {
  const cors = ctx.api.model.cors;
  const headers = [...reply.headers];
  if (cors && ctx.corsOrigin !== undefined && !ctx.preflight)
    headers.push(...responseCorsHeaders(cors, ctx.corsOrigin));
  headers.push("apigw-requestid", ctx.requestId);
  return { status: reply.status, headers, body: reply.body };
}

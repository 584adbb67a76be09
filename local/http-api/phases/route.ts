/** HTTP API step 4 (docs/gateway-behavior.md §6.3): the route; none is 404 Not Found. */
import { GatewayError } from "../../pipeline/errors";
import type { HttpContext } from "../context";

export function httpRoute(ctx: HttpContext): void {
  const match = ctx.api.table.match(ctx.method, ctx.path);
  if (!match) throw new GatewayError("MISSING_AUTHENTICATION_TOKEN", "no route");
  ctx.match = match;
  ctx.route = match.key;
}

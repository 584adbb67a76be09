/** HTTP API step 6 (docs/gateway-behavior.md §5.2): the route's throttle (else the stage default), then the account's. */
import { takeTokens } from "../../pipeline/phases/throttle";
import type { HttpContext } from "../context";

export function httpThrottle(ctx: HttpContext): void {
  if (!ctx.stage || !ctx.match) throw new Error("the throttle applies after the route");
  takeTokens(ctx.api.runtime.services, ctx.api.throttles.checksFor(ctx.stage, ctx.match.key));
}

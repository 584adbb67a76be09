/**
 * HTTP API step 1 (docs/gateway-behavior.md §0, §6.3): an explicit stage named by the first path segment, else
 * `$default`; without either, 404 Not Found [http-routes].
 */
import { GatewayError } from "../../pipeline/errors";
import type { HttpContext } from "../context";

export function httpStage(ctx: HttpContext): void {
  const raw = ctx.rawPath;
  const second = raw.indexOf("/", 1);
  const first = second === -1 ? raw.slice(1) : raw.slice(1, second);
  const named = first !== "$default" ? ctx.api.stages.get(first) : undefined;
  const stage = named ?? ctx.api.stages.get("$default");
  if (!stage) throw new GatewayError("UNKNOWN_STAGE", "no stage");
  ctx.stage = stage;
  ctx.stageName = stage.name;
  ctx.path = named ? (second === -1 ? "/" : raw.slice(second)) : raw;
}

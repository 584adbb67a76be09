/**
 * REST step 1 (docs/gateway-behavior.md §0): the stage is the first path segment. Slashes before the stage and
 * between the stage and the path collapse, so `//dev/hello` and `/dev//hello` are both served as `/hello`,
 * while `requestContext.path` keeps what followed the stage as sent (`/dev//hello`) and slashes inside the
 * path stay (recorded in LocalStack's AWS-validated `test_lambda_aws_proxy_integration` snapshot, §1.1).
 */
import { GatewayError } from "../../pipeline/errors";
import type { RestContext } from "../context";

export function restStage(ctx: RestContext): void {
  let raw = ctx.rawPath;
  if (raw.startsWith("//")) raw = `/${raw.replace(/^\/+/, "")}`;
  const second = raw.indexOf("/", 1);
  const stageName = second === -1 ? raw.slice(1) : raw.slice(1, second);
  const stage = ctx.api.model.stages.get(stageName);
  if (!stage) throw new GatewayError("UNKNOWN_STAGE", "unknown stage");
  const afterStage = second === -1 ? "" : raw.slice(second);
  ctx.stage = stage;
  ctx.stageName = stage.name;
  ctx.rawPath = raw;
  ctx.requestPath = raw;
  ctx.path = `/${afterStage.replace(/^\/+/, "")}`;
  ctx.templateContext.stage = stage.name;
  ctx.templateContext.path = raw;
  ctx.values = { ...ctx.values, stageVariables: stage.variables };
}

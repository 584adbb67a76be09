/**
 * REST step 7 (docs/gateway-behavior.md §5.2, §5.3): the throttles that apply, most specific first (the usage
 * plan's per-method limit, the plan's limit, the stage's method setting, the account), then the plan's quota.
 */
import { GatewayError } from "../../pipeline/errors";
import { takeTokens } from "../../pipeline/phases/throttle";
import type { RestContext } from "../context";
import { restThrottleChecks } from "../usage-plans";

export function restLimits(ctx: RestContext): void {
  const { stage, restMethod, usage } = ctx;
  if (!stage || !restMethod) throw new Error("the limits apply after the route");
  const { services, refs } = ctx.api.runtime;
  if (services.options.throttling)
    takeTokens(services, restThrottleChecks(ctx.api.model, refs.region, stage, restMethod, usage));
  const quota = usage?.plan.quota;
  if (
    services.options.quotas &&
    quota &&
    !services.quotas.take(`quota:${usage.plan.id}:${usage.key.id}`, quota)
  )
    throw new GatewayError("QUOTA_EXCEEDED", "quota exceeded");
}

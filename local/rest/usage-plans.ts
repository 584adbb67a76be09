/**
 * API keys, usage-plan throttles and quotas, stage method throttles (docs/gateway-behavior.md §5): a key is valid when it exists,
 * is enabled and is in a usage plan that covers this API and stage; every applicable token bucket must have a
 * token (per-method plan limit, plan limit, stage method setting, account); then the plan's quota counts.
 */
import { accountCheck, type ThrottleCheck } from "../pipeline/phases/throttle";
import type { ApiKey, MethodSetting, RestApiModel, RestMethod, RestStage, UsagePlan } from "./model";

/** The plan of `key` that covers `stage` of this API. */
export function planFor(key: ApiKey, stage: string): UsagePlan | undefined {
  return key.plans.find((plan) => plan.stages.has(stage));
}

export function validApiKey(
  model: RestApiModel,
  stage: string,
  value: string | undefined,
): { key: ApiKey; plan: UsagePlan } | undefined {
  if (value === undefined || value === "") return undefined;
  const key = model.apiKeys.get(value);
  if (!key?.enabled) return undefined;
  const plan = planFor(key, stage);
  return plan ? { key, plan } : undefined;
}

/** `/items/{id}/PUT`; the root is `//GET` (usage-plan method throttle keys). */
export function planMethodPath(method: RestMethod): string {
  return `${method.resource.path}/${method.httpMethod}`;
}

/** The stage method setting for a method: exact `items/{id}/GET`, then `items/{id}/*`, then `*\/*`. */
export function methodSetting(stage: RestStage, method: RestMethod): MethodSetting | undefined {
  const path = method.resource.path === "/" ? "" : method.resource.path.slice(1);
  for (const [raw, setting] of stage.methodSettings) {
    const candidate = raw.replace(/~1/g, "/").replace(/^\//, "");
    if (candidate === `${path}/${method.httpMethod}`) return setting;
  }
  for (const [raw, setting] of stage.methodSettings) {
    if (raw.replace(/~1/g, "/").replace(/^\//, "") === `${path}/*`) return setting;
  }
  return stage.methodSettings.get("*/*");
}

/** The buckets a request to `method` takes from, most specific first (§5.2). */
export function restThrottleChecks(
  model: RestApiModel,
  region: string,
  stage: RestStage,
  method: RestMethod,
  usage: { key: ApiKey; plan: UsagePlan } | undefined,
): ThrottleCheck[] {
  const checks: ThrottleCheck[] = [];
  const methodPath = planMethodPath(method);
  if (usage) {
    const perMethod = usage.plan.stages.get(stage.name)?.get(methodPath);
    if (perMethod)
      checks.push([`plan:${usage.plan.id}:${usage.key.id}:${stage.name}:${methodPath}`, perMethod]);
    if (usage.plan.throttle) checks.push([`plan:${usage.plan.id}:${usage.key.id}`, usage.plan.throttle]);
  }
  const setting = methodSetting(stage, method)?.throttle;
  if (setting) checks.push([`stage:${model.apiId}:${stage.name}:${methodPath}`, setting]);
  checks.push(accountCheck(region));
  return checks;
}

/**
 * Which API key the cases use on a REST stack: one of the usage plan with the highest rate limit, so the
 * lifecycle's writes stay under the plan's throttles (a plan without a limit counts as the highest).
 */

export interface PlanKeys {
  readonly plan: string;
  /** Requests per second; undefined when the plan sets none. */
  readonly rateLimit?: number;
  readonly keyValues: readonly string[];
}

export function mostGenerousKey(plans: readonly PlanKeys[]): string | undefined {
  const withKeys = plans.filter((plan) => plan.keyValues.length > 0);
  const rate = (plan: PlanKeys) => plan.rateLimit ?? Number.POSITIVE_INFINITY;
  const best = [...withKeys].sort((a, b) => rate(b) - rate(a))[0];
  return best?.keyValues[0];
}

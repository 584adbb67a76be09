/**
 * The value of an API key of a deployed REST stack, looked up with API Gateway's own API (the outputs carry
 * ids, never key values): GetUsagePlan for each plan's throttle, GetUsagePlanKeys for its keys (botocore
 * apigateway 2015-07-09: `GET /usageplans/{usageplanId}` and `GET /usageplans/{usageplanId}/keys`, whose
 * keys arrive under `item`, each with its `value`), asked for as plain JSON (`Accept: application/json`, as
 * botocore's handlers.py add_accept_header does for apigateway). Needs `apigateway:GET` on `/usageplans/*`.
 */
import { describe, send } from "./request";
import { SetupError } from "./setup-error";
import type { Signer } from "./sigv4";
import { mostGenerousKey, type PlanKeys } from "./usage-plans";

async function getJson(endpoint: string, path: string, sign: Signer): Promise<Record<string, unknown>> {
  const url = `${endpoint}${path}`;
  const headers = await sign({ method: "GET", url, headers: { accept: "application/json" } });
  const reply = await send("GET", url, headers);
  if (reply.status !== 200 || reply.json === null || typeof reply.json !== "object") {
    throw new SetupError([
      `looking up the stack's API keys, GET ${path} answered ${describe(reply)}: allow apigateway:GET on arn:aws:apigateway:*::/usageplans/* to these credentials, or set ACCEPTANCE_API_KEY`,
    ]);
  }
  return reply.json as Record<string, unknown>;
}

export async function lookUpApiKey(
  planIds: Readonly<Record<string, string>>,
  endpoint: string,
  sign: Signer,
): Promise<string> {
  const plans: PlanKeys[] = [];
  for (const [plan, id] of Object.entries(planIds)) {
    const usagePlan = await getJson(endpoint, `/usageplans/${encodeURIComponent(id)}`, sign);
    const keys = await getJson(endpoint, `/usageplans/${encodeURIComponent(id)}/keys`, sign);
    const throttle = usagePlan.throttle as { rateLimit?: number } | undefined;
    const items = Array.isArray(keys.item) ? (keys.item as { value?: unknown }[]) : [];
    plans.push({
      plan,
      rateLimit: throttle?.rateLimit,
      keyValues: items
        .map((item) => item.value)
        .filter((value): value is string => typeof value === "string"),
    });
  }
  const key = mostGenerousKey(plans);
  if (key === undefined) {
    throw new SetupError([
      `no usage plan of the stage (${Object.keys(planIds).join(", ") || "none in the outputs"}) has an API key: give one with ACCEPTANCE_API_KEY`,
    ]);
  }
  return key;
}

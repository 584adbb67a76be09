/**
 * A stack served by the local gateway as an acceptance target: its stage URL from `/_local/stacks`, tokens
 * from the gateway's own issuer (`POST /_local/token`), the API key of its most generous usage plan, and
 * SigV4 with the gateway's local access key, in the region the stack's provider names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scopesForAllRoutes } from "../../acceptance/route-call";
import { signer } from "../../acceptance/sigv4";
import type { Target, TargetKind } from "../../acceptance/target";
import { mostGenerousKey, type PlanKeys } from "../../acceptance/usage-plans";
import { routes } from "../../api/routes";
import type { TestGateway } from "../local/support/gateway";

interface StackJson {
  provider?: { aws?: { region?: string }[] };
  resource?: {
    aws_api_gateway_rest_api?: Record<string, unknown>;
    aws_apigatewayv2_api?: Record<string, { protocol_type?: string }>;
    aws_api_gateway_usage_plan?: Record<
      string,
      { name: string; throttle_settings?: { rate_limit?: number } }
    >;
  };
}

/** The API variant a synthesized stack serves, from its Terraform: decides which cases apply to it. */
export function stackKind(outdir: string, stackId: string): TargetKind {
  const json = readStackJson(outdir, stackId);
  if (json.resource?.aws_api_gateway_rest_api) return "rest";
  const [api] = Object.values(json.resource?.aws_apigatewayv2_api ?? {});
  return api?.protocol_type === "WEBSOCKET" ? "websocket" : "http";
}

function readStackJson(outdir: string, stackId: string): StackJson {
  return JSON.parse(readFileSync(join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8")) as StackJson;
}

/** The gateway's default access key pair (local/iam.ts). */
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export function localTarget(gw: TestGateway, stackId: string, outdir: string): Target {
  const api = gw.api(stackId);
  const json = readStackJson(outdir, stackId);
  const region = json.provider?.aws?.[0]?.region ?? "us-east-1";
  const plans: PlanKeys[] = Object.values(json.resource?.aws_api_gateway_usage_plan ?? {}).map((plan) => ({
    plan: plan.name,
    rateLimit: plan.throttle_settings?.rate_limit,
    keyValues: api.apiKeys.filter((key) => key.usagePlans.includes(plan.name)).map((key) => key.value),
  }));
  const apiKey = mostGenerousKey(plans);
  return {
    stackId,
    kind: api.variant,
    url: api.url,
    token: () =>
      gw.token({
        sub: "acceptance",
        scope: scopesForAllRoutes(api.variant, routes).join(" "),
        claims: { preferred_username: "acceptance" },
      }),
    apiKey: apiKey === undefined ? undefined : async () => apiKey,
    sign: api.variant === "rest" ? signer(LOCAL_CREDENTIALS, region) : undefined,
  };
}

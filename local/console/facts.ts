/**
 * What the console shows about each stack beyond `/_local/stacks`: every route with its auth, throttle and
 * caching, the usage plans (throttle, quota, keys), and the stack diagram. Read from the synthesized JSON only
 * (like the rest of local/), so a forked stack shows what it synthesizes.
 */
import { type Diagram, stackGraph } from "../../diagrams/graph";
import { soleReference } from "../../tfjson/expressions";
import { SynthesizedStack } from "../../tfjson/stack";
import type { Block, StackFile } from "../../tfjson/types";

export interface RouteFacts {
  /** `GET /items/{id}` (HTTP and REST) or the route key (`$connect`, `sendMessage`). */
  readonly key: string;
  /** `none`, `JWT`, `Cognito`, `Lambda authorizer`, `IAM`. */
  readonly auth: string;
  readonly scopes: readonly string[];
  readonly apiKeyRequired: boolean;
  /** `50/s burst 100`, from the most specific stage or route setting. */
  readonly throttle?: string;
  /** `60 s TTL` when the stage cache holds this method's answers. */
  readonly cache?: string;
}

export interface PlanFacts {
  readonly name: string;
  readonly throttle?: string;
  readonly quota?: string;
  /** Method-level throttles (`POST /items 1/s burst 2`). */
  readonly methodThrottles: readonly string[];
  readonly keys: readonly string[];
}

export interface StackFacts {
  readonly id: string;
  readonly routes: readonly RouteFacts[];
  readonly plans: readonly PlanFacts[];
  /** Stage-wide throttle. */
  readonly throttle?: string;
  /** Stage cache cluster (`0.5 GB`) or undefined. */
  readonly cacheCluster?: string;
  /** The stack's diagram (the graph the README's Mermaid is drawn from); undefined when it cannot be drawn. */
  readonly diagram?: Diagram;
}

const AUTH_NAMES: Readonly<Record<string, string>> = {
  NONE: "none",
  JWT: "JWT",
  COGNITO_USER_POOLS: "Cognito",
  CUSTOM: "Lambda authorizer",
  AWS_IAM: "IAM",
};

function resources(json: StackFile["json"], type: string): [string, Block][] {
  return new SynthesizedStack(json).ofType(type).map((resource) => [resource.name, resource.block]);
}

/** `${aws_x.name.attr}` -> `aws_x.name`. */
function target(expression: unknown): string | undefined {
  const reference = soleReference(expression);
  return reference?.kind === "resource" ? reference.address : undefined;
}

function throttleText(rate: unknown, burst: unknown): string | undefined {
  if (typeof rate !== "number" && typeof burst !== "number") return undefined;
  return `${rate ?? "-"}/s burst ${burst ?? "-"}`;
}

export function stackFacts(stack: StackFile): StackFacts {
  const { json } = stack;
  let diagram: Diagram | undefined;
  try {
    diagram = stackGraph(json);
  } catch {
    diagram = undefined;
  }
  const rest = resources(json, "aws_api_gateway_rest_api").length > 0;
  return { id: stack.id, diagram, ...(rest ? restFacts(json) : v2Facts(json)) };
}

function v2Facts(json: StackFile["json"]): Omit<StackFacts, "id" | "diagram"> {
  const authorizers = new Map(
    resources(json, "aws_apigatewayv2_authorizer").map(([name, block]) => [
      `aws_apigatewayv2_authorizer.${name}`,
      block,
    ]),
  );
  const stage = resources(json, "aws_apigatewayv2_stage")[0]?.[1];
  const defaults = (stage?.default_route_settings ?? {}) as Block;
  const perRoute = new Map(
    ((stage?.route_settings ?? []) as Block[]).map((settings) => [String(settings.route_key), settings]),
  );
  const routes = resources(json, "aws_apigatewayv2_route")
    .map(([, block]): RouteFacts => {
      const key = String(block.route_key);
      const type = String(block.authorization_type ?? "NONE");
      const authorizer = authorizers.get(target(block.authorizer_id) ?? "");
      const auth =
        type === "CUSTOM" || authorizer?.authorizer_type === "REQUEST"
          ? "Lambda authorizer"
          : (AUTH_NAMES[type] ?? type);
      const settings = perRoute.get(key);
      return {
        key,
        auth,
        scopes: (block.authorization_scopes as string[] | undefined) ?? [],
        apiKeyRequired: block.api_key_required === true,
        throttle: settings
          ? throttleText(settings.throttling_rate_limit, settings.throttling_burst_limit)
          : undefined,
      };
    })
    .sort((a, b) => routeOrder(a.key).localeCompare(routeOrder(b.key)));
  return {
    routes,
    plans: [],
    throttle: throttleText(defaults.throttling_rate_limit, defaults.throttling_burst_limit),
  };
}

function restFacts(json: StackFile["json"]): Omit<StackFacts, "id" | "diagram"> {
  const resourceBlocks = new Map(
    resources(json, "aws_api_gateway_resource").map(([name, block]) => [
      `aws_api_gateway_resource.${name}`,
      block,
    ]),
  );
  const pathOf = (expression: unknown): string => {
    const ref = target(expression);
    const block = ref ? resourceBlocks.get(ref) : undefined;
    if (!block) return ""; // the root resource
    return `${pathOf(block.parent_id)}/${String(block.path_part)}`;
  };
  const authorizers = new Map(
    resources(json, "aws_api_gateway_authorizer").map(([name, block]) => [
      `aws_api_gateway_authorizer.${name}`,
      block,
    ]),
  );
  const settings = new Map(
    resources(json, "aws_api_gateway_method_settings").map(([, block]) => [
      // Keys are written `~1items~1{id}/GET` (every "/" of the resource path as "~1").
      String(block.method_path).replaceAll("~1", "/").replace(/^\//, ""),
      (block.settings ?? {}) as Block,
    ]),
  );
  const all = settings.get("*/*") ?? {};
  const stage = resources(json, "aws_api_gateway_stage")[0]?.[1];
  const routes = resources(json, "aws_api_gateway_method")
    .filter(([, block]) => block.http_method !== "OPTIONS")
    .map(([, block]): RouteFacts => {
      const path = pathOf(block.resource_id) || "/";
      const method = String(block.http_method);
      const type = String(block.authorization ?? "NONE");
      const authorizer = authorizers.get(target(block.authorizer_id) ?? "");
      const own = settings.get(`${path.slice(1)}/${method}`);
      const effective = { ...all, ...own };
      return {
        key: `${method} ${path}`,
        auth:
          type === "CUSTOM" && authorizer
            ? `Lambda ${String(authorizer.type ?? "TOKEN").toLowerCase()} authorizer`
            : (AUTH_NAMES[type] ?? type),
        scopes: (block.authorization_scopes as string[] | undefined) ?? [],
        apiKeyRequired: block.api_key_required === true,
        throttle: own
          ? throttleText(effective.throttling_rate_limit, effective.throttling_burst_limit)
          : undefined,
        cache:
          effective.caching_enabled === true && stage?.cache_cluster_enabled === true
            ? `${String(effective.cache_ttl_in_seconds ?? 300)} s TTL`
            : undefined,
      };
    })
    .sort((a, b) => routeOrder(a.key).localeCompare(routeOrder(b.key)));
  const keyNames = new Map(
    resources(json, "aws_api_gateway_api_key").map(([name, block]) => [
      `aws_api_gateway_api_key.${name}`,
      String(block.name),
    ]),
  );
  const planKeys = new Map<string, string[]>();
  for (const [, block] of resources(json, "aws_api_gateway_usage_plan_key")) {
    const plan = target(block.usage_plan_id) ?? "";
    planKeys.set(plan, [...(planKeys.get(plan) ?? []), keyNames.get(target(block.key_id) ?? "") ?? "?"]);
  }
  const plans = resources(json, "aws_api_gateway_usage_plan").map(([name, block]): PlanFacts => {
    const throttle = (block.throttle_settings ?? {}) as Block;
    const quota = block.quota_settings as Block | undefined;
    const methodThrottles = ((block.api_stages ?? []) as Block[]).flatMap((apiStage) =>
      ((apiStage.throttle ?? []) as Block[]).map((t) => {
        const path = String(t.path);
        const slash = path.lastIndexOf("/");
        return `${path.slice(slash + 1)} ${path.slice(0, slash) || "/"} ${throttleText(t.rate_limit, t.burst_limit)}`;
      }),
    );
    return {
      name: String(block.name),
      throttle: throttleText(throttle.rate_limit, throttle.burst_limit),
      quota: quota ? `${String(quota.limit)} per ${String(quota.period).toLowerCase()}` : undefined,
      methodThrottles,
      keys: planKeys.get(`aws_api_gateway_usage_plan.${name}`) ?? [],
    };
  });
  return {
    routes,
    plans,
    throttle: throttleText(all.throttling_rate_limit, all.throttling_burst_limit),
    cacheCluster:
      stage?.cache_cluster_enabled === true ? `${String(stage.cache_cluster_size ?? "0.5")} GB` : undefined,
  };
}

/** Paths first, then methods in a reading order. */
function routeOrder(key: string): string {
  const [method, path = ""] = key.split(" ");
  const rank = ["GET", "POST", "PUT", "PATCH", "DELETE"].indexOf(method);
  return `${path} ${rank === -1 ? 9 : rank} ${method}`;
}

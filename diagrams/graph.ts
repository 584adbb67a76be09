/**
 * A stack's synthesized Terraform JSON (`cdktf.out/stacks/<id>/cdk.tf.json`) as a graph: the client, edge pieces
 * (CloudFront, WAF, custom domain, VPC endpoint), the API, its authorizers, functions, tables and user pools,
 * and the alarm topic, joined in the order a request travels. It reads only the JSON (through tfjson/), so the
 * diagram shows what a forked or edited stack really synthesizes. mermaid.ts and svg.ts draw it.
 */
import { referencesIn } from "../tfjson/expressions";
import { type Resource, SynthesizedStack } from "../tfjson/stack";
import type { Block, TerraformJson } from "../tfjson/types";

export type ResourceKind =
  | "cdn"
  | "waf"
  | "domain"
  | "network"
  | "api"
  | "authorizer"
  | "userpool"
  | "function"
  | "table"
  | "alarm"
  | "topic";

export type NodeKind = "client" | ResourceKind;

/** How a node of each kind is drawn (both renderers use the same outline). */
export type Shape = "circle" | "hexagon" | "rect" | "flag" | "rounded" | "cylinder" | "stadium";

export const SHAPES: Readonly<Record<NodeKind, Shape>> = {
  client: "circle",
  cdn: "hexagon",
  waf: "hexagon",
  domain: "stadium",
  network: "hexagon",
  api: "rect",
  authorizer: "flag",
  userpool: "cylinder",
  function: "rounded",
  table: "cylinder",
  alarm: "rect",
  topic: "stadium",
};

export interface DiagramNode {
  /** `client`, `n1`, `n2`... in flow order, `alarms` for the alarms drawn as one node. */
  readonly id: string;
  readonly kind: NodeKind;
  /** The label, one line each: what it is, then its name. */
  readonly lines: readonly string[];
  /** The resources the node stands for. */
  readonly addresses: readonly string[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

/** Nodes in flow order; edges from the client first, then by their ids. */
export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** Resource types shown as nodes, by kind. */
const SHOWN_TYPES: Readonly<Record<string, ResourceKind>> = {
  aws_cloudfront_distribution: "cdn",
  aws_wafv2_web_acl: "waf",
  aws_api_gateway_domain_name: "domain",
  aws_apigatewayv2_domain_name: "domain",
  aws_vpc_endpoint: "network",
  aws_apigatewayv2_api: "api",
  aws_api_gateway_rest_api: "api",
  aws_apigatewayv2_authorizer: "authorizer",
  aws_api_gateway_authorizer: "authorizer",
  aws_cognito_user_pool: "userpool",
  aws_lambda_function: "function",
  aws_dynamodb_table: "table",
  aws_cloudwatch_metric_alarm: "alarm",
  aws_sns_topic: "topic",
};

/** Resource types folded away: plumbing that connects the nodes above. */
export const HIDDEN_TYPES = [
  "aws_acm_certificate",
  "aws_acm_certificate_validation",
  "aws_api_gateway_account",
  "aws_api_gateway_api_key",
  "aws_api_gateway_base_path_mapping",
  "aws_api_gateway_deployment",
  "aws_api_gateway_gateway_response",
  "aws_api_gateway_integration",
  "aws_api_gateway_integration_response",
  "aws_api_gateway_method",
  "aws_api_gateway_method_response",
  "aws_api_gateway_method_settings",
  "aws_api_gateway_model",
  "aws_api_gateway_request_validator",
  "aws_api_gateway_resource",
  "aws_api_gateway_rest_api_policy",
  "aws_api_gateway_stage",
  "aws_api_gateway_usage_plan",
  "aws_api_gateway_usage_plan_key",
  "aws_apigatewayv2_api_mapping",
  "aws_apigatewayv2_integration",
  "aws_apigatewayv2_integration_response",
  "aws_apigatewayv2_route",
  "aws_apigatewayv2_route_response",
  "aws_apigatewayv2_stage",
  "aws_cloudfront_origin_request_policy",
  "aws_cloudfront_response_headers_policy",
  "aws_cloudfront_cache_policy",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_log_resource_policy",
  "aws_cognito_resource_server",
  "aws_cognito_user_pool_client",
  "aws_cognito_user_pool_domain",
  "aws_default_security_group",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_kms_key",
  "aws_kms_alias",
  "aws_lambda_permission",
  "aws_route53_record",
  "aws_route_table",
  "aws_route_table_association",
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
  "aws_sns_topic_subscription",
  "aws_subnet",
  "aws_vpc",
  "aws_wafv2_web_acl_association",
  "aws_wafv2_web_acl_logging_configuration",
] as const;

/** How each resource type appears: as a node of a kind, or folded into the nodes it connects (`hidden`). */
export const RESOURCE_KINDS: Readonly<Record<string, ResourceKind | "hidden">> = {
  ...SHOWN_TYPES,
  ...Object.fromEntries(HIDDEN_TYPES.map((type) => [type, "hidden" as const])),
};

/** Left to right: the order a request travels. Edges always point down this order. */
const FLOW: readonly ResourceKind[] = [
  "cdn",
  "waf",
  "domain",
  "network",
  "api",
  "authorizer",
  "function",
  "userpool",
  "table",
  "alarm",
  "topic",
];

/** Kind pairs joined when plumbing (routes, integrations, policies, associations...) connects them. */
const LINKED_THROUGH_PLUMBING = new Set([
  "cdn>api",
  "waf>api",
  "domain>api",
  "network>api",
  "api>authorizer",
  "api>function",
  "function>table",
  "alarm>topic",
]);

export class UnknownResourceTypeError extends Error {}

/** The diagram of one stack. Throws for a resource type it does not know how to show. */
export function stackGraph(json: TerraformJson): Diagram {
  const stack = new SynthesizedStack(json);
  const resources = stack.resources;
  const unknown = [...new Set(resources.map((r) => r.type).filter((type) => !(type in RESOURCE_KINDS)))];
  if (unknown.length > 0) {
    throw new UnknownResourceTypeError(
      `the diagram does not know ${unknown.join(", ")}: add each to RESOURCE_KINDS or HIDDEN_TYPES in diagrams/graph.ts`,
    );
  }
  const kindOf = (address: string) => RESOURCE_KINDS[address.slice(0, address.indexOf("."))];
  const references = new Map(resources.map((r) => [r.address, referencedResources(r)]));
  const authorizerFunctions = new Set(
    [...references]
      .filter(([address]) => kindOf(address) === "authorizer")
      .flatMap(([, targets]) => [...targets].filter((target) => kindOf(target) === "function")),
  );
  const edges = new Set<string>();
  const addEdge = (a: string, b: string, viaPlumbing: boolean) => {
    const [from, to] = flowIndex(kindOf(a)) <= flowIndex(kindOf(b)) ? [a, b] : [b, a];
    const pair = `${kindOf(from)}>${kindOf(to)}`;
    if (from === to || (viaPlumbing && !LINKED_THROUGH_PLUMBING.has(pair))) return;
    // Alarms watch everything; show only where they notify.
    if ((kindOf(from) === "alarm" || kindOf(to) === "alarm") && pair !== "alarm>topic") return;
    // An authorizer's function is reached through the authorizer, not straight from the API.
    if (viaPlumbing && pair === "api>function" && authorizerFunctions.has(to)) return;
    edges.add(`${from}|${to}`);
  };

  // Direct references between shown resources.
  for (const [address, targets] of references) {
    if (kindOf(address) === "hidden") continue;
    for (const target of targets)
      if (references.has(target) && kindOf(target) !== "hidden") addEdge(address, target, false);
  }
  // Shown resources connected through a group of plumbing resources.
  for (const group of hiddenGroups(references, kindOf)) {
    const shown = new Set<string>();
    for (const member of group) {
      for (const target of references.get(member) ?? [])
        if (references.has(target) && kindOf(target) !== "hidden") shown.add(target);
    }
    for (const [address, targets] of references) {
      if (kindOf(address) !== "hidden" && [...targets].some((target) => group.has(target)))
        shown.add(address);
    }
    const list = [...shown].sort();
    for (const a of list) for (const b of list) if (a < b) addEdge(a, b, true);
  }

  const shownResources = resources
    .filter((r) => kindOf(r.address) !== "hidden" && kindOf(r.address) !== "alarm")
    .sort((a, b) => flowIndex(kindOf(a.address)) - flowIndex(kindOf(b.address)));
  const alarms = resources.filter((r) => kindOf(r.address) === "alarm");
  const ids = new Map<string, string>();
  const nodes: DiagramNode[] = [{ id: "client", kind: "client", lines: ["Client"], addresses: [] }];
  for (const resource of shownResources) {
    const id = `n${ids.size + 1}`;
    ids.set(resource.address, id);
    nodes.push({
      id,
      kind: kindOf(resource.address) as ResourceKind,
      lines: labelOf(resource.type, resource.block),
      addresses: [resource.address],
    });
  }
  if (alarms.length > 0) {
    for (const alarm of alarms) ids.set(alarm.address, "alarms");
    nodes.push({
      id: "alarms",
      kind: "alarm",
      lines: [`${alarms.length} CloudWatch alarms`],
      addresses: alarms.map((alarm) => alarm.address),
    });
  }
  const entry = shownResources.find((r) =>
    ["cdn", "waf", "domain", "network"].includes(kindOf(r.address)),
  )?.address;
  const apis = shownResources.filter((r) => kindOf(r.address) === "api").map((r) => r.address);
  const fromClient = (entry ? [entry] : apis).map((target) => ({
    from: "client",
    to: String(ids.get(target)),
  }));
  const inner = new Map<string, DiagramEdge>();
  for (const edge of edges) {
    const [from, to] = edge.split("|").map((address) => String(ids.get(address)));
    inner.set(`${from} --> ${to}`, { from, to });
  }
  const sorted = [...inner.keys()].sort().map((key) => inner.get(key) as DiagramEdge);
  return { nodes, edges: [...fromClient, ...sorted] };
}

function flowIndex(kind: string): number {
  return FLOW.indexOf(kind as ResourceKind);
}

/** The resources a resource's block references (by attribute), as `type.name`. */
function referencedResources(resource: Resource): Set<string> {
  const found = new Set<string>();
  for (const { reference } of referencesIn(resource.block))
    if (reference.kind === "resource" && reference.attribute !== undefined) found.add(reference.address);
  return found;
}

/** Connected groups of hidden resources (by references in either direction). */
function hiddenGroups(
  references: Map<string, Set<string>>,
  kindOf: (address: string) => string,
): Set<string>[] {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    neighbours.get(a)?.add(b);
  };
  for (const [address, targets] of references) {
    if (kindOf(address) !== "hidden") continue;
    link(address, address);
    for (const target of targets) {
      if (references.has(target) && kindOf(target) === "hidden") {
        link(address, target);
        link(target, address);
      }
    }
  }
  const groups: Set<string>[] = [];
  const seen = new Set<string>();
  for (const start of neighbours.keys()) {
    if (seen.has(start)) continue;
    const group = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const current = queue.pop() as string;
      if (seen.has(current)) continue;
      seen.add(current);
      group.add(current);
      for (const next of neighbours.get(current) ?? []) queue.push(next);
    }
    groups.push(group);
  }
  return groups;
}

const TITLES: Record<string, string> = {
  aws_cloudfront_distribution: "CloudFront",
  aws_wafv2_web_acl: "WAF web ACL",
  aws_api_gateway_domain_name: "Custom domain",
  aws_apigatewayv2_domain_name: "Custom domain",
  aws_vpc_endpoint: "VPC endpoint",
  aws_apigatewayv2_authorizer: "Authorizer",
  aws_api_gateway_authorizer: "Authorizer",
  aws_cognito_user_pool: "Cognito user pool",
  aws_lambda_function: "Lambda",
  aws_dynamodb_table: "DynamoDB",
  aws_sns_topic: "SNS alarm topic",
};

function labelOf(type: string, block: Block): string[] {
  const text = (key: string) =>
    typeof block[key] === "string" && !String(block[key]).includes("${") ? String(block[key]) : "";
  switch (type) {
    case "aws_apigatewayv2_api":
      return [text("protocol_type") === "WEBSOCKET" ? "WebSocket API" : "HTTP API", text("name")];
    case "aws_api_gateway_rest_api": {
      const types = (block.endpoint_configuration as { types?: string[] } | undefined)?.types ?? [];
      return [`REST API ${types.join(", ")}`, text("name")];
    }
    case "aws_apigatewayv2_authorizer":
    case "aws_api_gateway_authorizer":
      return [`${text("authorizer_type") || text("type")} authorizer`, text("name")];
    case "aws_vpc_endpoint":
      return ["VPC endpoint", text("service_name").split(".").pop() ?? ""];
    default: {
      const name = text("function_name") || text("name") || text("domain_name");
      return name ? [TITLES[type], name] : [TITLES[type]];
    }
  }
}

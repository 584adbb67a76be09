/**
 * Renders a stack's synthesized Terraform JSON (`cdktf.out/stacks/<id>/cdk.tf.json`) as a Mermaid flowchart:
 * client, edge pieces (CloudFront, WAF, custom domain, VPC endpoint), the API, its authorizers, functions,
 * tables and user pools, and the alarm topic. It reads only the JSON, so the diagram shows what a forked or
 * edited stack really synthesizes. Imports nothing from cdktf.
 */

export type NodeKind =
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

/** Resource types shown as nodes, by kind. */
const SHOWN_TYPES: Readonly<Record<string, NodeKind>> = {
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
export const RESOURCE_KINDS: Readonly<Record<string, NodeKind | "hidden">> = {
  ...SHOWN_TYPES,
  ...Object.fromEntries(HIDDEN_TYPES.map((type) => [type, "hidden" as const])),
};

/** Left to right: the order a request travels. Edges always point down this order. */
const FLOW: readonly NodeKind[] = [
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

const SHAPES: Record<NodeKind, (label: string) => string> = {
  cdn: (l) => `{{"${l}"}}`,
  waf: (l) => `{{"${l}"}}`,
  domain: (l) => `(["${l}"])`,
  network: (l) => `{{"${l}"}}`,
  api: (l) => `["${l}"]`,
  authorizer: (l) => `>"${l}"]`,
  userpool: (l) => `[("${l}")]`,
  function: (l) => `("${l}")`,
  table: (l) => `[("${l}")]`,
  alarm: (l) => `["${l}"]`,
  topic: (l) => `(["${l}"])`,
};

type Block = Record<string, unknown>;
export interface StackJson {
  resource?: Record<string, Record<string, Block>>;
}

export class UnknownResourceTypeError extends Error {}

/** The Mermaid flowchart of one stack. Throws for a resource type it does not know how to show. */
export function stackDiagram(json: StackJson): string {
  const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, block]) => ({ address: `${type}.${name}`, type, block })),
  );
  const unknown = [...new Set(resources.map((r) => r.type).filter((type) => !(type in RESOURCE_KINDS)))];
  if (unknown.length > 0) {
    throw new UnknownResourceTypeError(
      `the diagram does not know ${unknown.join(", ")}: add each to RESOURCE_KINDS or HIDDEN_TYPES in stacks/diagram.ts`,
    );
  }
  const kindOf = (address: string) => RESOURCE_KINDS[address.slice(0, address.indexOf("."))];
  const references = new Map(resources.map((r) => [r.address, referencesIn(r.block)]));

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

  const shownResources = resources.filter(
    (r) => kindOf(r.address) !== "hidden" && kindOf(r.address) !== "alarm",
  );
  const alarms = resources.filter((r) => kindOf(r.address) === "alarm");
  const ids = new Map<string, string>();
  const lines = ["flowchart LR", '  client(("Client"))'];
  for (const resource of shownResources.sort(
    (a, b) => flowIndex(kindOf(a.address)) - flowIndex(kindOf(b.address)),
  )) {
    const id = `n${ids.size + 1}`;
    ids.set(resource.address, id);
    lines.push(
      `  ${id}${SHAPES[kindOf(resource.address) as NodeKind](labelOf(resource.type, resource.block))}`,
    );
  }
  if (alarms.length > 0) {
    ids.set("alarms", "alarms");
    lines.push(`  alarms${SHAPES.alarm(`${alarms.length} CloudWatch alarms`)}`);
  }
  const entry = shownResources.find((r) =>
    ["cdn", "waf", "domain", "network"].includes(kindOf(r.address)),
  )?.address;
  const apis = shownResources.filter((r) => kindOf(r.address) === "api").map((r) => r.address);
  for (const target of entry ? [entry] : apis) lines.push(`  client --> ${ids.get(target)}`);
  const edgeLines = [...edges]
    .map((edge) => edge.split("|").map((address) => (kindOf(address) === "alarm" ? "alarms" : address)))
    .map(([from, to]) => `  ${ids.get(from)} --> ${ids.get(to)}`);
  lines.push(...[...new Set(edgeLines)].sort());
  return lines.join("\n");
}

function flowIndex(kind: string): number {
  return FLOW.indexOf(kind as NodeKind);
}

/** Every `${type.name...}` reference inside a block, as `type.name`. */
function referencesIn(block: unknown): Set<string> {
  const found = new Set<string>();
  const text = JSON.stringify(block);
  for (const match of text.matchAll(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g))
    found.add(`${match[1]}.${match[2]}`);
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

function labelOf(type: string, block: Block): string {
  const text = (key: string) =>
    typeof block[key] === "string" && !String(block[key]).includes("${") ? String(block[key]) : "";
  switch (type) {
    case "aws_apigatewayv2_api":
      return `${text("protocol_type") === "WEBSOCKET" ? "WebSocket API" : "HTTP API"}<br/>${text("name")}`;
    case "aws_api_gateway_rest_api": {
      const types = (block.endpoint_configuration as { types?: string[] } | undefined)?.types ?? [];
      return `REST API ${types.join(", ")}<br/>${text("name")}`;
    }
    case "aws_apigatewayv2_authorizer":
    case "aws_api_gateway_authorizer":
      return `${text("authorizer_type") || text("type")} authorizer<br/>${text("name")}`;
    case "aws_vpc_endpoint":
      return `VPC endpoint<br/>${text("service_name").split(".").pop() ?? ""}`;
    default: {
      const name = text("function_name") || text("name") || text("domain_name");
      return name ? `${TITLES[type]}<br/>${name}` : TITLES[type];
    }
  }
}

/** The diagram as a fenced Mermaid block for a README (GitHub renders it). */
export function mermaidBlock(json: StackJson): string {
  return `\`\`\`mermaid\n${stackDiagram(json)}\n\`\`\``;
}

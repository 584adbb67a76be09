/** API Gateway rules (REST, HTTP and WebSocket APIs), from checkov and cdk-nag; see docs/security-baseline.md. */
import { at, each, isTrue } from "../../../tfjson/blocks";
import type { ResourceView, Rule, StackView } from "../model";

const REST_STAGE = "aws_api_gateway_stage";
const V2_STAGE = "aws_apigatewayv2_stage";

/** The method settings of a REST stage that apply to every method (`method_path` "*" + "/*"). */
function allMethodSettings(stage: ResourceView, stack: StackView): ResourceView | undefined {
  return stack
    .referencing(stage, "aws_api_gateway_method_settings")
    .find((settings) => settings.block.method_path === "*/*");
}

function restApiOf(resource: ResourceView, stack: StackView): ResourceView | undefined {
  return stack.resolve(resource.block.rest_api_id);
}

function endpointTypes(api: ResourceView | undefined): string[] {
  return (at(api?.block, "endpoint_configuration", "types") as string[] | undefined) ?? [];
}

function wafAclOf(stage: ResourceView, stack: StackView): ResourceView | undefined {
  const association = stack.referencing(stage, "aws_wafv2_web_acl_association")[0];
  return association ? stack.resolve(association.block.web_acl_arn) : undefined;
}

/** Names of the AWS managed rule groups a web ACL uses. */
export function managedRuleGroups(acl: ResourceView): string[] {
  return each(acl.block.rule).map((rule) =>
    String(at(rule, "statement", "managed_rule_group_statement", "name") ?? ""),
  );
}

export const TLS12_POLICIES = [
  "TLS_1_2",
  "SecurityPolicy_TLS12_2018_EDGE",
  "SecurityPolicy_TLS12_PFS_2025_EDGE",
  "SecurityPolicy_TLS13_1_2_2021_06",
  "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
  "SecurityPolicy_TLS13_1_2_PQ_2025_09",
  "SecurityPolicy_TLS13_1_3_2025_09",
  "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
  "SecurityPolicy_TLS13_2025_EDGE",
];

export const apiGatewayRules: Rule[] = [
  {
    id: "CKV_AWS_237",
    types: ["aws_api_gateway_rest_api"],
    requirement: "REST API: `lifecycle { create_before_destroy = true }`",
    fix: "set lifecycle.createBeforeDestroy on the aws_api_gateway_rest_api",
    check: (api) =>
      isTrue(at(api.block, "lifecycle", "create_before_destroy"))
        ? undefined
        : "create_before_destroy is not set",
  },
  {
    id: "CKV_AWS_217",
    types: ["aws_api_gateway_deployment"],
    requirement: "REST deployment: `lifecycle { create_before_destroy = true }`",
    fix: "set lifecycle.createBeforeDestroy on the aws_api_gateway_deployment",
    check: (deployment) =>
      isTrue(at(deployment.block, "lifecycle", "create_before_destroy"))
        ? undefined
        : "create_before_destroy is not set",
  },
  {
    id: "CKV_AWS_76",
    equivalents: ["APIG1", "APIGWAccessLogging"],
    types: [REST_STAGE, V2_STAGE],
    requirement: "stage: access logs with a destination and a format",
    fix: "set access_log_settings { destination_arn = <log group arn>, format = <JSON format> } on the stage",
    check: (stage) => {
      if (!at(stage.block, "access_log_settings", "destination_arn"))
        return "access_log_settings.destination_arn is missing";
      if (!at(stage.block, "access_log_settings", "format")) return "access_log_settings.format is missing";
      return undefined;
    },
  },
  {
    id: "APIGWStructuredLogging",
    types: [REST_STAGE, V2_STAGE],
    requirement: "stage: the access log format is JSON",
    fix: "use a JSON object of $context variables as access_log_settings.format",
    check: (stage) => {
      const format = at(stage.block, "access_log_settings", "format");
      if (typeof format !== "string") return undefined; // CKV_AWS_76 reports the missing format
      try {
        return typeof JSON.parse(format) === "object"
          ? undefined
          : "the access log format is not a JSON object";
      } catch {
        return "the access log format is not JSON";
      }
    },
  },
  {
    id: "CKV_AWS_73",
    equivalents: ["APIGWXrayEnabled"],
    types: [REST_STAGE],
    requirement: "REST stage: X-Ray tracing on",
    fix: "set xray_tracing_enabled = true on the stage",
    check: (stage) =>
      isTrue(stage.block.xray_tracing_enabled) ? undefined : "xray_tracing_enabled is not true",
  },
  {
    id: "CKV_AWS_120",
    types: [REST_STAGE],
    requirement: "REST stage: cache cluster enabled",
    fix: "set cache_cluster_enabled = true (billed per hour) or add a reasoned exception",
    check: (stage) =>
      isTrue(stage.block.cache_cluster_enabled) ? undefined : "cache_cluster_enabled is not true",
  },
  {
    id: "CKV2_AWS_4",
    equivalents: ["APIG6", "APIGWExecutionLoggingEnabled"],
    types: [REST_STAGE],
    requirement: "REST stage: `*/*` method settings with logging level ERROR or INFO and metrics on",
    fix: 'add aws_api_gateway_method_settings { method_path = "*/*", settings { logging_level = "ERROR", metrics_enabled = true } } for the stage',
    check: (stage, stack) => {
      const settings = allMethodSettings(stage, stack);
      if (!settings) return "no */* method settings reference the stage";
      if (!["ERROR", "INFO"].includes(String(at(settings.block, "settings", "logging_level")))) {
        return "the */* logging_level is not ERROR or INFO";
      }
      return isTrue(at(settings.block, "settings", "metrics_enabled"))
        ? undefined
        : "the */* metrics_enabled is not true";
    },
  },
  {
    id: "APIGWDefaultThrottling",
    types: [REST_STAGE, V2_STAGE],
    requirement: "stage: default throttling (rate and burst)",
    fix: "REST: throttling_rate_limit and throttling_burst_limit in the */* method settings; HTTP/WebSocket: in default_route_settings",
    check: (stage, stack) => {
      const settings =
        stage.type === REST_STAGE
          ? at(allMethodSettings(stage, stack)?.block, "settings")
          : at(stage.block, "default_route_settings");
      const rate = at(settings, "throttling_rate_limit");
      const burst = at(settings, "throttling_burst_limit");
      return typeof rate === "number" && typeof burst === "number"
        ? undefined
        : "the stage has no default rate and burst limits";
    },
  },
  {
    id: "CKV2_AWS_29",
    equivalents: ["APIG3", "APIGWAssociatedWithWAF"],
    types: [REST_STAGE],
    requirement: "REST stage of a REGIONAL or EDGE API: associated with a WAFv2 web ACL",
    fix: "add an aws_wafv2_web_acl_association with resource_arn = the stage arn",
    check: (stage, stack) => {
      if (endpointTypes(restApiOf(stage, stack)).includes("PRIVATE")) return undefined;
      return wafAclOf(stage, stack) ? undefined : "no WAFv2 web ACL is associated with the stage";
    },
  },
  {
    id: "CKV2_AWS_77",
    types: [REST_STAGE],
    requirement:
      "the stage's web ACL has AWSManagedRulesAnonymousIpList and AWSManagedRulesKnownBadInputsRuleSet",
    fix: "add both AWS managed rule groups to the web ACL",
    check: (stage, stack) => {
      const acl = wafAclOf(stage, stack);
      if (!acl) return undefined;
      const groups = managedRuleGroups(acl);
      const missing = ["AWSManagedRulesAnonymousIpList", "AWSManagedRulesKnownBadInputsRuleSet"].filter(
        (g) => !groups.includes(g),
      );
      return missing.length === 0 ? undefined : `the web ACL lacks ${missing.join(" and ")}`;
    },
  },
  {
    id: "CKV2_AWS_51",
    equivalents: ["APIGWSSLEnabled"],
    types: [REST_STAGE, V2_STAGE],
    requirement: "REST and WebSocket stages: a client certificate for backend authentication",
    fix: "set client_certificate_id (aws_api_gateway_client_certificate) or add a reasoned exception",
    check: (stage, stack) => {
      if (stage.type === V2_STAGE && stack.resolve(stage.block.api_id)?.block.protocol_type !== "WEBSOCKET")
        return undefined;
      return stage.block.client_certificate_id ? undefined : "client_certificate_id is not set";
    },
  },
  {
    id: "CKV_AWS_59",
    types: ["aws_api_gateway_method"],
    requirement: "REST method other than OPTIONS: an authorizer or an API key",
    fix: "set authorization (AWS_IAM, COGNITO_USER_POOLS or CUSTOM) or api_key_required = true",
    check: (method) => {
      if (method.block.http_method === "OPTIONS") return undefined;
      const open =
        [undefined, "NONE"].includes(method.block.authorization as string) &&
        !isTrue(method.block.api_key_required);
      return open ? `${method.block.http_method} has authorization NONE and no API key` : undefined;
    },
  },
  {
    id: "APIG4",
    equivalents: ["APIGWAuthorization"],
    types: ["aws_api_gateway_method", "aws_apigatewayv2_route"],
    requirement:
      "every method other than OPTIONS and every route: an authorizer (API keys are not authentication)",
    fix: "set authorization / authorization_type to an authorizer, or add a reasoned exception for a public route",
    check: (resource) => {
      if (resource.type === "aws_api_gateway_method") {
        if (resource.block.http_method === "OPTIONS") return undefined;
        return [undefined, "NONE"].includes(resource.block.authorization as string)
          ? `${resource.block.http_method} has authorization NONE`
          : undefined;
      }
      return [undefined, "NONE"].includes(resource.block.authorization_type as string)
        ? `route ${resource.block.route_key} has authorization_type NONE`
        : undefined;
    },
  },
  {
    id: "CKV2_AWS_70",
    types: ["aws_api_gateway_method"],
    requirement:
      "an unauthenticated OPTIONS method only on a PRIVATE API or one whose policy denies by default",
    fix: "make the API PRIVATE, add a resource policy with a Deny, or add a reasoned exception (CORS preflight)",
    check: (method, stack) => {
      if (
        method.block.http_method !== "OPTIONS" ||
        ![undefined, "NONE"].includes(method.block.authorization as string)
      ) {
        return undefined;
      }
      const api = restApiOf(method, stack);
      if (endpointTypes(api).includes("PRIVATE")) return undefined;
      const policies = [
        api?.block.policy,
        ...(api ? stack.referencing(api, "aws_api_gateway_rest_api_policy") : []).map((p) => p.block.policy),
      ];
      return policies.some((policy) => typeof policy === "string" && policy.includes('"Deny"'))
        ? undefined
        : "OPTIONS is open on a public API without a denying resource policy";
    },
  },
  {
    id: "CKV2_AWS_53",
    equivalents: ["APIG2", "APIGWRequestValidation"],
    types: ["aws_api_gateway_method"],
    requirement: "REST method: a request validator that validates body and parameters",
    fix: "create an aws_api_gateway_request_validator with validate_request_body and validate_request_parameters, and set request_validator_id",
    check: (method, stack) => {
      const validator = stack.resolve(method.block.request_validator_id);
      if (!validator) return "request_validator_id is not set";
      return isTrue(validator.block.validate_request_body) &&
        isTrue(validator.block.validate_request_parameters)
        ? undefined
        : "the request validator does not validate both body and parameters";
    },
  },
  {
    id: "CKV_AWS_225",
    equivalents: ["APIGWCacheEnabledAndEncrypted"],
    types: ["aws_api_gateway_method_settings"],
    requirement: "method settings: caching enabled",
    fix: "set settings.caching_enabled = true (needs a stage cache) or add a reasoned exception",
    check: (settings) =>
      isTrue(at(settings.block, "settings", "caching_enabled")) ? undefined : "caching_enabled is not true",
  },
  {
    id: "CKV_AWS_308",
    types: ["aws_api_gateway_method_settings"],
    requirement: "method settings: a cache, when enabled, is encrypted",
    fix: "set settings.cache_data_encrypted = true",
    check: (settings) =>
      isTrue(at(settings.block, "settings", "caching_enabled")) &&
      !isTrue(at(settings.block, "settings", "cache_data_encrypted"))
        ? "caching is on but cache_data_encrypted is not true"
        : undefined,
  },
  {
    id: "CKV_AWS_276",
    types: ["aws_api_gateway_method_settings"],
    requirement: "method settings: data tracing (full request and response bodies in logs) off",
    fix: "set settings.data_trace_enabled = false",
    check: (settings) =>
      isTrue(at(settings.block, "settings", "data_trace_enabled")) ? "data_trace_enabled is true" : undefined,
  },
  {
    id: "CKV_AWS_206",
    types: ["aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"],
    requirement: "custom domain: TLS 1.2 or newer security policy",
    fix: 'set security_policy = "TLS_1_2" (or a SecurityPolicy_TLS13_* policy with endpoint_access_mode = "STRICT")',
    check: (domain) => {
      const policy =
        domain.type === "aws_apigatewayv2_domain_name"
          ? at(domain.block, "domain_name_configuration", "security_policy")
          : domain.block.security_policy;
      return TLS12_POLICIES.includes(String(policy))
        ? undefined
        : `security_policy is ${JSON.stringify(policy)}`;
    },
  },
  {
    id: "CKV_AWS_309",
    types: ["aws_apigatewayv2_route"],
    requirement: "HTTP/WebSocket route: authorization type AWS_IAM, CUSTOM or JWT",
    fix: "set authorization_type and authorizer_id, or add a reasoned exception for a public route",
    check: (route) =>
      ["AWS_IAM", "CUSTOM", "JWT"].includes(String(route.block.authorization_type))
        ? undefined
        : `route ${route.block.route_key} has authorization_type ${JSON.stringify(route.block.authorization_type ?? "NONE")}`,
  },
];

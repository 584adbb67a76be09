/**
 * Each baseline rule fires: a minimal stack that breaks it fails the check main.ts runs after every synth,
 * naming the rule's id, and the same stack fixed passes. Only the rule under test runs, without exceptions, so
 * each case shows exactly one rule. (test/app/baseline-synth.test.ts shows a violation failing `npm run synth`.)
 */
import { TerraformStack, Testing } from "cdktf";
import { BASELINE_RULES, describeViolation, evaluateBaseline } from "../../../constructs/guardrails/baseline";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function synthWith(ruleId: string, resources: Resources): () => void {
  const rule = BASELINE_RULES.find((candidate) => candidate.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const app = Testing.app();
  const stack = new TerraformStack(app, "minimal");
  stack.addOverride("resource", resources);
  return () => {
    const json = JSON.parse(Testing.synth(stack));
    const errors = evaluateBaseline(stack.node.id, json, [rule], []).violations.map(describeViolation);
    if (errors.length > 0) throw new Error(errors.join("\n"));
  };
}

const ref = (address: string, attribute = "id") => `\${${address}.${attribute}}`;

const lambda = {
  function_name: "f",
  runtime: "nodejs22.x",
  memory_size: 256,
  timeout: 10,
  tracing_config: { mode: "Active" },
  environment: { variables: { TABLE_NAME: "items" } },
  kms_key_arn: "arn:aws:kms:us-east-1:111122223333:key/1",
  reserved_concurrent_executions: 5,
  dead_letter_config: { target_arn: "arn:aws:sqs:us-east-1:111122223333:dlq" },
  vpc_config: { subnet_ids: ["s"], security_group_ids: ["g"] },
  code_signing_config_arn: "arn:aws:lambda:us-east-1:111122223333:code-signing-config:csc-1",
};
const restApi = {
  name: "api",
  endpoint_configuration: { types: ["REGIONAL"] },
  lifecycle: { create_before_destroy: true },
};
const accessLogs = {
  destination_arn: "arn:aws:logs:us-east-1:111122223333:log-group:a",
  format: '{"requestId":"$context.requestId"}',
};
const restStage = {
  rest_api_id: ref("aws_api_gateway_rest_api.api"),
  stage_name: "dev",
  access_log_settings: accessLogs,
  xray_tracing_enabled: true,
  cache_cluster_enabled: true,
  client_certificate_id: "cert",
};
const methodSettings = {
  rest_api_id: ref("aws_api_gateway_rest_api.api"),
  stage_name: ref("aws_api_gateway_stage.stage", "stage_name"),
  method_path: "*/*",
  settings: {
    logging_level: "ERROR",
    metrics_enabled: true,
    throttling_rate_limit: 10,
    throttling_burst_limit: 20,
    caching_enabled: true,
    cache_data_encrypted: true,
    data_trace_enabled: false,
  },
};
const managedGroup = (name: string) => ({
  name,
  override_action: { none: {} },
  statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } },
});
const webAcl = {
  name: "acl",
  rule: [
    managedGroup("AWSManagedRulesAnonymousIpList"),
    managedGroup("AWSManagedRulesKnownBadInputsRuleSet"),
  ],
};
const restWithStage = (stage: object, settings: Record<string, unknown> = methodSettings): Resources => ({
  aws_api_gateway_rest_api: { api: restApi },
  aws_api_gateway_stage: { stage: { ...restStage, ...stage } },
  aws_api_gateway_method_settings: { all: settings },
  aws_wafv2_web_acl: { acl: webAcl },
  aws_wafv2_web_acl_association: {
    waf: {
      resource_arn: ref("aws_api_gateway_stage.stage", "arn"),
      web_acl_arn: ref("aws_wafv2_web_acl.acl", "arn"),
    },
  },
});
const method = (fields: object): Resources => ({
  aws_api_gateway_rest_api: { api: restApi },
  aws_api_gateway_request_validator: {
    all: {
      rest_api_id: ref("aws_api_gateway_rest_api.api"),
      validate_request_body: true,
      validate_request_parameters: true,
    },
  },
  aws_api_gateway_method: {
    m: {
      rest_api_id: ref("aws_api_gateway_rest_api.api"),
      http_method: "GET",
      authorization: "CUSTOM",
      request_validator_id: ref("aws_api_gateway_request_validator.all"),
      ...fields,
    },
  },
});
const v2 = (protocol: string, stage: object, route: object = {}): Resources => ({
  aws_apigatewayv2_api: { api: { name: "api", protocol_type: protocol } },
  aws_apigatewayv2_stage: {
    stage: {
      api_id: ref("aws_apigatewayv2_api.api"),
      name: "dev",
      access_log_settings: accessLogs,
      default_route_settings: { throttling_rate_limit: 10, throttling_burst_limit: 20 },
      client_certificate_id: "cert",
      ...stage,
    },
  },
  aws_apigatewayv2_route: {
    r: { api_id: ref("aws_apigatewayv2_api.api"), route_key: "GET /x", authorization_type: "JWT", ...route },
  },
});
const policy = (statement: object): Resources => ({
  aws_iam_role_policy: {
    p: { role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) },
  },
});
const role = (principal: object, attachment?: string): Resources => ({
  aws_iam_role: {
    r: {
      name: "r",
      assume_role_policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
      }),
    },
  },
  ...(attachment
    ? {
        aws_iam_role_policy_attachment: {
          a: { role: ref("aws_iam_role.r", "name"), policy_arn: attachment },
        },
      }
    : {}),
});
const securityGroup = (group: object, ingress: object, egress?: object): Resources => ({
  aws_vpc_endpoint: {
    e: {
      service_name: "com.amazonaws.us-east-1.execute-api",
      security_group_ids: [ref("aws_security_group.g")],
    },
  },
  aws_security_group: { g: { description: "endpoint", ...group } },
  aws_vpc_security_group_ingress_rule: {
    in: {
      security_group_id: ref("aws_security_group.g"),
      description: "https",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      ...ingress,
    },
  },
  ...(egress
    ? {
        aws_vpc_security_group_egress_rule: {
          out: { security_group_id: ref("aws_security_group.g"), ...egress },
        },
      }
    : {}),
});
const vpc = (fields: object, defaultGroup: object | undefined = {}, flowLog = true): Resources => ({
  aws_vpc: {
    v: { cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true, ...fields },
  },
  aws_vpc_endpoint: { e: { vpc_id: ref("aws_vpc.v"), service_name: "com.amazonaws.us-east-1.execute-api" } },
  ...(defaultGroup
    ? { aws_default_security_group: { d: { vpc_id: ref("aws_vpc.v"), ...defaultGroup } } }
    : {}),
  ...(flowLog ? { aws_flow_log: { f: { vpc_id: ref("aws_vpc.v"), traffic_type: "ALL" } } } : {}),
});
const distribution = (fields: object): Resources => ({
  aws_wafv2_web_acl: { acl: webAcl },
  aws_cloudfront_distribution: {
    d: {
      enabled: true,
      default_root_object: "index.html",
      web_acl_id: ref("aws_wafv2_web_acl.acl", "arn"),
      logging_config: { bucket: "logs.s3.amazonaws.com" },
      restrictions: { geo_restriction: { restriction_type: "whitelist", locations: ["DE"] } },
      origin_group: [
        {
          origin_id: "g",
          failover_criteria: { status_codes: [500] },
          member: [{ origin_id: "a" }, { origin_id: "b" }],
        },
      ],
      origin: [
        {
          origin_id: "a",
          domain_name: "a.example.com",
          custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
        },
      ],
      default_cache_behavior: {
        viewer_protocol_policy: "redirect-to-https",
        response_headers_policy_id: "p",
      },
      viewer_certificate: {
        acm_certificate_arn: "arn:aws:acm:us-east-1:1:certificate/1",
        ssl_support_method: "sni-only",
        minimum_protocol_version: "TLSv1.2_2021",
      },
      ...fields,
    },
  },
});
const acl = (rules: unknown[], logged = true): Resources => ({
  aws_wafv2_web_acl: { acl: { name: "acl", rule: rules } },
  ...(logged
    ? {
        aws_wafv2_web_acl_logging_configuration: { l: { resource_arn: ref("aws_wafv2_web_acl.acl", "arn") } },
      }
    : {}),
});
const table = (fields: object): Resources => ({
  aws_dynamodb_table: {
    t: {
      name: "t",
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: "arn:aws:kms:us-east-1:1:key/1" },
      ...fields,
    },
  },
});
const key = (fields: object): Resources => ({
  aws_kms_key: {
    k: {
      enable_key_rotation: true,
      policy: '{"Statement":[{"Principal":{"AWS":"arn:aws:iam::1:root"}}]}',
      ...fields,
    },
  },
});

/** [rule, a stack that breaks it, the same stack fixed]. */
const cases: [string, Resources, Resources][] = [
  [
    "CKV_AWS_237",
    { aws_api_gateway_rest_api: { api: { ...restApi, lifecycle: undefined } } },
    { aws_api_gateway_rest_api: { api: restApi } },
  ],
  [
    "CKV_AWS_217",
    { aws_api_gateway_deployment: { d: { rest_api_id: "x" } } },
    { aws_api_gateway_deployment: { d: { lifecycle: { create_before_destroy: true } } } },
  ],
  ["CKV_AWS_76", restWithStage({ access_log_settings: undefined }), restWithStage({})],
  ["CKV_AWS_76", v2("HTTP", { access_log_settings: { destination_arn: "arn" } }), v2("HTTP", {})],
  [
    "APIGWStructuredLogging",
    restWithStage({ access_log_settings: { ...accessLogs, format: "$context.requestId" } }),
    restWithStage({}),
  ],
  ["CKV_AWS_73", restWithStage({ xray_tracing_enabled: false }), restWithStage({})],
  ["CKV_AWS_120", restWithStage({ cache_cluster_enabled: false }), restWithStage({})],
  [
    "CKV2_AWS_4",
    restWithStage({}, { ...methodSettings, settings: { ...methodSettings.settings, logging_level: "OFF" } }),
    restWithStage({}),
  ],
  [
    "APIGWDefaultThrottling",
    restWithStage({}, { ...methodSettings, settings: { logging_level: "ERROR" } }),
    restWithStage({}),
  ],
  ["APIGWDefaultThrottling", v2("HTTP", { default_route_settings: undefined }), v2("HTTP", {})],
  [
    "CKV2_AWS_29",
    { ...restWithStage({}), aws_wafv2_web_acl_association: {} },
    {
      ...restWithStage({}),
      aws_api_gateway_rest_api: { api: { ...restApi, endpoint_configuration: { types: ["PRIVATE"] } } },
      aws_wafv2_web_acl_association: {},
    },
  ],
  [
    "CKV2_AWS_77",
    {
      ...restWithStage({}),
      aws_wafv2_web_acl: { acl: { name: "acl", rule: [managedGroup("AWSManagedRulesCommonRuleSet")] } },
    },
    restWithStage({}),
  ],
  ["CKV2_AWS_51", restWithStage({ client_certificate_id: undefined }), restWithStage({})],
  [
    "CKV2_AWS_51",
    v2("WEBSOCKET", { client_certificate_id: undefined }),
    v2("HTTP", { client_certificate_id: undefined }),
  ],
  [
    "CKV_AWS_59",
    method({ authorization: "NONE" }),
    method({ authorization: "NONE", api_key_required: true }),
  ],
  ["APIG4", method({ authorization: "NONE", api_key_required: true }), method({ authorization: "AWS_IAM" })],
  ["APIG4", v2("HTTP", {}, { authorization_type: "NONE" }), v2("HTTP", {})],
  [
    "CKV2_AWS_70",
    method({ http_method: "OPTIONS", authorization: "NONE" }),
    {
      ...method({ http_method: "OPTIONS", authorization: "NONE" }),
      aws_api_gateway_rest_api: { api: { ...restApi, policy: '{"Statement":[{"Effect":"Deny"}]}' } },
    },
  ],
  ["CKV2_AWS_53", method({ request_validator_id: undefined }), method({})],
  [
    "CKV_AWS_225",
    restWithStage(
      {},
      { ...methodSettings, settings: { ...methodSettings.settings, caching_enabled: false } },
    ),
    restWithStage({}),
  ],
  [
    "CKV_AWS_308",
    restWithStage(
      {},
      { ...methodSettings, settings: { ...methodSettings.settings, cache_data_encrypted: false } },
    ),
    restWithStage({}),
  ],
  [
    "CKV_AWS_276",
    restWithStage(
      {},
      { ...methodSettings, settings: { ...methodSettings.settings, data_trace_enabled: true } },
    ),
    restWithStage({}),
  ],
  [
    "CKV_AWS_206",
    { aws_api_gateway_domain_name: { d: { domain_name: "api.example.com", security_policy: "TLS_1_0" } } },
    { aws_api_gateway_domain_name: { d: { domain_name: "api.example.com", security_policy: "TLS_1_2" } } },
  ],
  [
    "CKV_AWS_309",
    v2("HTTP", {}, { authorization_type: "NONE" }),
    v2("HTTP", {}, { authorization_type: "AWS_IAM" }),
  ],
  [
    "CKV_AWS_50",
    { aws_lambda_function: { f: { ...lambda, tracing_config: { mode: "PassThrough" } } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_45",
    {
      aws_lambda_function: { f: { ...lambda, environment: { variables: { KEY: "AKIAABCDEFGHIJKLMNOP" } } } },
    },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_45",
    { aws_lambda_function: { f: { ...lambda, environment: { variables: { DB_PASSWORD: "hunter2" } } } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_173",
    { aws_lambda_function: { f: { ...lambda, kms_key_arn: undefined } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_115",
    { aws_lambda_function: { f: { ...lambda, reserved_concurrent_executions: undefined } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_116",
    { aws_lambda_function: { f: { ...lambda, dead_letter_config: undefined } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_117",
    { aws_lambda_function: { f: { ...lambda, vpc_config: undefined } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_272",
    { aws_lambda_function: { f: { ...lambda, code_signing_config_arn: undefined } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_363",
    { aws_lambda_function: { f: { ...lambda, runtime: "nodejs16.x" } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "LambdaDefaultMemorySize",
    { aws_lambda_function: { f: { ...lambda, memory_size: undefined } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "LambdaDefaultTimeout",
    { aws_lambda_function: { f: { ...lambda, timeout: undefined } } },
    { aws_lambda_function: { f: lambda } },
  ],
  [
    "CKV_AWS_301",
    { aws_lambda_permission: { p: { principal: "*" } } },
    { aws_lambda_permission: { p: { principal: "apigateway.amazonaws.com", source_arn: "arn" } } },
  ],
  [
    "CKV_AWS_364",
    { aws_lambda_permission: { p: { principal: "apigateway.amazonaws.com" } } },
    { aws_lambda_permission: { p: { principal: "apigateway.amazonaws.com", source_arn: "arn" } } },
  ],
  ["CKV_AWS_28", table({ point_in_time_recovery: { enabled: false } }), table({})],
  ["CKV_AWS_119", table({ server_side_encryption: { enabled: true } }), table({})],
  ["CKV2_AWS_16", table({ billing_mode: "PROVISIONED" }), table({})],
  [
    "CKV_AWS_66",
    { aws_cloudwatch_log_group: { l: { name: "l" } } },
    { aws_cloudwatch_log_group: { l: { name: "l", retention_in_days: 365 } } },
  ],
  [
    "CKV_AWS_338",
    { aws_cloudwatch_log_group: { l: { retention_in_days: 30 } } },
    { aws_cloudwatch_log_group: { l: { retention_in_days: 400 } } },
  ],
  [
    "CKV_AWS_158",
    { aws_cloudwatch_log_group: { l: { retention_in_days: 365 } } },
    { aws_cloudwatch_log_group: { l: { retention_in_days: 365, kms_key_id: "k" } } },
  ],
  ["CKV_AWS_7", key({ enable_key_rotation: false }), key({})],
  ["CKV_AWS_33", key({ policy: '{"Statement":[{"Principal":"*"}]}' }), key({})],
  ["CKV2_AWS_64", key({ policy: undefined }), key({})],
  [
    "CKV_AWS_26",
    { aws_sns_topic: { t: { name: "t" } } },
    { aws_sns_topic: { t: { name: "t", kms_master_key_id: "k" } } },
  ],
  ["CKV_AWS_60", role({ AWS: "*" }), role({ Service: "lambda.amazonaws.com" })],
  [
    "CKV_AWS_61",
    role({ AWS: "arn:aws:iam::111122223333:root" }),
    role({ AWS: "arn:aws:iam::111122223333:role/deployer" }),
  ],
  [
    "CKV_AWS_274",
    role({ Service: "lambda.amazonaws.com" }, "arn:aws:iam::aws:policy/AdministratorAccess"),
    role({ Service: "lambda.amazonaws.com" }, "arn:aws:iam::111122223333:policy/mine"),
  ],
  [
    "IAM4",
    role(
      { Service: "lambda.amazonaws.com" },
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ),
    role({ Service: "lambda.amazonaws.com" }),
  ],
  [
    "CKV_AWS_63",
    policy({ Effect: "Allow", Action: "dynamodb:*", Resource: "arn:t" }),
    policy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "arn:t" }),
  ],
  [
    "CKV_AWS_355",
    policy({ Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: "*" }),
    policy({ Effect: "Allow", Action: ["xray:PutTraceSegments"], Resource: "*" }),
  ],
  [
    "CKV_AWS_23",
    securityGroup({}, { description: undefined, cidr_ipv4: "10.0.0.0/16" }),
    securityGroup({}, { cidr_ipv4: "10.0.0.0/16" }),
  ],
  [
    "CKV_AWS_24",
    securityGroup({}, { cidr_ipv4: "0.0.0.0/0" }),
    securityGroup({}, { cidr_ipv4: "10.0.0.0/16" }),
  ],
  [
    "CKV_AWS_382",
    securityGroup(
      {},
      { cidr_ipv4: "10.0.0.0/16" },
      { description: "all", ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" },
    ),
    securityGroup(
      {},
      { cidr_ipv4: "10.0.0.0/16" },
      { description: "dynamodb", ip_protocol: "tcp", from_port: 443, to_port: 443, prefix_list_id: "pl-1" },
    ),
  ],
  [
    "CKV2_AWS_5",
    { aws_security_group: { g: { description: "unused" } } },
    securityGroup({}, { cidr_ipv4: "10.0.0.0/16" }),
  ],
  ["CKV2_AWS_12", vpc({}, { ingress: [{ self: true, protocol: "-1" }] }), vpc({})],
  ["VPC7", vpc({}, {}, false), vpc({})],
  ["PrivateDns", vpc({ enable_dns_hostnames: false }), vpc({})],
  ["CKV_AWS_175", acl([]), acl([managedGroup("AWSManagedRulesKnownBadInputsRuleSet")])],
  [
    "CKV_AWS_342",
    acl([{ name: "bare", statement: {} }]),
    acl([{ name: "rate", action: { block: {} }, statement: {} }]),
  ],
  [
    "CKV_AWS_192",
    acl([{ ...managedGroup("AWSManagedRulesKnownBadInputsRuleSet"), override_action: { count: {} } }]),
    acl([managedGroup("AWSManagedRulesKnownBadInputsRuleSet")]),
  ],
  [
    "CKV2_AWS_31",
    acl([managedGroup("AWSManagedRulesKnownBadInputsRuleSet")], false),
    acl([managedGroup("AWSManagedRulesKnownBadInputsRuleSet")]),
  ],
  [
    "CKV_AWS_34",
    distribution({
      default_cache_behavior: { viewer_protocol_policy: "allow-all", response_headers_policy_id: "p" },
    }),
    distribution({}),
  ],
  [
    "CKV_AWS_174",
    distribution({ viewer_certificate: { cloudfront_default_certificate: true } }),
    distribution({}),
  ],
  [
    "CKV2_AWS_54",
    distribution({
      origin: [
        {
          origin_id: "a",
          custom_origin_config: { origin_protocol_policy: "match-viewer", origin_ssl_protocols: ["TLSv1.2"] },
        },
      ],
    }),
    distribution({}),
  ],
  ["CKV_AWS_68", distribution({ web_acl_id: undefined }), distribution({})],
  ["CKV_AWS_86", distribution({ logging_config: undefined }), distribution({})],
  [
    "CKV2_AWS_32",
    distribution({ default_cache_behavior: { viewer_protocol_policy: "redirect-to-https" } }),
    distribution({}),
  ],
  [
    "CKV_AWS_259",
    {
      aws_cloudfront_response_headers_policy: {
        p: {
          security_headers_config: {
            strict_transport_security: {
              access_control_max_age_sec: 600,
              include_subdomains: true,
              preload: true,
              override: true,
            },
          },
        },
      },
    },
    {
      aws_cloudfront_response_headers_policy: {
        p: {
          security_headers_config: {
            strict_transport_security: {
              access_control_max_age_sec: 31536000,
              include_subdomains: true,
              preload: true,
              override: true,
            },
          },
        },
      },
    },
  ],
  [
    "CKV_AWS_374",
    distribution({ restrictions: { geo_restriction: { restriction_type: "none" } } }),
    distribution({}),
  ],
  ["CKV_AWS_310", distribution({ origin_group: undefined }), distribution({})],
  ["CKV_AWS_305", distribution({ default_root_object: undefined }), distribution({})],
  ["CKV_AWS_216", distribution({ enabled: false }), distribution({})],
];

describe("baseline rules", () => {
  test.each(cases)("%s fails a stack that breaks it and passes the fixed one", (ruleId, broken, fixed) => {
    expect(synthWith(ruleId, broken)).toThrow(new RegExp(`stack "minimal", \\S+ breaks ${ruleId}\\b`));
    expect(synthWith(ruleId, fixed)).not.toThrow();
  });

  test("every rule has a case", () => {
    const covered = new Set(cases.map(([ruleId]) => ruleId));
    expect(BASELINE_RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test("rule ids are unique, and each says what it requires and how to fix it", () => {
    const ids = BASELINE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of BASELINE_RULES) {
      expect(rule.requirement.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(5);
    }
  });

  test("the violation message names the stack, the resource address, the rule, the problem and the fix", () => {
    expect(synthWith("CKV_AWS_73", restWithStage({ xray_tracing_enabled: false }))).toThrow(
      'security baseline: stack "minimal", aws_api_gateway_stage.stage breaks CKV_AWS_73 (also APIGWXrayEnabled): xray_tracing_enabled is not true. Fix: set xray_tracing_enabled = true on the stage',
    );
  });
});

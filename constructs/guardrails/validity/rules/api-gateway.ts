/**
 * REST API resources (aws_api_gateway_*): the provider's validators and the AWS API model, rule by rule with
 * the source of each. Many API Gateway members are plain strings in the model; their rules come from the API
 * reference's member documentation, API Gateway's quotas page and its "important notes" page, named as such.
 */
import { all, between, type Constraint, count, json, length, oneOf, pattern } from "../constraints";
import {
  attributes,
  type BlockRule,
  conflicting,
  oneOfKeys,
  type RuleSource,
  type ValidityRule,
} from "../rule";

const API = "apigateway 2015-07-09";
const PROVIDER = "internal/service/apigateway";

/** The provider's `validHTTPMethod()` (validate.go), used by method, integration and their responses. */
const HTTP_METHODS = ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;
const METHOD_ALTERNATIVES = HTTP_METHODS.join("|");

/** A name in a mapping expression: the parameter mapping reference requires `[a-zA-Z0-9._$-]+`. */
const PARAMETER_NAME = "[A-Za-z0-9._$-]+";

/** An ARN partition as the provider's `verify.ValidARN` accepts it (`aws`, `aws-cn`, `aws-us-gov`, ...). */
const PARTITION = "aws(?:-[a-z]+)*";

/** Stage names: "alphanumeric characters, hyphens, and underscores", at most 128 (important notes). */
const STAGE_NAME = pattern(/^[A-Za-z0-9_-]{1,128}$/, "1-128 letters, digits, hyphens or underscores");
const STAGE_NAME_SOURCE: { readonly api: string } = {
  api: `${API} CreateStageRequest.stageName (documented: alphanumerics, hyphens and underscores, max 128); API Gateway developer guide "Amazon API Gateway important notes" (REST and WebSocket)`,
};

/** A media type (`type/subtype`), the key API Gateway gives request models and mapping templates. */
const MEDIA_TYPE = pattern(
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9*][A-Za-z0-9!#$&^_.+*-]*$/,
  "a media type such as application/json",
);

/**
 * Account-level throttle quota per Region (API Gateway quotas page): 10,000 requests per second with a bucket
 * of 5,000. Usage-plan (per-client) limits "can't be higher than the per-account limits" (Throttle requests
 * to your REST APIs); stage and method limits can't be higher than AWS's own. These bounds are the default
 * quota.
 */
const ACCOUNT_RATE = 10_000;
const ACCOUNT_BURST = 5_000;
const THROTTLE_SOURCE =
  'API Gateway developer guide "Amazon API Gateway quotas" (account throttle quota 10,000 requests per second, burst 5,000) and "Throttle requests to your REST APIs" (stage, method and usage-plan limits cannot exceed the account-level limits)';
const THROTTLE_FIX =
  "keep rates within 10,000 requests per second and bursts within 5,000 (the default account quota; some Regions default to 2,500 and 1,250), or raise the account quota with AWS first and this rule with it";

/** A value of a Terraform map of strings. */
const STRING: Constraint = { describe: "a string", test: (value) => typeof value === "string" };

/** A list with at least one item (the provider's `MinItems: 1`). */
const NOT_EMPTY_LIST: Constraint = {
  describe: "a list of at least 1 item",
  countsOnly: true,
  test: (value) => Array.isArray(value) && value.length > 0,
};

/** A Terraform boolean. */
const BOOLEAN = oneOf([true, false]);

/** Size in UTF-8 bytes, for limits AWS states in (kilo)bytes. */
function utf8Bytes(max: number): Constraint {
  return {
    describe: `at most ${max} bytes (UTF-8)`,
    test: (value) => typeof value === "string" && Buffer.byteLength(value, "utf8") <= max,
  };
}

/**
 * A regular expression (checked with JavaScript's syntax, close to the Java syntax API Gateway compiles it
 * with).
 */
const REGULAR_EXPRESSION: Constraint = {
  describe: "a valid regular expression",
  test: (value) => {
    if (typeof value !== "string" || value === "") return false;
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  },
};

const isSet = (value: unknown) =>
  value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);

/** The first item of a nested block or list that cdktf may write as an object or as a one-item list. */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** A block rule whose check is specific to API Gateway (a condition on one attribute requires another). */
function blockRule(
  type: string,
  block: string,
  name: string,
  source: RuleSource,
  bad: Readonly<Record<string, unknown>>,
  check: BlockRule["check"],
  fix?: string,
): BlockRule {
  return { kind: "block", type, block, name, source, bad, check, fix };
}

// --- aws_api_gateway_method_settings.method_path -----------------------------------------------------------
/**
 * A stage keys its method settings by `<resource path>/<HTTP method>` with every "/" of the resource path
 * written as "~1" (the path is a JSON-pointer segment of UpdateStage's patch path): `/items/{id}` GET is
 * `~1items~1{id}/GET` and the root resource is `~1/GET`; `*` `/*` stands for every method. The AWS CLI's
 * recorded answers show the keys `~1resource~1subresource/POST` and `~1resourceName/GET`. Unescaped, the
 * provider's patch path `/items/{id}/GET/caching/enabled` names another entry and its read-back finds nothing
 * ("empty result", terraform-provider-aws #37959); settings on `path/GET` for a nested resource never apply
 * (#9738, where the escaped form is confirmed for Terraform).
 */
const PATH_SEGMENT = "[A-Za-z0-9._:{}+-]+";
const METHOD_PATH = new RegExp(`^(?:\\*/\\*|(?:~1|(?:~1${PATH_SEGMENT})+)/(?:${METHOD_ALTERNATIVES}))$`);

const methodSettingsRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_method_settings", [
    {
      attribute: "method_path",
      constraint: pattern(
        METHOD_PATH,
        '"*/*", or the resource path with every "/" written as "~1" then "/" and the method, e.g. "~1items~1{id}/GET"',
      ),
      source: {
        provider: `${PROVIDER}/method_settings.go: method_path is sent unchanged as the UpdateStage patch path "/<method_path>/<setting>" and read back from Stage.methodSettings[method_path] (issues #37959 "empty result", #9738)`,
        api: `${API} Stage.methodSettings (keys "{resource_path}/{http_method}" or "*/*") and PatchOperation.path ('every "/" in a path name escaped as "~1"'); recorded answers in the AWS CLI examples get-stages (key "~1resource~1subresource/POST") and update-stage (key "~1resourceName/GET")`,
      },
      bad: "items/{id}/GET",
      fix: 'write the resource path with every "/" as "~1", then "/" and the method: "/items/{id}" GET is "~1items~1{id}/GET"',
    },
    {
      attribute: "stage_name",
      constraint: STAGE_NAME,
      source: STAGE_NAME_SOURCE,
      bad: "dev stage",
    },
    {
      attribute: "settings.logging_level",
      constraint: oneOf(["OFF", "ERROR", "INFO"]),
      source: {
        provider: `${PROVIDER}/method_settings.go: settings.logging_level validation.StringInSlice(OFF, ERROR, INFO)`,
        api: `${API} MethodSetting.loggingLevel (valid values OFF, ERROR, INFO)`,
      },
      bad: "DEBUG",
    },
    {
      attribute: "settings.unauthorized_cache_control_header_strategy",
      constraint: oneOf(["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"]),
      source: {
        provider: `${PROVIDER}/method_settings.go: settings.unauthorized_cache_control_header_strategy enum.Validate[types.UnauthorizedCacheControlHeaderStrategy]`,
        api: `${API} UnauthorizedCacheControlHeaderStrategy (enum)`,
      },
      bad: "IGNORE",
    },
    {
      attribute: "settings.cache_ttl_in_seconds",
      constraint: between(0, 3600),
      source: {
        api: `${API} MethodSetting.cacheTtlInSeconds; API Gateway developer guide "Quotas for configuring and running a REST API" (API caching TTL 0-3600 seconds, upper bound fixed)`,
      },
      bad: 3601,
    },
    {
      attribute: "settings.throttling_burst_limit",
      constraint: between(-1, ACCOUNT_BURST),
      source: {
        provider: `${PROVIDER}/method_settings.go: settings.throttling_burst_limit TypeInt, default -1 (throttling off)`,
        api: `${API} MethodSetting.throttlingBurstLimit (Integer); ${THROTTLE_SOURCE}`,
      },
      bad: ACCOUNT_BURST + 1,
      fix: THROTTLE_FIX,
    },
    {
      attribute: "settings.throttling_rate_limit",
      constraint: between(-1, ACCOUNT_RATE, false),
      source: {
        provider: `${PROVIDER}/method_settings.go: settings.throttling_rate_limit TypeFloat, default -1 (throttling off)`,
        api: `${API} MethodSetting.throttlingRateLimit (Double); ${THROTTLE_SOURCE}`,
      },
      bad: ACCOUNT_RATE + 0.5,
      fix: THROTTLE_FIX,
    },
  ]),
];

// --- aws_api_gateway_stage ---------------------------------------------------------------------------------
const stageRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_stage", [
    { attribute: "stage_name", constraint: STAGE_NAME, source: STAGE_NAME_SOURCE, bad: "dev.v1" },
    {
      attribute: "cache_cluster_size",
      constraint: oneOf(["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]),
      source: {
        provider: `${PROVIDER}/stage.go: cache_cluster_size enum.Validate[types.CacheClusterSize]`,
        api: `${API} CacheClusterSize (enum; CreateStage cacheClusterSize)`,
      },
      bad: "1",
    },
    {
      attribute: "access_log_settings.destination_arn",
      constraint: pattern(
        new RegExp(
          `^arn:${PARTITION}:(?:logs:[a-z0-9-]+:\\d{12}:log-group:\\S+|firehose:[a-z0-9-]+:\\d{12}:deliverystream/amazon-apigateway-\\S+)$`,
        ),
        'the ARN of a CloudWatch Logs log group, or of a Firehose stream named "amazon-apigateway-..."',
      ),
      source: {
        provider: `${PROVIDER}/stage.go: access_log_settings.destination_arn verify.ValidARN`,
        api: `${API} AccessLogSettings.destinationArn (a log group, or a Firehose stream whose name begins with amazon-apigateway-)`,
      },
      bad: "arn:aws:s3:::access-logs",
    },
    {
      attribute: "access_log_settings.format",
      constraint: all(
        pattern(/^[^\r\n]+$/, "a single line"),
        pattern(/\$context\.requestId/, "including $context.requestId"),
      ),
      source: {
        api: `${API} AccessLogSettings.format ("a single line format ... must include at least $context.requestId")`,
      },
      bad: '{"ip":"$context.identity.sourceIp"}',
    },
  ]),
];

// --- aws_api_gateway_usage_plan, aws_api_gateway_usage_plan_key, aws_api_gateway_api_key -------------------
const usagePlanRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_usage_plan", [
    {
      attribute: "quota_settings.period",
      constraint: oneOf(["DAY", "WEEK", "MONTH"]),
      source: {
        provider: `${PROVIDER}/usage_plan.go: quota_settings.period enum.Validate[types.QuotaPeriodType]`,
        api: `${API} QuotaPeriodType (enum)`,
      },
      bad: "YEAR",
    },
    {
      attribute: "quota_settings.limit",
      constraint: between(0, 2_147_483_647),
      source: {
        provider: `${PROVIDER}/usage_plan.go: quota_settings.limit TypeInt sent as int32`,
        api: `${API} QuotaSettings.limit (Integer, 32-bit)`,
      },
      bad: 2_147_483_648,
    },
    {
      attribute: "throttle_settings.burst_limit",
      constraint: between(0, ACCOUNT_BURST),
      source: {
        provider: `${PROVIDER}/usage_plan.go: throttle_settings.burst_limit TypeInt`,
        api: `${API} ThrottleSettings.burstLimit (Integer); ${THROTTLE_SOURCE}`,
      },
      bad: ACCOUNT_BURST + 1,
      fix: THROTTLE_FIX,
    },
    {
      attribute: "throttle_settings.rate_limit",
      constraint: between(0, ACCOUNT_RATE, false),
      source: {
        provider: `${PROVIDER}/usage_plan.go: throttle_settings.rate_limit TypeFloat`,
        api: `${API} ThrottleSettings.rateLimit (Double); ${THROTTLE_SOURCE}`,
      },
      bad: ACCOUNT_RATE + 1,
      fix: THROTTLE_FIX,
    },
    {
      attribute: "api_stages.stage",
      constraint: STAGE_NAME,
      source: { api: `${API} ApiStage.stage; ${STAGE_NAME_SOURCE.api}` },
      bad: "dev/items",
    },
    {
      attribute: "api_stages.throttle.path",
      constraint: pattern(
        new RegExp(`^/(?:/|(?:${PATH_SEGMENT}/)+)(?:${METHOD_ALTERNATIVES}|\\*)$`),
        'the resource path (leading "/", unescaped) then "/" and the method, e.g. "/items/{id}/PUT"',
      ),
      source: {
        provider:
          'website/docs/r/api_gateway_usage_plan.html.markdown: api_stages.throttle.path "Specify the path and method, for example /test/GET" (sent as the key of ApiStage.throttle on create)',
        api: `${API} ApiStage.throttle (map keyed by method)`,
      },
      bad: "items/{id}/PUT",
    },
    {
      attribute: "api_stages.throttle.burst_limit",
      constraint: between(0, ACCOUNT_BURST),
      source: {
        provider: `${PROVIDER}/usage_plan.go: api_stages.throttle.burst_limit TypeInt`,
        api: `${API} ThrottleSettings.burstLimit (Integer); ${THROTTLE_SOURCE}`,
      },
      bad: -1,
      fix: THROTTLE_FIX,
    },
    {
      attribute: "api_stages.throttle.rate_limit",
      constraint: between(0, ACCOUNT_RATE, false),
      source: {
        provider: `${PROVIDER}/usage_plan.go: api_stages.throttle.rate_limit TypeFloat`,
        api: `${API} ThrottleSettings.rateLimit (Double); ${THROTTLE_SOURCE}`,
      },
      bad: ACCOUNT_RATE * 2,
      fix: THROTTLE_FIX,
    },
  ]),
  oneOfKeys(
    "aws_api_gateway_usage_plan",
    "throttle_settings",
    ["burst_limit", "rate_limit"],
    {
      provider: `${PROVIDER}/usage_plan.go: throttle_settings.burst_limit and rate_limit AtLeastOneOf(throttle_settings.0.burst_limit, throttle_settings.0.rate_limit)`,
    },
    { burst_limit: undefined, rate_limit: undefined },
    true,
  ),
  ...attributes("aws_api_gateway_usage_plan_key", [
    {
      attribute: "key_type",
      constraint: oneOf(["API_KEY"]),
      source: {
        api: `${API} UsagePlanKey.type ("the valid key type is API_KEY"); CreateUsagePlanKeyRequest.keyType`,
      },
      bad: "IAM",
    },
  ]),
  ...attributes("aws_api_gateway_api_key", [
    {
      attribute: "enabled",
      constraint: BOOLEAN,
      source: {
        provider: `${PROVIDER}/api_key.go: enabled TypeBool`,
        api: `${API} CreateApiKeyRequest.enabled (Boolean)`,
      },
      bad: "yes",
    },
  ]),
];

// --- aws_api_gateway_rest_api, aws_api_gateway_rest_api_policy, aws_api_gateway_account --------------------
const ENDPOINT_TYPES = oneOf(["REGIONAL", "EDGE", "PRIVATE"]);

const restApiRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_rest_api", [
    {
      attribute: "api_key_source",
      constraint: oneOf(["HEADER", "AUTHORIZER"]),
      source: {
        provider: `${PROVIDER}/rest_api.go: api_key_source enum.Validate[types.ApiKeySourceType]`,
        api: `${API} ApiKeySourceType (enum)`,
      },
      bad: "QUERY",
    },
    {
      attribute: "endpoint_configuration.types",
      constraint: count(1, 1),
      source: {
        provider: `${PROVIDER}/rest_api.go: endpoint_configuration.types MinItems 1, MaxItems 1`,
      },
      bad: ["REGIONAL", "EDGE"],
    },
    {
      attribute: "endpoint_configuration.types",
      each: true,
      constraint: ENDPOINT_TYPES,
      source: {
        provider: `${PROVIDER}/rest_api.go: endpoint_configuration.types enum.Validate[types.EndpointType]`,
        api: `${API} EndpointType (enum)`,
      },
      bad: "GLOBAL",
    },
    {
      attribute: "endpoint_configuration.vpc_endpoint_ids",
      constraint: NOT_EMPTY_LIST,
      source: { provider: `${PROVIDER}/rest_api.go: endpoint_configuration.vpc_endpoint_ids MinItems 1` },
      bad: [],
    },
  ]),
  blockRule(
    "aws_api_gateway_rest_api",
    "endpoint_configuration",
    "vpc_endpoint_ids only with a PRIVATE endpoint",
    { api: `${API} EndpointConfiguration.vpcEndpointIds ("only supported for PRIVATE endpoint type")` },
    { types: ["REGIONAL"], vpc_endpoint_ids: ["vpce-0123456789abcdef0"] },
    (block) => {
      const types = Array.isArray(block.types) ? block.types : [];
      return isSet(block.vpc_endpoint_ids) && !types.includes("PRIVATE")
        ? `vpc_endpoint_ids are set on a ${types.join(", ") || "non-PRIVATE"} endpoint`
        : undefined;
    },
  ),
  ...attributes("aws_api_gateway_rest_api_policy", [
    {
      attribute: "policy",
      constraint: json,
      source: { provider: `${PROVIDER}/rest_api_policy.go: policy validation.StringIsJSON` },
      bad: '{"Version":"2012-10-17",',
    },
    {
      attribute: "policy",
      constraint: length(1, 8192),
      source: {
        api: 'API Gateway developer guide "Quotas for configuring and running a REST API" (length of an API Gateway resource policy: 8192 characters)',
      },
      bad: `{"Version":"2012-10-17","Statement":[],"Id":"${"x".repeat(8192)}"}`,
      fix: "shorten the policy (fewer statements or VPC endpoints), or raise the resource-policy length quota first",
    },
  ]),
  ...attributes("aws_api_gateway_account", [
    {
      attribute: "cloudwatch_role_arn",
      constraint: pattern(new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/\\S+$`), "the ARN of an IAM role"),
      source: {
        provider: `${PROVIDER}/account.go: cloudwatch_role_arn verify.ValidARN`,
        api: `${API} Account.cloudwatchRoleArn (the ARN of an Amazon CloudWatch role)`,
      },
      bad: "ApiGatewayPushToCloudWatchLogs",
    },
  ]),
];

// --- aws_api_gateway_resource ------------------------------------------------------------------------------
const resourceRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_resource", [
    {
      attribute: "path_part",
      constraint: pattern(
        /^(?:\{[A-Za-z0-9._-]+\+?\}|[A-Za-z0-9._:-]+)$/,
        "one path segment: letters, digits and . _ - : or a whole {param} / {param+}",
      ),
      source: {
        api: `${API} CreateResourceRequest.pathPart ("the last path segment"); API Gateway's BadRequestException "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end" (recorded in claudiajs/claudia#11), colon accepted since (aws/aws-cdk#22477)`,
      },
      bad: "items/{id}",
    },
  ]),
  blockRule(
    "aws_api_gateway_resource",
    "",
    "no /ping or /sping at the root",
    {
      api: 'API Gateway developer guide "Amazon API Gateway important notes" (REST and WebSocket: the /ping and /sping paths are reserved for the service health check at the API root)',
    },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, as cdktf writes it.
    { path_part: "ping", parent_id: "${aws_api_gateway_rest_api.Api.root_resource_id}" },
    (block) =>
      String(block.parent_id ?? "").includes(".root_resource_id") &&
      ["ping", "sping"].includes(String(block.path_part))
        ? `root-level path part "${String(block.path_part)}" is reserved by API Gateway`
        : undefined,
  ),
];

// --- aws_api_gateway_method, aws_api_gateway_method_response -----------------------------------------------
const STATUS_CODE = pattern(/^[1-5]\d\d$/, "an HTTP status code 100-599");
const METHOD_RESPONSE_HEADER = pattern(
  new RegExp(`^method\\.response\\.header\\.${PARAMETER_NAME}$`),
  "method.response.header.<name>",
);

const methodRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_method", [
    {
      attribute: "http_method",
      constraint: oneOf(HTTP_METHODS),
      source: {
        provider: `${PROVIDER}/method.go: http_method validHTTPMethod() (validate.go StringInSlice)`,
      },
      bad: "FETCH",
    },
    {
      attribute: "authorization",
      constraint: oneOf(["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"]),
      source: {
        api: `${API} PutMethodRequest.authorizationType (valid values NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS)`,
      },
      bad: "JWT",
    },
    {
      attribute: "request_parameters.@key",
      constraint: pattern(
        new RegExp(`^method\\.request\\.(?:path|querystring|header)\\.${PARAMETER_NAME}$`),
        "method.request.{path|querystring|header}.<name>",
      ),
      source: {
        api: `${API} PutMethodRequest.requestParameters (keys method.request.{location}.{name}, location querystring, path or header); developer guide "Parameter mapping source reference" (names [a-zA-Z0-9._$-]+)`,
      },
      bad: "path.id",
    },
    {
      attribute: "request_models.@key",
      constraint: MEDIA_TYPE,
      source: { api: `${API} PutMethodRequest.requestModels ("a content type as the key")` },
      bad: "json",
    },
    {
      attribute: "request_models.*",
      constraint: pattern(/^[A-Za-z0-9]+$/, "an alphanumeric model name"),
      source: {
        api: `${API} PutMethodRequest.requestModels (a Model name as the value); CreateModelRequest.name ("Must be alphanumeric")`,
      },
      bad: "Item-Create",
    },
  ]),
  blockRule(
    "aws_api_gateway_method",
    "",
    "CUSTOM and COGNITO_USER_POOLS need authorizer_id",
    {
      api: `${API} PutMethodRequest.authorizerId (the authorizer to use when the type is CUSTOM or COGNITO_USER_POOLS)`,
    },
    { authorization: "CUSTOM", authorizer_id: undefined },
    (block) =>
      ["CUSTOM", "COGNITO_USER_POOLS"].includes(String(block.authorization)) && !isSet(block.authorizer_id)
        ? `authorization ${String(block.authorization)} is set without authorizer_id`
        : undefined,
  ),
  ...attributes("aws_api_gateway_method_response", [
    {
      attribute: "status_code",
      constraint: STATUS_CODE,
      source: { api: `${API} StatusCode (pattern [1-5]\\d\\d; PutMethodResponse statusCode)` },
      bad: "20",
    },
    {
      attribute: "http_method",
      constraint: oneOf(HTTP_METHODS),
      source: { provider: `${PROVIDER}/method_response.go: http_method validHTTPMethod()` },
      bad: "get",
    },
    {
      attribute: "response_parameters.@key",
      constraint: METHOD_RESPONSE_HEADER,
      source: {
        api: `${API} PutMethodResponseRequest.responseParameters (names match method.response.header.{name})`,
      },
      bad: "header.Vary",
    },
  ]),
];

// --- aws_api_gateway_integration, aws_api_gateway_integration_response -------------------------------------
const integrationRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_integration", [
    {
      attribute: "type",
      constraint: oneOf(["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"]),
      source: {
        provider: `${PROVIDER}/integration.go: type enum.Validate[types.IntegrationType]`,
        api: `${API} IntegrationType (enum)`,
      },
      bad: "LAMBDA",
    },
    {
      attribute: "http_method",
      constraint: oneOf(HTTP_METHODS),
      source: { provider: `${PROVIDER}/integration.go: http_method validHTTPMethod()` },
      bad: "post",
    },
    {
      attribute: "integration_http_method",
      constraint: oneOf(HTTP_METHODS),
      source: { provider: `${PROVIDER}/integration.go: integration_http_method validHTTPMethod()` },
      bad: "INVOKE",
    },
    {
      attribute: "timeout_milliseconds",
      constraint: between(50, 29_000),
      source: {
        provider: `${PROVIDER}/integration.go: timeout_milliseconds validation.IntBetween(50, 300000)`,
        api: `${API} PutIntegrationRequest.timeoutInMillis ("between 50 and 29,000 milliseconds", more only for Regional or private APIs); quotas page: edge-optimized 50 ms - 29 s, not increasable`,
      },
      bad: 30_000,
      fix: "keep the integration timeout within 29,000 ms (edge-optimized APIs cannot go past it; Regional and private APIs only after a quota increase)",
    },
    {
      attribute: "cache_key_parameters",
      each: true,
      constraint: pattern(
        new RegExp(`^method\\.request\\.(?:path|querystring|header)\\.${PARAMETER_NAME}$`),
        "a method request parameter, method.request.{path|querystring|header}.<name>",
      ),
      source: {
        api: `${API} PutIntegrationRequest.cacheKeyParameters ("must also be specified for Method requestParameters")`,
      },
      bad: "querystring.version",
    },
    {
      attribute: "request_templates.@key",
      constraint: MEDIA_TYPE,
      source: { api: `${API} PutIntegrationRequest.requestTemplates ("The content type value is the key")` },
      bad: "JSON",
    },
    {
      attribute: "uri",
      constraint: pattern(
        new RegExp(
          `^(?:https?://\\S+|arn:${PARTITION}:apigateway:[a-z0-9-]+:[A-Za-z0-9.-]+:(?:path|action)/\\S+)$`,
        ),
        "an http(s) URL, or arn:<partition>:apigateway:<region>:<service>:path|action/...",
      ),
      source: {
        api: `${API} PutIntegrationRequest.uri (HTTP: a full http(s) URL; AWS and AWS_PROXY: arn:aws:apigateway:{region}:{service}:path|action/{service_api})`,
      },
      bad: "arn:aws:lambda:us-east-1:123456789012:function:items",
    },
  ]),
  blockRule(
    "aws_api_gateway_integration",
    "",
    "AWS_PROXY calls Lambda with POST",
    {
      api: `${API} IntegrationType AWS_PROXY (the Lambda function-invoking action, "Lambda proxy integration"); API Gateway developer guide "Lambda proxy integrations" (the integration request to Lambda uses POST)`,
    },
    { type: "AWS_PROXY", integration_http_method: "GET" },
    (block) =>
      block.type === "AWS_PROXY" && block.integration_http_method !== "POST"
        ? `an AWS_PROXY (Lambda proxy) integration has integration_http_method ${JSON.stringify(block.integration_http_method)}, not POST`
        : undefined,
  ),
  ...attributes("aws_api_gateway_integration_response", [
    {
      attribute: "status_code",
      constraint: STATUS_CODE,
      source: { api: `${API} StatusCode (pattern [1-5]\\d\\d; PutIntegrationResponse statusCode)` },
      bad: "2xx",
    },
    {
      attribute: "http_method",
      constraint: oneOf(HTTP_METHODS),
      source: { provider: `${PROVIDER}/integration_response.go: http_method validHTTPMethod()` },
      bad: "Options",
    },
    {
      attribute: "response_parameters.@key",
      constraint: METHOD_RESPONSE_HEADER,
      source: {
        api: `${API} PutIntegrationResponseRequest.responseParameters (keys match method.response.header.{name})`,
      },
      bad: "Access-Control-Allow-Origin",
    },
    {
      attribute: "response_parameters.*",
      constraint: pattern(
        new RegExp(
          `^(?:'.*'|integration\\.response\\.(?:header|multivalueheader)\\.${PARAMETER_NAME}|integration\\.response\\.body(?:\\.\\S+)?|stageVariables\\.${PARAMETER_NAME}|context\\.${PARAMETER_NAME})$`,
        ),
        "a static value in single quotes, integration.response.header|body..., stageVariables.<name> or context.<name>",
      ),
      source: {
        api: `${API} PutIntegrationResponseRequest.responseParameters (values: integration.response.header.{name}, a static value enclosed in single quotes, or integration.response.body.{JSON-expression}); developer guide "Parameter mapping source reference"`,
      },
      bad: "http://localhost:3000",
    },
  ]),
];

// --- aws_api_gateway_gateway_response ----------------------------------------------------------------------
const gatewayResponseRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_gateway_response", [
    {
      attribute: "response_type",
      constraint: oneOf([
        "DEFAULT_4XX",
        "DEFAULT_5XX",
        "RESOURCE_NOT_FOUND",
        "UNAUTHORIZED",
        "INVALID_API_KEY",
        "ACCESS_DENIED",
        "AUTHORIZER_FAILURE",
        "AUTHORIZER_CONFIGURATION_ERROR",
        "INVALID_SIGNATURE",
        "EXPIRED_TOKEN",
        "MISSING_AUTHENTICATION_TOKEN",
        "INTEGRATION_FAILURE",
        "INTEGRATION_TIMEOUT",
        "API_CONFIGURATION_ERROR",
        "UNSUPPORTED_MEDIA_TYPE",
        "BAD_REQUEST_PARAMETERS",
        "BAD_REQUEST_BODY",
        "REQUEST_TOO_LARGE",
        "THROTTLED",
        "QUOTA_EXCEEDED",
        "WAF_FILTERED",
      ]),
      source: { api: `${API} GatewayResponseType (enum; PutGatewayResponse responseType)` },
      bad: "DEFAULT_ERROR",
    },
    {
      attribute: "response_parameters.@key",
      constraint: pattern(
        new RegExp(`^gatewayresponse\\.(?:header|path|querystring)\\.${PARAMETER_NAME}$`),
        "gatewayresponse.{header|path|querystring}.<name>",
      ),
      source: {
        api: `${API} PutGatewayResponseRequest.responseParameters (paths, query strings and headers); developer guide "x-amazon-apigateway-gateway-responses.responseParameters" (gatewayresponse.{param-position}.{param-name})`,
      },
      bad: "method.response.header.Vary",
    },
    {
      attribute: "response_parameters.*",
      constraint: pattern(
        new RegExp(
          `^(?:'.*'|method\\.request\\.(?:path|querystring|header|multivaluequerystring|multivalueheader)\\.${PARAMETER_NAME}|stageVariables\\.${PARAMETER_NAME}|context\\.${PARAMETER_NAME})$`,
        ),
        "a static value in single quotes, method.request.{path|querystring|header}.<name>, stageVariables.<name> or context.<name>",
      ),
      source: {
        api: 'API Gateway developer guide "Set up a gateway response" and "x-amazon-apigateway-gateway-responses.responseParameters" (static values in single quotes, or request parameter values); "Parameter mapping source reference"',
      },
      bad: "Origin",
    },
    {
      attribute: "response_templates.@key",
      constraint: MEDIA_TYPE,
      source: {
        api: `${API} PutGatewayResponseRequest.responseTemplates (mapping templates keyed by content type)`,
      },
      bad: "json",
    },
  ]),
];

// --- aws_api_gateway_authorizer ----------------------------------------------------------------------------
const IDENTITY_EXPRESSION = `(?:method\\.request\\.(?:header|querystring|multivalueheader|multivaluequerystring)\\.${PARAMETER_NAME}|stageVariables\\.${PARAMETER_NAME}|context\\.${PARAMETER_NAME})`;

const authorizerRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_authorizer", [
    {
      attribute: "type",
      constraint: oneOf(["TOKEN", "REQUEST", "COGNITO_USER_POOLS"]),
      source: {
        provider: `${PROVIDER}/authorizer.go: type enum.Validate[types.AuthorizerType]`,
        api: `${API} AuthorizerType (enum)`,
      },
      bad: "JWT",
    },
    {
      attribute: "authorizer_result_ttl_in_seconds",
      constraint: between(0, 3600),
      source: {
        provider: `${PROVIDER}/authorizer.go: authorizer_result_ttl_in_seconds validation.IntBetween(0, 3600)`,
        api: `${API} CreateAuthorizerRequest.authorizerResultTtlInSeconds ("The maximum value is 3600")`,
      },
      bad: 7200,
    },
    {
      attribute: "identity_source",
      constraint: pattern(
        new RegExp(`^${IDENTITY_EXPRESSION}(?:\\s*,\\s*${IDENTITY_EXPRESSION})*$`),
        "comma-separated mapping expressions such as method.request.header.Authorization",
      ),
      source: {
        api: `${API} CreateAuthorizerRequest.identitySource (a header mapping expression such as method.request.header.Auth; for REQUEST, comma-separated mapping expressions)`,
      },
      bad: "Authorization",
    },
    {
      attribute: "identity_validation_expression",
      constraint: REGULAR_EXPRESSION,
      source: {
        api: `${API} CreateAuthorizerRequest.identityValidationExpression ("For TOKEN authorizers, this value is a regular expression")`,
      },
      bad: "^[Bb]earer (",
    },
    {
      attribute: "authorizer_uri",
      constraint: pattern(
        new RegExp(`^arn:${PARTITION}:apigateway:[a-z0-9-]+:lambda:path/\\S+$`),
        "a Lambda invocation URI, arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations",
      ),
      source: {
        api: `${API} CreateAuthorizerRequest.authorizerUri (TOKEN/REQUEST: arn:aws:apigateway:{region}:lambda:path/{service_api})`,
      },
      bad: "arn:aws:lambda:us-east-1:123456789012:function:authorizer",
    },
    {
      attribute: "provider_arns",
      each: true,
      constraint: pattern(
        new RegExp(`^arn:${PARTITION}:cognito-idp:[a-z0-9-]+:\\d{12}:userpool/\\S+$`),
        "a Cognito user pool ARN, arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>",
      ),
      source: {
        provider: `${PROVIDER}/authorizer.go: provider_arns elements verify.ValidARN`,
        api: `${API} CreateAuthorizerRequest.providerARNs (arn:aws:cognito-idp:{region}:{account_id}:userpool/{user_pool_id})`,
      },
      bad: "us-east-1_AbCdEf123",
    },
  ]),
  blockRule(
    "aws_api_gateway_authorizer",
    "",
    "TOKEN and REQUEST need authorizer_uri; COGNITO_USER_POOLS needs provider_arns",
    {
      provider: `${PROVIDER}/authorizer.go: resourceAuthorizerCustomizeDiff ("authorizer_uri must be set non-empty when authorizer type is TOKEN/REQUEST", "provider_arns must be set non-empty when authorizer type is COGNITO_USER_POOLS")`,
    },
    { type: "TOKEN", authorizer_uri: undefined },
    (block) => {
      const type = String(block.type ?? "TOKEN");
      if ((type === "TOKEN" || type === "REQUEST") && !isSet(block.authorizer_uri)) {
        return `type ${type} is set without authorizer_uri`;
      }
      if (type === "COGNITO_USER_POOLS" && !isSet(block.provider_arns)) {
        return "type COGNITO_USER_POOLS is set without provider_arns";
      }
      return undefined;
    },
  ),
];

// --- aws_api_gateway_model, aws_api_gateway_request_validator ----------------------------------------------
const modelRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_model", [
    {
      attribute: "name",
      constraint: pattern(/^[A-Za-z0-9]+$/, "alphanumeric"),
      source: { api: `${API} CreateModelRequest.name ("Must be alphanumeric")` },
      bad: "Item_Create",
    },
    {
      attribute: "content_type",
      constraint: MEDIA_TYPE,
      source: { api: `${API} CreateModelRequest.contentType (the content type of the model)` },
      bad: "json",
    },
    {
      attribute: "schema",
      constraint: json,
      source: { provider: `${PROVIDER}/model.go: schema validation.StringIsJSON` },
      bad: '{"type":"object",',
    },
    {
      attribute: "schema",
      constraint: utf8Bytes(400_000),
      source: { api: `${API} CreateModelRequest.schema ("The maximum size of the model is 400 KB")` },
      bad: JSON.stringify({ description: "x".repeat(400_001) }),
    },
  ]),
  ...attributes("aws_api_gateway_request_validator", [
    {
      attribute: "validate_request_body",
      constraint: BOOLEAN,
      source: {
        provider: `${PROVIDER}/request_validator.go: validate_request_body TypeBool`,
        api: `${API} CreateRequestValidatorRequest.validateRequestBody (Boolean)`,
      },
      bad: "true",
    },
    {
      attribute: "validate_request_parameters",
      constraint: BOOLEAN,
      source: {
        provider: `${PROVIDER}/request_validator.go: validate_request_parameters TypeBool`,
        api: `${API} CreateRequestValidatorRequest.validateRequestParameters (Boolean)`,
      },
      bad: 1,
    },
  ]),
];

// --- aws_api_gateway_deployment, aws_api_gateway_domain_name, aws_api_gateway_base_path_mapping ------------
const domainRules: ValidityRule[] = [
  ...attributes("aws_api_gateway_deployment", [
    {
      attribute: "triggers.*",
      constraint: STRING,
      source: { provider: `${PROVIDER}/deployment.go: triggers TypeMap of TypeString (ForceNew)` },
      bad: 42,
    },
  ]),
  ...attributes("aws_api_gateway_domain_name", [
    {
      attribute: "endpoint_configuration.types",
      constraint: count(1, 1),
      source: {
        provider: `${PROVIDER}/domain_name.go: endpoint_configuration.types MinItems 1, MaxItems 1 ("Cannot create an api with multiple Endpoint Types")`,
      },
      bad: ["EDGE", "REGIONAL"],
    },
    {
      attribute: "endpoint_configuration.types",
      each: true,
      constraint: ENDPOINT_TYPES,
      source: {
        provider: `${PROVIDER}/domain_name.go: endpoint_configuration.types enum.Validate[types.EndpointType]`,
        api: `${API} EndpointType (enum)`,
      },
      bad: "CLOUDFRONT",
    },
    {
      attribute: "security_policy",
      constraint: oneOf([
        "TLS_1_0",
        "TLS_1_2",
        "SecurityPolicy_TLS13_1_3_2025_09",
        "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
        "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_2021_06",
        "SecurityPolicy_TLS13_2025_EDGE",
        "SecurityPolicy_TLS12_PFS_2025_EDGE",
        "SecurityPolicy_TLS12_2018_EDGE",
      ]),
      source: {
        provider: `${PROVIDER}/domain_name.go: security_policy enum.Validate[types.SecurityPolicy]`,
        api: `${API} SecurityPolicy (enum)`,
      },
      bad: "TLS_1_3",
    },
  ]),
  conflicting(
    "aws_api_gateway_domain_name",
    "",
    ["certificate_arn", "regional_certificate_arn"],
    {
      provider: `${PROVIDER}/domain_name.go: certificate_arn ConflictsWith(..., regional_certificate_arn, ...)`,
    },
    {
      certificate_arn: "arn:aws:acm:us-east-1:123456789012:certificate/edge",
      regional_certificate_arn: "arn:aws:acm:eu-west-1:123456789012:certificate/regional",
    },
  ),
  blockRule(
    "aws_api_gateway_domain_name",
    "",
    "EDGE needs certificate_arn, REGIONAL needs regional_certificate_arn",
    {
      api: `${API} CreateDomainNameRequest.certificateArn (the certificate of an edge-optimized endpoint) and regionalCertificateArn (the certificate of a regional endpoint)`,
    },
    { endpoint_configuration: { types: ["EDGE"] }, certificate_arn: undefined },
    (block) => {
      const configuration = first(block.endpoint_configuration) as { types?: unknown } | undefined;
      const types = Array.isArray(configuration?.types) ? configuration.types : [];
      if (types.includes("EDGE") && !isSet(block.certificate_arn) && !isSet(block.certificate_name)) {
        return "an EDGE domain name has no certificate_arn";
      }
      if (
        types.includes("REGIONAL") &&
        !isSet(block.regional_certificate_arn) &&
        !isSet(block.regional_certificate_name)
      ) {
        return "a REGIONAL domain name has no regional_certificate_arn";
      }
      return undefined;
    },
  ),
  ...attributes("aws_api_gateway_base_path_mapping", [
    { attribute: "stage_name", constraint: STAGE_NAME, source: STAGE_NAME_SOURCE, bad: "dev/v1" },
  ]),
];

export const apiGatewayRules: ValidityRule[] = [
  ...methodSettingsRules,
  ...stageRules,
  ...usagePlanRules,
  ...restApiRules,
  ...resourceRules,
  ...methodRules,
  ...integrationRules,
  ...gatewayResponseRules,
  ...authorizerRules,
  ...modelRules,
  ...domainRules,
];

/** WAFv2 (web ACLs, their association and logging): the provider's validators and the wafv2 API model. */
import { all, between, type Constraint, count, length, oneOf, pattern } from "../constraints";
import { attributes, type BlockRule, oneOfKeys, type ValidityRule } from "../rule";

const ACL = "aws_wafv2_web_acl";
const ASSOCIATION = "aws_wafv2_web_acl_association";
const LOGGING = "aws_wafv2_web_acl_logging_configuration";

/** The provider's generic ARN check (partition, optional region and account, a resource part). */
const arn: Constraint = pattern(
  /^arn:aws(-[a-z]+)*:[^:]+:([a-z]{2}(-[a-z]+)+-\d)?:(aws|aws-managed|third-party|\d{12}|cw.{10})?:.+$/,
  "an ARN",
);
const ARN_SOURCE = "verify.ValidARN (internal/verify/validate.go)";

/** WAF's EntityName: rule, rule group and override names. */
const entityName = all(length(1, 128), pattern(/^[\w-]+$/, "letters, digits, _ and -"));

/** Metric names: the provider is stricter than the API (128 characters, no `#:./`). */
const metricName = all(length(1, 128), pattern(/^[0-9A-Za-z_-]+$/, "letters, digits, _ and -"));
const METRIC_SOURCE = {
  provider:
    "internal/service/wafv2/schemas.go: visibility_config.metric_name StringLenBetween(1, 128), StringMatch(^[0-9A-Za-z_-]+$)",
  api: "wafv2 2019-07-29 VisibilityConfig.MetricName (MetricName, 1-255, ^[\\w#:\\.\\-/]+$)",
};

/** Statements that reference a rule group take an override action; every other statement takes an action. */
const GROUP_STATEMENTS = ["managed_rule_group_statement", "rule_group_reference_statement"];
const first = (value: unknown): Record<string, unknown> | undefined => {
  const item = Array.isArray(value) ? value[0] : value;
  return item !== null && typeof item === "object" ? (item as Record<string, unknown>) : undefined;
};
const present = (value: unknown) =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

const actionMatchesStatement: BlockRule = {
  kind: "block",
  type: ACL,
  block: "rule",
  name: "action for plain statements, override_action for rule groups",
  source: { api: "wafv2 2019-07-29 Rule.Action and Rule.OverrideAction (CreateWebACL Rules)" },
  bad: { action: [{ block: {} }], override_action: [{ none: {} }] },
  check: (rule) => {
    const statement = first(rule.statement) ?? {};
    const group = GROUP_STATEMENTS.some((key) => present(statement[key]));
    const [wanted, unwanted] = group ? ["override_action", "action"] : ["action", "override_action"];
    if (present(rule[unwanted])) {
      return `${unwanted} is set on a rule whose statement ${group ? "references a rule group" : "is not a rule group"}: use ${wanted} only`;
    }
    return present(rule[wanted]) ? undefined : `${wanted} is missing`;
  },
};

const distinctPriorities: BlockRule = {
  kind: "block",
  type: ACL,
  block: "",
  name: "rule priorities all different",
  source: { api: "wafv2 2019-07-29 Rule.Priority (documentation: the priorities must all be different)" },
  bad: {
    rule: [
      { name: "a", priority: 1 },
      { name: "b", priority: 1 },
    ],
  },
  check: (acl) => {
    const rules = Array.isArray(acl.rule) ? (acl.rule as Record<string, unknown>[]) : [];
    const seen = new Set<unknown>();
    for (const { priority } of rules) {
      if (seen.has(priority)) return `two rules have priority ${JSON.stringify(priority)}`;
      seen.add(priority);
    }
    return undefined;
  },
};

/** Resource types AssociateWebACL accepts, by the ARN forms its documentation lists. */
const ASSOCIABLE_ARN =
  /^arn:aws(-[a-z]+)*:(apigateway:[a-z0-9-]+::\/restapis\/[^/]+\/stages\/[^/]+|elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/.+|appsync:[a-z0-9-]+:\d{12}:apis\/.+|cognito-idp:[a-z0-9-]+:\d{12}:userpool\/.+|apprunner:[a-z0-9-]+:\d{12}:service\/.+|ec2:[a-z0-9-]+:\d{12}:verified-access-instance\/.+|amplify:[a-z0-9-]+:\d{12}:apps\/.+)$/;

/** Logging destinations: a CloudWatch log group, a Firehose stream or an S3 bucket named `aws-waf-logs-...`. */
const LOG_DESTINATION =
  /^arn:aws(-[a-z]+)*:(logs:[a-z0-9-]+:\d{12}:log-group:aws-waf-logs-[^:]+(:\*)?|firehose:[a-z0-9-]+:\d{12}:deliverystream\/aws-waf-logs-.+|s3:::aws-waf-logs-.+)$/;

export const wafv2Rules: ValidityRule[] = [
  ...attributes(ACL, [
    {
      attribute: "description",
      constraint: length(1, 256),
      source: {
        provider: "internal/service/wafv2/web_acl.go: description validation.StringLenBetween(1, 256)",
      },
      bad: "x".repeat(257),
    },
    {
      attribute: "description",
      // The provider checks only the length; the API refuses anything else at create, after plan succeeded.
      constraint: pattern(
        /^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/,
        "letters, digits, spaces and + = : # @ / - , . _ (no parentheses)",
      ),
      source: { api: "wafv2 2019-07-29 EntityDescription (CreateWebACL Description)" },
      bad: "Rate limit (REGIONAL)",
    },
    {
      attribute: "name",
      constraint: entityName,
      source: {
        provider:
          "internal/service/wafv2/web_acl.go: name StringLenBetween(1, 128), StringMatch(^[0-9A-Za-z_-]+$)",
        api: "wafv2 2019-07-29 EntityName (CreateWebACL Name)",
      },
      bad: "apigw.dev",
    },
    {
      attribute: "scope",
      constraint: oneOf(["CLOUDFRONT", "REGIONAL"]),
      source: {
        provider: "internal/service/wafv2/web_acl.go: scope enum.Validate[awstypes.Scope]",
        api: "wafv2 2019-07-29 Scope (CreateWebACL Scope)",
      },
      bad: "GLOBAL",
    },
    {
      attribute: "visibility_config.metric_name",
      constraint: metricName,
      source: METRIC_SOURCE,
      bad: "acl.metric",
    },
    {
      attribute: "rule.name",
      constraint: entityName,
      source: {
        provider: "internal/service/wafv2/web_acl.go: rule.name StringLenBetween(1, 128)",
        api: "wafv2 2019-07-29 Rule.Name (EntityName)",
      },
      bad: "rate limit",
    },
    {
      attribute: "rule.priority",
      constraint: between(0, 2_147_483_647),
      source: { api: "wafv2 2019-07-29 Rule.Priority (RulePriority, min 0)" },
      bad: -1,
    },
    {
      attribute: "rule.visibility_config.metric_name",
      constraint: metricName,
      source: METRIC_SOURCE,
      bad: "x".repeat(129),
    },
    {
      attribute: "rule.statement.rate_based_statement.limit",
      constraint: between(10, 2_000_000_000),
      source: {
        provider:
          "internal/service/wafv2/schemas.go: rate_based_statement.limit validation.IntBetween(10, 2000000000)",
        api: "wafv2 2019-07-29 RateBasedStatement.Limit (RateLimit, 10-2000000000)",
      },
      bad: 5,
    },
    {
      attribute: "rule.statement.rate_based_statement.aggregate_key_type",
      constraint: oneOf(["IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT"]),
      source: {
        provider:
          "internal/service/wafv2/schemas.go: aggregate_key_type enum.Validate[awstypes.RateBasedStatementAggregateKeyType]",
        api: "wafv2 2019-07-29 RateBasedStatementAggregateKeyType",
      },
      bad: "SOURCE_IP",
    },
    {
      attribute: "rule.statement.rate_based_statement.evaluation_window_sec",
      constraint: oneOf([60, 120, 300, 600]),
      source: {
        provider:
          "internal/service/wafv2/schemas.go: evaluation_window_sec validation.IntInSlice([]int{60, 120, 300, 600})",
      },
      bad: 3600,
    },
    {
      attribute: "rule.statement.managed_rule_group_statement.name",
      constraint: entityName,
      source: {
        provider:
          "internal/service/wafv2/schemas.go: managed_rule_group_statement.name StringLenBetween(1, 128)",
        api: "wafv2 2019-07-29 ManagedRuleGroupStatement.Name (EntityName)",
      },
      bad: "AWS Managed Rules",
    },
    {
      attribute: "rule.statement.managed_rule_group_statement.vendor_name",
      constraint: all(length(1, 128), pattern(/\S/, "at least one non-space character")),
      source: {
        provider:
          "internal/service/wafv2/schemas.go: managed_rule_group_statement.vendor_name StringLenBetween(1, 128)",
        api: "wafv2 2019-07-29 ManagedRuleGroupStatement.VendorName (VendorName, 1-128, .*\\S.*)",
      },
      bad: " ",
    },
    {
      attribute: "rule.statement.managed_rule_group_statement.rule_action_override",
      constraint: count(0, 100),
      source: {
        provider: "internal/service/wafv2/schemas.go: rule_action_override MaxItems 100",
        api: "wafv2 2019-07-29 ManagedRuleGroupStatement.RuleActionOverrides (max 100)",
      },
      bad: Array.from({ length: 101 }, (_, i) => ({ name: `rule${i}`, action_to_use: { count: {} } })),
    },
    {
      attribute: "rule.statement.managed_rule_group_statement.rule_action_override.name",
      constraint: entityName,
      source: {
        provider: "internal/service/wafv2/schemas.go: rule_action_override.name StringLenBetween(1, 128)",
        api: "wafv2 2019-07-29 RuleActionOverride.Name (EntityName)",
      },
      bad: "SizeRestrictions BODY",
    },
  ]),
  oneOfKeys(
    ACL,
    "default_action",
    ["allow", "block"],
    { api: "wafv2 2019-07-29 DefaultAction (Allow or Block: the one terminating action of the web ACL)" },
    { allow: undefined, block: undefined },
  ),
  oneOfKeys(
    ACL,
    "rule.statement.managed_rule_group_statement.rule_action_override.action_to_use",
    ["allow", "block", "captcha", "challenge", "count"],
    {
      provider: "internal/service/wafv2/schemas.go: rule_action_override.action_to_use Required, MaxItems 1",
      api: "wafv2 2019-07-29 RuleActionOverride.ActionToUse (RuleAction: one action)",
    },
    { allow: {}, count: {} },
  ),
  actionMatchesStatement,
  distinctPriorities,
  ...attributes(ASSOCIATION, [
    {
      attribute: "resource_arn",
      constraint: pattern(
        ASSOCIABLE_ARN,
        "the ARN of a resource WAF associates by ARN (e.g. an API Gateway stage)",
      ),
      source: {
        provider: `internal/service/wafv2/web_acl_association.go: resource_arn ${ARN_SOURCE}`,
        api: "wafv2 2019-07-29 AssociateWebACLRequest.ResourceArn (documented ARN formats)",
      },
      fix: "associate a REGIONAL web ACL with an API Gateway stage ARN; a CloudFront distribution takes the ACL in web_acl_id",
      bad: "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE",
    },
    {
      attribute: "web_acl_arn",
      constraint: all(length(20, 2048), arn),
      source: {
        provider: `internal/service/wafv2/web_acl_association.go: web_acl_arn ${ARN_SOURCE}`,
        api: "wafv2 2019-07-29 AssociateWebACLRequest.WebACLArn (ResourceArn, 20-2048)",
      },
      bad: "my-web-acl",
    },
  ]),
  ...attributes(LOGGING, [
    {
      attribute: "resource_arn",
      constraint: all(length(20, 2048), arn),
      source: {
        provider: `internal/service/wafv2/web_acl_logging_configuration.go: resource_arn ${ARN_SOURCE}`,
        api: "wafv2 2019-07-29 LoggingConfiguration.ResourceArn (20-2048)",
      },
      bad: "web-acl",
    },
    {
      attribute: "log_destination_configs",
      constraint: count(1, 1),
      source: {
        provider:
          "internal/service/wafv2/web_acl_logging_configuration.go: log_destination_configs MinItems 1",
        api: "wafv2 2019-07-29 LoggingConfiguration.LogDestinationConfigs (documentation: one logging destination per web ACL)",
      },
      bad: [
        "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-a",
        "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-b",
      ],
    },
    {
      attribute: "log_destination_configs",
      each: true,
      constraint: pattern(
        LOG_DESTINATION,
        "the ARN of a log group, Firehose stream or bucket named aws-waf-logs-...",
      ),
      source: {
        provider: `internal/service/wafv2/web_acl_logging_configuration.go: log_destination_configs ${ARN_SOURCE}`,
        api: "wafv2 2019-07-29 LoggingConfiguration.LogDestinationConfigs (destination names start with aws-waf-logs-)",
      },
      fix: "name the log group aws-waf-logs-<name>",
      bad: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/waf/acl",
    },
    {
      attribute: "redacted_fields",
      constraint: count(0, 100),
      source: {
        provider: "internal/service/wafv2/web_acl_logging_configuration.go: redacted_fields MaxItems 100",
        api: "wafv2 2019-07-29 LoggingConfiguration.RedactedFields (max 100)",
      },
      bad: Array.from({ length: 101 }, () => ({ method: {} })),
    },
    {
      attribute: "redacted_fields.single_header.name",
      constraint: all(length(1, 64), pattern(/\S/, "at least one non-space character")),
      source: {
        provider:
          "internal/service/wafv2/web_acl_logging_configuration.go: single_header.name StringLenBetween(1, 64), StringMatch(^.*\\S.*$)",
        api: "wafv2 2019-07-29 SingleHeader.Name (FieldToMatchData, 1-64)",
      },
      bad: "x".repeat(65),
    },
  ]),
  oneOfKeys(
    LOGGING,
    "redacted_fields",
    ["method", "query_string", "single_header", "uri_path"],
    {
      provider:
        "internal/service/wafv2/web_acl_logging_configuration.go: expandRedactedField (one field per entry; only these four)",
      api: "wafv2 2019-07-29 LoggingConfiguration.RedactedFields (UriPath, QueryString, SingleHeader, Method)",
    },
    { method: {}, uri_path: {} },
  ),
];

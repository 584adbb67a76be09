import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";
import { arn, partitionOf } from "../config/partition";

export interface WebAclProps {
  /** Physical name of the web ACL; its log group is `aws-waf-logs-<name>` (WAF requires that prefix). */
  readonly aclName: string;
  /** REGIONAL (API Gateway stages, in the API's region) or CLOUDFRONT (always in us-east-1). */
  readonly scope: "REGIONAL" | "CLOUDFRONT";
  /** Region of the stack's provider (the REGIONAL ACL and its logs live there). */
  readonly region: string;
  /** Requests per client IP per 5 minutes before the rate-based rule blocks it. */
  readonly rateLimit: number;
  readonly logRetentionDays: number;
  /**
   * Resource ARNs to associate (REGIONAL only; e.g. an API Gateway stage ARN). A CLOUDFRONT ACL is attached by
   * the distribution's `web_acl_id` instead.
   * @default - none
   */
  readonly associate?: readonly string[];
}

/** AWS managed rule groups, in evaluation order (lower priority first). */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAnonymousIpList",
] as const;

/**
 * Rules of the Common rule set that only count: SizeRestrictions_BODY blocks bodies over 8 KB, but the items API
 * accepts up to 16 KB (`ITEM_LIMITS.maxBodyBytes`) and validates sizes itself.
 */
export const COMMON_RULE_SET_COUNT_ONLY = [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }];

/** Headers never written to WAF logs: bearer tokens and API keys. */
export const REDACTED_HEADERS = ["authorization", "x-api-key"] as const;

/**
 * A WAFv2 web ACL: a per-IP rate-based rule first, then the AWS managed Common, Known-bad-inputs (includes the
 * Log4j rule; nothing excluded) and Anonymous-IP rule groups, blocking; CloudWatch metrics and sampled requests
 * on every rule; full logging to a retained `aws-waf-logs-` log group with credentials redacted.
 */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly logGroup: CloudwatchLogGroup;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    if (!Number.isInteger(props.rateLimit) || props.rateLimit < 100 || props.rateLimit > 2_000_000_000) {
      throw new Error(`rateLimit ${props.rateLimit} is invalid: use an integer from 100 to 2000000000`);
    }
    if (props.scope === "CLOUDFRONT" && (props.associate?.length ?? 0) > 0) {
      throw new Error(
        "a CLOUDFRONT web ACL cannot be associated by ARN: set it as the distribution's web_acl_id",
      );
    }
    const region = props.scope === "CLOUDFRONT" ? "us-east-1" : props.region;
    // CLOUDFRONT resources are pinned to us-east-1 per resource (provider 6.x), whatever the stack's region.
    const regionOverride = props.scope === "CLOUDFRONT" ? region : undefined;
    const metric = (suffix: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.aclName}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 128),
    });

    const rules: Wafv2WebAclRule[] = [
      {
        name: "rate-limit-per-ip",
        priority: 0,
        action: { block: {} },
        statement: {
          rate_based_statement: {
            limit: props.rateLimit,
            aggregate_key_type: "IP",
            evaluation_window_sec: 300,
          },
        },
        visibilityConfig: metric("rate-limit"),
      },
      ...MANAGED_RULE_GROUPS.map(
        (group, index): Wafv2WebAclRule => ({
          name: group,
          priority: (index + 1) * 10,
          overrideAction: { none: {} },
          statement: {
            managed_rule_group_statement: {
              name: group,
              vendor_name: "AWS",
              ...(group === "AWSManagedRulesCommonRuleSet"
                ? { rule_action_override: COMMON_RULE_SET_COUNT_ONLY }
                : {}),
            },
          },
          visibilityConfig: metric(group),
        }),
      ),
    ];

    this.acl = new Wafv2WebAcl(this, "Resource", {
      name: props.aclName,
      description: `Rate limit and AWS managed rules, ${props.scope} scope`,
      scope: props.scope,
      region: regionOverride,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: metric("acl"),
    });
    this.arn = this.acl.arn;

    this.logGroup = new CloudwatchLogGroup(this, "Logs", {
      name: `aws-waf-logs-${props.aclName}`,
      retentionInDays: props.logRetentionDays,
      region: regionOverride,
    });
    // WAF would otherwise add the log group to one account-wide policy (AWSWAF-LOGS) that can outgrow its size
    // limit; this policy admits log delivery to this group only, from this account.
    const account = new DataAwsCallerIdentity(this, "Account");
    const logPolicy = new CloudwatchLogResourcePolicy(this, "LogDelivery", {
      policyName: `${props.aclName}-waf-logs`,
      region: regionOverride,
      policyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WafLogDelivery",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${this.logGroup.arn}:*`,
            Condition: {
              StringEquals: { "aws:SourceAccount": account.accountId },
              ArnLike: { "aws:SourceArn": arn(partitionOf(region), "logs", region, account.accountId, "*") },
            },
          },
        ],
      }),
    });
    new Wafv2WebAclLoggingConfiguration(this, "Logging", {
      resourceArn: this.acl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      region: regionOverride,
      redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
      dependsOn: [logPolicy],
    });

    (props.associate ?? []).forEach((resourceArn, index) => {
      new Wafv2WebAclAssociation(this, `Association${index === 0 ? "" : index}`, {
        resourceArn,
        webAclArn: this.acl.arn,
      });
    });
  }
}

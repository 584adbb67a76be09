/** KMS keys, SNS topics and subscriptions: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { between, length, oneOf, pattern } from "../constraints";
import { attributes, type BlockRule, type ValidityRule } from "../rule";
import { policyDocumentRule, validArn } from "./iam";

const SUBSCRIPTION_PROTOCOLS = [
  "application",
  "email",
  "email-json",
  "firehose",
  "http",
  "https",
  "lambda",
  "sms",
  "sqs",
] as const;

/** What the endpoint of each protocol looks like (SNS Subscribe `Endpoint`). */
const ENDPOINTS: Readonly<Record<string, { readonly test: RegExp; readonly what: string }>> = {
  email: { test: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, what: "an email address" },
  "email-json": { test: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, what: "an email address" },
  http: { test: /^http:\/\/\S+$/, what: "a URL beginning with http://" },
  https: { test: /^https:\/\/\S+$/, what: "a URL beginning with https://" },
  sms: { test: /^\+?[0-9]{3,15}$/, what: "a phone number" },
  sqs: { test: /^arn:[^:]+:sqs:/, what: "an SQS queue ARN" },
  lambda: { test: /^arn:[^:]+:lambda:/, what: "a Lambda function ARN" },
  firehose: { test: /^arn:[^:]+:firehose:/, what: "a Firehose delivery stream ARN" },
  application: { test: /^arn:[^:]+:sns:/, what: "a platform application endpoint ARN" },
};

const endpointForProtocol: BlockRule = {
  kind: "block",
  type: "aws_sns_topic_subscription",
  block: "",
  name: "endpoint matching the protocol",
  source: {
    api: "sns 2010-03-31 SubscribeInput.Endpoint: 'Endpoints vary by protocol' (email and email-json: an email address; http/https: a URL; sqs, lambda, firehose: an ARN)",
  },
  bad: { protocol: "email", endpoint: "oncall at example.com" },
  fix: "set APIGW_ALARM_EMAIL to an email address",
  check: (block) => {
    const expected = typeof block.protocol === "string" ? ENDPOINTS[block.protocol] : undefined;
    const endpoint = block.endpoint;
    if (!expected || typeof endpoint !== "string" || endpoint.includes("${")) return undefined;
    return expected.test.test(endpoint) ? undefined : `a ${block.protocol} endpoint must be ${expected.what}`;
  },
};

export const kmsSnsRules: ValidityRule[] = [
  ...attributes("aws_kms_key", [
    {
      attribute: "description",
      constraint: length(0, 8192),
      source: {
        provider: "internal/service/kms/key.go: description validation.StringLenBetween(0, 8192)",
        api: "kms 2014-11-01 DescriptionType (CreateKey Description): 0-8192",
      },
      bad: "x".repeat(8193),
    },
    {
      attribute: "deletion_window_in_days",
      constraint: between(7, 30),
      source: {
        provider: "internal/service/kms/key.go: deletion_window_in_days validation.IntBetween(7, 30)",
        api: "kms 2014-11-01 PendingWindowInDaysType (ScheduleKeyDeletion PendingWindowInDays)",
      },
      bad: 3,
    },
  ]),
  policyDocumentRule(
    "aws_kms_key",
    "policy",
    { max: 32_768, unit: "bytes" },
    {
      provider: "internal/service/kms/key.go: policy validation.StringIsJSON",
      api: "kms 2014-11-01 PolicyType (CreateKey Policy); AWS KMS Developer Guide, Resource quotas: key policy document size 32 KB (32,768 bytes), not adjustable",
    },
  ),

  ...attributes("aws_sns_topic", [
    {
      attribute: "name",
      constraint: pattern(/^[0-9A-Za-z_-]{1,256}$/, "1-256 letters, digits, - and _ (standard topic)"),
      source: {
        provider: "internal/service/sns/topic.go: resourceTopicCustomizeDiff name ^[0-9A-Za-z_-]{1,256}$",
        api: "sns 2010-03-31 CreateTopicInput.Name: ASCII letters, numbers, underscores and hyphens, 1-256 characters",
      },
      bad: "apigw.dev.alarms",
      fix: "topic names are <APIGW_NAME_PREFIX>-<APIGW_ENVIRONMENT>-<stack>-alarms",
    },
    {
      attribute: "kms_master_key_id",
      constraint: length(1, 2048),
      source: {
        api: "sns 2010-03-31 CreateTopic Attributes KmsMasterKeyId (a KMS key id, alias or ARN: kms 2014-11-01 KeyIdType 1-2048)",
      },
      bad: "",
    },
  ]),

  ...attributes("aws_sns_topic_subscription", [
    {
      attribute: "protocol",
      constraint: oneOf(SUBSCRIPTION_PROTOCOLS),
      source: {
        provider:
          "internal/service/sns/topic_subscription.go: protocol StringInSlice(subscriptionProtocol_Values())",
        api: "sns 2010-03-31 SubscribeInput.Protocol supported protocols",
      },
      bad: "smtp",
    },
    {
      attribute: "topic_arn",
      constraint: validArn,
      source: { provider: "internal/service/sns/topic_subscription.go: topic_arn verify.ValidARN" },
      bad: "alarms",
    },
  ]),
  endpointForProtocol,
];

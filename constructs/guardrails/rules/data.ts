/** DynamoDB, CloudWatch Logs, KMS and SNS rules; see docs/security-baseline.md. */
import { at, isTrue } from "../../../tfjson/blocks";
import type { Rule } from "../model";

export const dataRules: Rule[] = [
  {
    id: "CKV_AWS_28",
    equivalents: ["DDB3", "DynamoDBPITREnabled"],
    types: ["aws_dynamodb_table"],
    requirement: "table: point-in-time recovery on",
    fix: "set point_in_time_recovery { enabled = true }",
    check: (table) =>
      isTrue(at(table.block, "point_in_time_recovery", "enabled"))
        ? undefined
        : "point-in-time recovery is off",
  },
  {
    id: "CKV_AWS_119",
    types: ["aws_dynamodb_table"],
    requirement: "table: encrypted with a customer-managed KMS key",
    fix: "set server_side_encryption { enabled = true, kms_key_arn = <CMK> }, or add a reasoned exception",
    check: (table) => {
      if (!isTrue(at(table.block, "server_side_encryption", "enabled")))
        return "server-side encryption is not enabled";
      return at(table.block, "server_side_encryption", "kms_key_arn")
        ? undefined
        : "no customer-managed key (kms_key_arn)";
    },
  },
  {
    id: "CKV2_AWS_16",
    types: ["aws_dynamodb_table"],
    requirement: "table: on-demand capacity (or provisioned with auto scaling)",
    fix: 'set billing_mode = "PAY_PER_REQUEST"',
    check: (table) =>
      table.block.billing_mode === "PAY_PER_REQUEST"
        ? undefined
        : `billing_mode is ${JSON.stringify(table.block.billing_mode)}`,
  },
  {
    id: "CKV_AWS_66",
    equivalents: ["CloudWatchLogGroupRetentionPeriod"],
    types: ["aws_cloudwatch_log_group"],
    requirement: "log group: a retention period",
    fix: "set retention_in_days (APIGW_LOG_RETENTION_DAYS)",
    check: (group) =>
      group.block.retention_in_days === undefined ? "retention_in_days is not set" : undefined,
  },
  {
    id: "CKV_AWS_338",
    types: ["aws_cloudwatch_log_group"],
    requirement: "log group: retention of at least a year (365 days), or never expire",
    fix: "set APIGW_LOG_RETENTION_DAYS to 365 or more",
    check: (group) => {
      const days = group.block.retention_in_days;
      if (days === undefined) return undefined; // CKV_AWS_66 reports it
      return days === 0 || (typeof days === "number" && days >= 365)
        ? undefined
        : `retention_in_days is ${days}`;
    },
  },
  {
    id: "CKV_AWS_158",
    equivalents: ["CloudWatchLogGroupEncrypted"],
    types: ["aws_cloudwatch_log_group"],
    requirement: "log group: encrypted with a customer-managed KMS key",
    fix: "set kms_key_id, or add a reasoned exception",
    check: (group) => (group.block.kms_key_id ? undefined : "kms_key_id is not set"),
  },
  {
    id: "CKV_AWS_7",
    equivalents: ["KMS5"],
    types: ["aws_kms_key"],
    requirement: "KMS key: automatic rotation on",
    fix: "set enable_key_rotation = true",
    check: (key) => (isTrue(key.block.enable_key_rotation) ? undefined : "enable_key_rotation is not true"),
  },
  {
    id: "CKV_AWS_33",
    types: ["aws_kms_key"],
    requirement: 'KMS key policy: no "*" principal',
    fix: "name the account root and the services that use the key",
    check: (key) =>
      /"Principal":\s*("\*"|\{"AWS":\s*"\*"\})/.test(String(key.block.policy ?? ""))
        ? 'the key policy allows principal "*"'
        : undefined,
  },
  {
    id: "CKV2_AWS_64",
    types: ["aws_kms_key"],
    requirement: "KMS key: an explicit key policy",
    fix: "set policy on the key",
    check: (key) => (key.block.policy ? undefined : "the key has no policy"),
  },
  {
    id: "CKV_AWS_26",
    types: ["aws_sns_topic"],
    requirement: "SNS topic: encrypted at rest",
    fix: "set kms_master_key_id (a key CloudWatch may use for alarm topics)",
    check: (topic) => (topic.block.kms_master_key_id ? undefined : "kms_master_key_id is not set"),
  },
];

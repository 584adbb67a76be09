/** Lambda rules from checkov and the cdk-nag Serverless pack; see docs/security-baseline.md. */
import { at } from "../../../tfjson/blocks";
import type { Rule } from "../model";

const FUNCTION = "aws_lambda_function";

/** Runtimes checkov CKV_AWS_363 lists as deprecated (Node.js families and the other families we might meet). */
const DEPRECATED_RUNTIMES = [
  "nodejs",
  "nodejs4.3",
  "nodejs4.3-edge",
  "nodejs6.10",
  "nodejs8.10",
  "nodejs10.x",
  "nodejs12.x",
  "nodejs14.x",
  "nodejs16.x",
  "python2.7",
  "python3.6",
  "python3.7",
  "python3.8",
  "python3.9",
  "dotnetcore1.0",
  "dotnetcore2.0",
  "dotnetcore2.1",
  "dotnetcore3.1",
  "dotnet6",
  "ruby2.5",
  "ruby2.7",
  "java8",
  "go1.x",
  "provided",
];

/** Values that look like credentials: AWS access keys, private keys, long secrets assigned to secret-ish names. */
const SECRET_VALUE =
  /(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|(?:^|[^a-z])[a-z0-9/+]{40}(?:$|[^a-z0-9/+])/i;
const SECRET_NAME = /(secret|password|passwd|private_?key|api_?key|token)$/i;

function environmentOf(fn: { block: Record<string, unknown> }): Record<string, unknown> {
  return (at(fn.block, "environment", "variables") as Record<string, unknown> | undefined) ?? {};
}

export const lambdaRules: Rule[] = [
  {
    id: "CKV_AWS_50",
    equivalents: ["LambdaTracing"],
    types: [FUNCTION],
    requirement: "function: X-Ray tracing Active",
    fix: 'set tracing_config { mode = "Active" }',
    check: (fn) =>
      at(fn.block, "tracing_config", "mode") === "Active" ? undefined : "tracing_config.mode is not Active",
  },
  {
    id: "CKV_AWS_45",
    types: [FUNCTION],
    requirement:
      "function: no credentials in environment variables (they are visible in state and the console)",
    fix: "read secrets at run time from Secrets Manager or SSM Parameter Store instead",
    check: (fn) => {
      for (const [name, value] of Object.entries(environmentOf(fn))) {
        const text = String(value);
        if (text.includes("${")) continue; // a reference to another resource, not a literal secret
        if (SECRET_VALUE.test(text) || (SECRET_NAME.test(name) && text.length > 0)) {
          return `environment variable ${name} looks like a credential`;
        }
      }
      return undefined;
    },
  },
  {
    id: "CKV_AWS_173",
    types: [FUNCTION],
    requirement: "function with environment variables: encrypted with a customer-managed KMS key",
    fix: "set kms_key_arn, or add a reasoned exception",
    check: (fn) =>
      Object.keys(environmentOf(fn)).length > 0 && !fn.block.kms_key_arn
        ? "environment variables are not encrypted with kms_key_arn"
        : undefined,
  },
  {
    id: "CKV_AWS_115",
    equivalents: ["LambdaConcurrency"],
    types: [FUNCTION],
    requirement: "function: reserved concurrency set",
    fix: "set APIGW_LAMBDA_RESERVED_CONCURRENCY (reserved_concurrent_executions)",
    check: (fn) => {
      const reserved = fn.block.reserved_concurrent_executions;
      return typeof reserved === "number" && reserved !== -1
        ? undefined
        : "reserved_concurrent_executions is not set";
    },
  },
  {
    id: "CKV_AWS_116",
    equivalents: ["LambdaDLQ"],
    types: [FUNCTION],
    requirement: "function: a dead-letter queue for failed asynchronous invocations",
    fix: "set dead_letter_config { target_arn }, or add a reasoned exception",
    check: (fn) =>
      at(fn.block, "dead_letter_config", "target_arn") ? undefined : "dead_letter_config is not set",
  },
  {
    id: "CKV_AWS_117",
    equivalents: ["LambdaInsideVPC"],
    types: [FUNCTION],
    requirement: "function: runs inside a VPC",
    fix: "set vpc_config, or add a reasoned exception",
    check: (fn) => (fn.block.vpc_config ? undefined : "vpc_config is not set"),
  },
  {
    id: "CKV_AWS_272",
    types: [FUNCTION],
    requirement: "function: code signing configured",
    fix: "set code_signing_config_arn, or add a reasoned exception",
    check: (fn) => (fn.block.code_signing_config_arn ? undefined : "code_signing_config_arn is not set"),
  },
  {
    id: "CKV_AWS_363",
    types: [FUNCTION],
    requirement: "function: a supported (not deprecated) runtime",
    fix: 'use runtime "nodejs22.x"',
    check: (fn) =>
      DEPRECATED_RUNTIMES.includes(String(fn.block.runtime))
        ? `runtime ${fn.block.runtime} is deprecated`
        : undefined,
  },
  {
    id: "LambdaDefaultMemorySize",
    types: [FUNCTION],
    requirement: "function: memory size set explicitly",
    fix: "set memory_size",
    check: (fn) => (typeof fn.block.memory_size === "number" ? undefined : "memory_size is not set"),
  },
  {
    id: "LambdaDefaultTimeout",
    types: [FUNCTION],
    requirement: "function: timeout set explicitly",
    fix: "set timeout",
    check: (fn) => (typeof fn.block.timeout === "number" ? undefined : "timeout is not set"),
  },
  {
    id: "CKV_AWS_301",
    types: ["aws_lambda_permission"],
    requirement: "invoke permission: not public",
    fix: "set principal to the calling service, e.g. apigateway.amazonaws.com",
    check: (permission) => (permission.block.principal === "*" ? 'principal is "*"' : undefined),
  },
  {
    id: "CKV_AWS_364",
    types: ["aws_lambda_permission"],
    requirement: "invoke permission for an AWS service: scoped with source_arn or source_account",
    fix: "set source_arn to the calling API's execute-api ARN pattern",
    check: (permission) =>
      String(permission.block.principal).endsWith(".amazonaws.com") &&
      !permission.block.source_arn &&
      !permission.block.source_account
        ? "a service principal without source_arn or source_account"
        : undefined,
  },
];

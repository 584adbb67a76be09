/** Lambda functions and permissions: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { all, between, type Constraint, count, length, oneOf, pattern } from "../constraints";
import { attributes, oneOfKeys, type ValidityRule } from "../rule";
import { validArn } from "./iam";

/**
 * The provider's `validFunctionName()`: a name, a partial ARN or a full ARN, optionally with a qualifier.
 * Group 5 is the function's name.
 */
const FUNCTION_NAME_OR_ARN =
  /^(arn:[\w-]+:lambda:)?([a-z]{2}-(?:[a-z]+-){1,2}\d{1}:)?(\d{12}:)?(function:)?([0-9A-Za-z_-]+)(:(\$LATEST|[0-9A-Za-z_-]+))?$/;

const functionNameOrArn: Constraint = all(
  length(1, 140),
  pattern(FUNCTION_NAME_OR_ARN, "a function name (letters, digits, - and _) or a function ARN"),
);

/** The API limits the name itself to 64 characters; 140 is for the whole ARN. */
const functionNameAtMost64: Constraint = {
  describe: "a function name of at most 64 characters (the 140 limit is for a whole ARN)",
  test: (value) => {
    const name = typeof value === "string" ? FUNCTION_NAME_OR_ARN.exec(value)?.[5] : undefined;
    return name !== undefined && name.length <= 64;
  },
};

/** Runtime identifiers of the Lambda API model (botocore lambda 2015-03-31 `Runtime`). */
const RUNTIMES = [
  "nodejs",
  "nodejs4.3",
  "nodejs6.10",
  "nodejs8.10",
  "nodejs10.x",
  "nodejs12.x",
  "nodejs14.x",
  "nodejs16.x",
  "java8",
  "java8.al2",
  "java11",
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
  "dotnet8",
  "nodejs4.3-edge",
  "go1.x",
  "ruby2.5",
  "ruby2.7",
  "provided",
  "provided.al2",
  "nodejs18.x",
  "python3.10",
  "java17",
  "ruby3.2",
  "ruby3.3",
  "ruby3.4",
  "python3.11",
  "nodejs20.x",
  "provided.al2023",
  "python3.12",
  "java21",
  "python3.13",
  "nodejs22.x",
  "nodejs24.x",
  "python3.14",
  "java25",
  "dotnet10",
  "ruby4.0",
] as const;

/** Keys Lambda sets itself and refuses in a function's configuration. */
const RESERVED_ENVIRONMENT_KEYS = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
];

const notReserved: Constraint = {
  describe: `not a key Lambda reserves (${RESERVED_ENVIRONMENT_KEYS.join(", ")})`,
  test: (value) => typeof value === "string" && !RESERVED_ENVIRONMENT_KEYS.includes(value),
};

/** Bytes of keys and values; parts known only at apply (`${...}`) count as empty, so this is a lower bound. */
const ENVIRONMENT_LIMIT = 4096;
const environmentSize: Constraint = {
  describe: `environment variables of at most ${ENVIRONMENT_LIMIT} bytes in total (keys and values, UTF-8; values known only at apply not counted)`,
  test: (value) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const size = Object.entries(value).reduce(
      (sum, [key, item]) =>
        sum +
        Buffer.byteLength(key, "utf8") +
        Buffer.byteLength(String(item).replace(/\$\{[^}]*\}/g, ""), "utf8"),
      0,
    );
    return size <= ENVIRONMENT_LIMIT;
  },
};

export const lambdaRules: ValidityRule[] = [
  ...attributes("aws_lambda_function", [
    {
      attribute: "function_name",
      constraint: functionNameOrArn,
      source: {
        provider:
          "internal/service/lambda/validate.go: function_name validFunctionName() (pattern, StringLenBetween(1, 140))",
        api: "lambda 2015-03-31 FunctionName (CreateFunction FunctionName): 1-140 and its pattern",
      },
      bad: "apigw dev hello",
    },
    {
      attribute: "function_name",
      constraint: functionNameAtMost64,
      source: {
        api: "lambda 2015-03-31 CreateFunction FunctionName: 'If you specify only the function name, it is limited to 64 characters in length'",
      },
      bad: "f".repeat(65),
      fix: "names are <APIGW_NAME_PREFIX>-<APIGW_ENVIRONMENT>-<stack>-<handler>: shorten the prefix or environment",
    },
    {
      attribute: "handler",
      constraint: all(length(1, 128), pattern(/^\S+$/, "no white space")),
      source: {
        provider: "internal/service/lambda/function.go: handler validation.StringLenBetween(1, 128)",
        api: "lambda 2015-03-31 Handler (CreateFunction Handler): max 128, pattern [^\\s]+",
      },
      bad: "index handler",
    },
    {
      attribute: "runtime",
      constraint: oneOf(RUNTIMES),
      source: {
        provider: "internal/service/lambda/function.go: runtime enum.Validate[awstypes.Runtime]()",
        api: "lambda 2015-03-31 Runtime enum (CreateFunction Runtime)",
      },
      bad: "nodejs22",
    },
    {
      attribute: "memory_size",
      constraint: between(128, 10_240),
      source: {
        provider: "internal/service/lambda/function.go: memory_size validation.IntBetween(128, 10240)",
        api: "lambda 2015-03-31 MemorySize (CreateFunction MemorySize): min 128",
      },
      bad: 64,
    },
    {
      attribute: "timeout",
      constraint: between(1, 900),
      source: {
        provider: "internal/service/lambda/function.go: timeout validation.IntBetween(1, 900)",
        api: "lambda 2015-03-31 Timeout (CreateFunction Timeout): min 1",
      },
      bad: 901,
    },
    {
      attribute: "architectures",
      constraint: count(1, 1),
      source: {
        provider: "internal/service/lambda/function.go: architectures MaxItems: 1",
        api: "lambda 2015-03-31 ArchitecturesList (CreateFunction Architectures): 1-1 items",
      },
      bad: ["arm64", "x86_64"],
    },
    {
      attribute: "architectures",
      each: true,
      constraint: oneOf(["x86_64", "arm64"]),
      source: {
        provider: "internal/service/lambda/function.go: architectures enum.Validate[awstypes.Architecture]()",
        api: "lambda 2015-03-31 Architecture enum",
      },
      bad: "aarch64",
    },
    {
      attribute: "description",
      constraint: length(0, 256),
      source: { api: "lambda 2015-03-31 Description (CreateFunction Description): 0-256" },
      bad: "x".repeat(257),
    },
    {
      attribute: "role",
      constraint: pattern(
        /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/,
        "an IAM role ARN",
      ),
      source: {
        provider: "internal/service/lambda/function.go: role verify.ValidARN",
        api: "lambda 2015-03-31 RoleArn (CreateFunction Role) pattern",
      },
      bad: "hello-role",
    },
    {
      attribute: "reserved_concurrent_executions",
      constraint: {
        describe: "an integer of at least -1 (-1: unreserved)",
        test: (v) => Number.isInteger(v) && (v as number) >= -1,
      },
      source: {
        provider:
          "internal/service/lambda/function.go: reserved_concurrent_executions validation.IntAtLeast(-1)",
        api: "lambda 2015-03-31 ReservedConcurrentExecutions (PutFunctionConcurrency): min 0",
      },
      bad: -2,
    },
    {
      attribute: "tracing_config.mode",
      constraint: oneOf(["Active", "PassThrough"]),
      source: {
        provider:
          "internal/service/lambda/function.go: tracing_config.mode enum.Validate[awstypes.TracingMode]()",
        api: "lambda 2015-03-31 TracingMode enum",
      },
      bad: "active",
    },
    {
      attribute: "logging_config.log_format",
      constraint: oneOf(["JSON", "Text"]),
      source: {
        provider:
          "internal/service/lambda/function.go: logging_config.log_format enum.Validate[awstypes.LogFormat]()",
        api: "lambda 2015-03-31 LogFormat enum",
      },
      bad: "json",
    },
    {
      attribute: "logging_config.log_group",
      constraint: all(length(1, 512), pattern(/^[0-9A-Za-z_./#-]+$/, "letters, digits and _ . / # -")),
      source: {
        provider: "internal/service/lambda/validate.go: logging_config.log_group validLogGroupName()",
        api: "lambda 2015-03-31 LogGroup (LoggingConfig LogGroup): 1-512, [\\.\\-_/#A-Za-z0-9]+",
      },
      bad: "/aws/lambda/hello world",
    },
    {
      attribute: "environment.variables.@key",
      constraint: all(
        pattern(/^[a-zA-Z]([a-zA-Z0-9_])+$/, "a letter, then letters, digits or _ (2 characters at least)"),
        notReserved,
      ),
      source: {
        api: "lambda 2015-03-31 EnvironmentVariableName pattern [a-zA-Z]([a-zA-Z0-9_])+; Lambda Developer Guide, Defined runtime environment variables (reserved keys cannot be set)",
      },
      bad: "AWS_REGION",
    },
    {
      attribute: "environment.variables",
      constraint: environmentSize,
      source: {
        api: "Lambda Developer Guide, Lambda quotas: function environment variables 4 KB, for all variables of a function in aggregate",
      },
      bad: { BIG: "x".repeat(ENVIRONMENT_LIMIT) },
      fix: "shorten the values (long origin, audience or issuer lists come from the CORS and JWT settings)",
    },
    {
      attribute: "vpc_config.subnet_ids",
      constraint: count(0, 16),
      source: { api: "lambda 2015-03-31 SubnetIds (VpcConfig SubnetIds): max 16" },
      bad: Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(17, "0")}`),
    },
    {
      attribute: "vpc_config.security_group_ids",
      constraint: count(0, 5),
      source: { api: "lambda 2015-03-31 SecurityGroupIds (VpcConfig SecurityGroupIds): max 5" },
      bad: Array.from({ length: 6 }, (_, i) => `sg-${String(i).padStart(17, "0")}`),
    },
  ]),
  oneOfKeys(
    "aws_lambda_function",
    "",
    ["filename", "image_uri", "s3_bucket"],
    {
      provider:
        'internal/service/lambda/function.go: filename ExactlyOneOf("filename", "image_uri", "s3_bucket")',
    },
    { s3_bucket: "my-artifacts", s3_key: "hello.zip" },
  ),

  ...attributes("aws_lambda_permission", [
    {
      attribute: "action",
      constraint: pattern(/^(lambda:[*]|lambda:[A-Za-z]+|[*])$/, "lambda:<Action>, lambda:* or *"),
      source: {
        provider: "internal/service/lambda/validate.go: action validPermissionAction()",
        api: "lambda 2015-03-31 Action (AddPermission Action) pattern",
      },
      bad: "InvokeFunction",
    },
    {
      attribute: "principal",
      constraint: pattern(/^\S+$/, "no white space"),
      source: { api: "lambda 2015-03-31 Principal (AddPermission Principal): pattern [^\\s]+" },
      bad: "apigateway amazonaws com",
    },
    {
      attribute: "function_name",
      constraint: functionNameOrArn,
      source: {
        provider: "internal/service/lambda/validate.go: function_name validFunctionName()",
        api: "lambda 2015-03-31 NamespacedFunctionName (AddPermission FunctionName)",
      },
      bad: "hello function",
    },
    {
      attribute: "source_arn",
      constraint: validArn,
      source: {
        provider: "internal/service/lambda/permission.go: source_arn verify.ValidARN",
        api: "lambda 2015-03-31 Arn (AddPermission SourceArn) pattern",
      },
      bad: "execute-api/*/GET/hello",
    },
  ]),
];

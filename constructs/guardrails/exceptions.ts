/**
 * The one reviewed list of baseline exceptions. Each entry waives one rule for the resources `when` selects,
 * with the reason it is right for these stacks. A change here is a security decision: review it as one.
 */
import { at, isTrue } from "../../tfjson/blocks";
import type { BaselineException, ResourceView, StackView } from "./model";

/** What the exceptions need to know of the app, from its own sources rather than from what it synthesized. */
export interface BaselineFacts {
  /** Keys (`GET /hello`) of the routes the app's route table marks public: they may carry no authorizer. */
  readonly publicRouteKeys: readonly string[];
}

/** A REST method that serves one of `publicRouteKeys`. */
function isPublicRestMethod(publicRouteKeys: readonly string[]) {
  return (method: ResourceView, stack: StackView): boolean => {
    const resource = stack.resolve(method.block.resource_id);
    const path = resource ? resourcePath(resource, stack) : undefined;
    return path !== undefined && publicRouteKeys.includes(`${method.block.http_method} ${path}`);
  };
}

function resourcePath(resource: ResourceView, stack: StackView): string | undefined {
  const parent = stack.resolve(resource.block.parent_id);
  const part = String(resource.block.path_part);
  if (parent?.type !== "aws_api_gateway_resource") return `/${part}`;
  const above = resourcePath(parent, stack);
  return above === undefined ? undefined : `${above}/${part}`;
}

function isWebSocketRoute(route: ResourceView, stack: StackView): boolean {
  return stack.resolve(route.block.api_id)?.block.protocol_type === "WEBSOCKET";
}

const always = () => true;

/** The exceptions, for an app whose route table is described by `facts`. */
export function baselineExceptions({ publicRouteKeys }: BaselineFacts): readonly BaselineException[] {
  const isPublicRoute = (route: ResourceView) => publicRouteKeys.includes(String(route.block.route_key));
  return [
    // Routes that cannot or should not carry an authorizer.
    {
      rule: "CKV_AWS_309",
      type: "aws_apigatewayv2_route",
      when: (route, stack) => isWebSocketRoute(route, stack) && route.block.route_key !== "$connect",
      reason:
        "API Gateway can authorize a WebSocket API only on $connect; every later frame rides the connection $connect authorized",
    },
    {
      rule: "APIG4",
      type: "aws_apigatewayv2_route",
      when: (route, stack) => isWebSocketRoute(route, stack) && route.block.route_key !== "$connect",
      reason: "API Gateway can authorize a WebSocket API only on $connect (same as CKV_AWS_309)",
    },
    {
      rule: "CKV_AWS_309",
      type: "aws_apigatewayv2_route",
      when: isPublicRoute,
      reason:
        "public by design: the route table marks it public (an anonymous greeting); the stage throttles it",
    },
    {
      rule: "APIG4",
      type: "aws_apigatewayv2_route",
      when: isPublicRoute,
      reason:
        "public by design: the route table marks it public (an anonymous greeting); the stage throttles it",
    },
    {
      rule: "APIG4",
      type: "aws_api_gateway_method",
      when: isPublicRestMethod(publicRouteKeys),
      reason:
        "public by design: the route table marks it public; the stage throttles it (and WAF screens it on public endpoints)",
    },
    {
      rule: "CKV_AWS_59",
      type: "aws_api_gateway_method",
      when: isPublicRestMethod(publicRouteKeys),
      reason:
        "public by design: the route table marks it public; the stage throttles it (and WAF screens it on public endpoints)",
    },
    {
      rule: "CKV2_AWS_70",
      type: "aws_api_gateway_method",
      when: (method) => method.block.http_method === "OPTIONS",
      reason:
        "CORS preflight: browsers send it without credentials by the CORS standard; it is a MOCK answering headers only",
    },
    // Client certificates authenticate API Gateway to HTTP backends; these APIs only integrate Lambda.
    {
      rule: "CKV2_AWS_51",
      type: "aws_api_gateway_stage",
      when: always,
      reason:
        "every integration is a Lambda proxy invoked through IAM; a client certificate only authenticates HTTP backends",
    },
    {
      rule: "CKV2_AWS_51",
      type: "aws_apigatewayv2_stage",
      when: always,
      reason:
        "every integration is a Lambda proxy invoked through IAM; a client certificate only authenticates HTTP backends",
    },
    // Cost: a stage cache is billed per hour; it is a setting, on by default only where it is the point (rest-edge).
    {
      rule: "CKV_AWS_120",
      type: "aws_api_gateway_stage",
      when: (stage) => !isTrue(stage.block.cache_cluster_enabled),
      reason:
        "a stage cache costs from $14/month; it is a setting (APIGW_REST_*_CACHE), on by default in rest-edge",
    },
    {
      rule: "CKV_AWS_225",
      type: "aws_api_gateway_method_settings",
      when: always,
      reason:
        "caching every method would serve stale lists; only GET /items/{id} is cached (a per-method setting) when the stage cache is on",
    },
    // Lambda choices.
    {
      rule: "CKV_AWS_173",
      type: "aws_lambda_function",
      when: always,
      reason:
        "environment variables hold only resource names and limits (CKV_AWS_45 rejects secrets); Lambda encrypts them at rest with its service key",
    },
    {
      rule: "CKV_AWS_115",
      type: "aws_lambda_function",
      when: (fn) => fn.block.reserved_concurrent_executions === undefined,
      reason:
        "reserving concurrency fails on new accounts (unreserved capacity must stay >= 100); set APIGW_LAMBDA_RESERVED_CONCURRENCY where the account allows",
    },
    {
      rule: "CKV_AWS_116",
      type: "aws_lambda_function",
      when: always,
      reason:
        "API Gateway invokes synchronously and gets the error back; a dead-letter queue only catches asynchronous invocations",
    },
    {
      rule: "CKV_AWS_117",
      type: "aws_lambda_function",
      when: (fn) => !fn.block.vpc_config,
      reason:
        "the functions call only DynamoDB and API Gateway over AWS endpoints; a VPC adds ENIs and needs endpoints or NAT (rest-private offers it as a setting)",
    },
    {
      rule: "CKV_AWS_272",
      type: "aws_lambda_function",
      when: always,
      reason:
        "artifacts are built reproducibly from the commit (byte-identical zips, source_code_hash pinned); signing needs a Signer profile per account",
    },
    // Keys: AWS-managed encryption is on everywhere; customer-managed keys cost $1/month each and need key policies.
    {
      rule: "CKV_AWS_119",
      type: "aws_dynamodb_table",
      when: (table) => isTrue(at(table.block, "server_side_encryption", "enabled")),
      reason:
        "encrypted at rest with the AWS-managed key; a customer-managed key is a Table prop (kmsKeyArn) when policy requires it",
    },
    {
      rule: "CKV_AWS_158",
      type: "aws_cloudwatch_log_group",
      when: always,
      reason:
        "CloudWatch Logs encrypts every log group at rest; the logs hold no bodies (data tracing is off, CKV_AWS_276)",
    },
    // The WebSocket connection table holds records that expire within 2 hours.
    {
      rule: "CKV_AWS_28",
      type: "aws_dynamodb_table",
      when: (table) => at(table.block, "ttl", "enabled") === true,
      reason:
        "a table of short-lived records (TTL): a backup would restore only connections that no longer exist",
    },
    // The account-wide API Gateway logging role must use the policy AWS documents for it.
    {
      rule: "IAM4",
      type: "aws_iam_role",
      when: (role, stack) =>
        stack
          .referencing(role, "aws_iam_role_policy_attachment")
          .every((a) => String(a.block.policy_arn).endsWith("/AmazonAPIGatewayPushToCloudWatchLogs")),
      reason:
        "API Gateway's account logging role: AWS documents AmazonAPIGatewayPushToCloudWatchLogs for it (it names its own log groups)",
    },
    // Private networking.
    {
      rule: "VPC7",
      type: "aws_vpc",
      when: always,
      reason:
        "the VPC carries only PrivateLink traffic to API Gateway, whose access logs record every call; flow logs would duplicate them at extra cost",
    },
    // CloudFront in front of an API (off by default).
    {
      rule: "CKV_AWS_86",
      type: "aws_cloudfront_distribution",
      when: always,
      reason:
        "API Gateway's access logs record every request that reaches the API; CloudFront standard logs need an S3 bucket with ACLs",
    },
    {
      rule: "CKV_AWS_374",
      type: "aws_cloudfront_distribution",
      when: always,
      reason: "which countries to block is a business decision for the team that forks the stack",
    },
    {
      rule: "CKV_AWS_310",
      type: "aws_cloudfront_distribution",
      when: always,
      reason: "there is one origin, the API; failover needs a second API in another region",
    },
    {
      rule: "CKV_AWS_305",
      type: "aws_cloudfront_distribution",
      when: always,
      reason: "an API has no root document",
    },
  ];
}

/**
 * Attributes Terraform only knows after apply (ids, ARNs, URLs), made up deterministically from the stack id
 * and the resource address, so every start of the gateway gives the same values for the same stack.
 * Account 000000000000; the region comes from the provider (or the resource's own `region`).
 */
import { createHash } from "node:crypto";
import type { Block } from "../../tfjson/types";

export const LOCAL_ACCOUNT_ID = "000000000000";

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

/** `length` characters from `alphabet`, derived from `seed` only. */
export function stableId(seed: string, length: number, alphabet = LOWER_ALNUM): string {
  let out = "";
  let counter = 0;
  while (out.length < length) {
    const digest = createHash("sha256").update(`${seed}#${counter++}`).digest();
    for (const byte of digest) {
      if (out.length === length) break;
      out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** What a computed attribute needs to know about its resource. */
export interface ComputeContext {
  readonly seed: string;
  readonly type: string;
  readonly block: Block;
  readonly region: string;
  /** Another attribute of the same resource (literal or computed). */
  readonly attr: (name: string) => unknown;
}

const ID_FORMATS: Record<string, (c: ComputeContext) => string> = {
  aws_apigatewayv2_api: (c) => stableId(c.seed, 10),
  aws_api_gateway_rest_api: (c) => stableId(c.seed, 10),
  aws_api_gateway_resource: (c) => stableId(c.seed, 6),
  aws_api_gateway_api_key: (c) => stableId(c.seed, 10),
  aws_api_gateway_usage_plan: (c) => stableId(c.seed, 6),
  aws_api_gateway_authorizer: (c) => stableId(c.seed, 6),
  aws_api_gateway_request_validator: (c) => stableId(c.seed, 6),
  aws_api_gateway_deployment: (c) => stableId(c.seed, 6),
  aws_api_gateway_stage: (c) => `ags-${String(c.attr("rest_api_id"))}-${String(c.attr("stage_name"))}`,
  aws_apigatewayv2_stage: (c) => String(c.attr("name")),
  aws_cognito_user_pool: (c) => `${c.region}_${stableId(c.seed, 9, ALNUM)}`,
  aws_cognito_user_pool_client: (c) => stableId(c.seed, 26),
  aws_vpc_endpoint: (c) => `vpce-${stableId(c.seed, 17, HEX)}`,
  aws_vpc: (c) => `vpc-${stableId(c.seed, 17, HEX)}`,
  aws_subnet: (c) => `subnet-${stableId(c.seed, 17, HEX)}`,
  aws_security_group: (c) => `sg-${stableId(c.seed, 17, HEX)}`,
  aws_lambda_function: (c) => String(c.attr("function_name")),
  aws_dynamodb_table: (c) => String(c.attr("name")),
  aws_iam_role: (c) => String(c.attr("name")),
  aws_cloudwatch_log_group: (c) => String(c.attr("name")),
};

function arnOf(c: ComputeContext, account = LOCAL_ACCOUNT_ID): string {
  const id = String(c.attr("id"));
  switch (c.type) {
    case "aws_lambda_function":
      return `arn:aws:lambda:${c.region}:${account}:function:${String(c.attr("function_name"))}`;
    case "aws_lambda_alias":
      return `arn:aws:lambda:${c.region}:${account}:function:${String(c.attr("function_name"))}:${String(c.attr("name"))}`;
    case "aws_dynamodb_table":
      return `arn:aws:dynamodb:${c.region}:${account}:table/${String(c.attr("name"))}`;
    case "aws_cloudwatch_log_group":
      return `arn:aws:logs:${c.region}:${account}:log-group:${String(c.attr("name"))}`;
    case "aws_iam_role":
      return `arn:aws:iam::${account}:role/${String(c.attr("name"))}`;
    case "aws_iam_policy":
      return `arn:aws:iam::${account}:policy/${String(c.attr("name"))}`;
    case "aws_cognito_user_pool":
      return `arn:aws:cognito-idp:${c.region}:${account}:userpool/${id}`;
    case "aws_apigatewayv2_api":
      return `arn:aws:apigateway:${c.region}::/apis/${id}`;
    case "aws_api_gateway_rest_api":
      return `arn:aws:apigateway:${c.region}::/restapis/${id}`;
    case "aws_api_gateway_stage":
      return `arn:aws:apigateway:${c.region}::/restapis/${String(c.attr("rest_api_id"))}/stages/${String(c.attr("stage_name"))}`;
    case "aws_api_gateway_api_key":
      return `arn:aws:apigateway:${c.region}::/apikeys/${id}`;
    case "aws_sqs_queue":
      return `arn:aws:sqs:${c.region}:${account}:${String(c.attr("name"))}`;
    default: {
      const service = c.type.replace(/^aws_/, "").split("_")[0];
      return `arn:aws:${service}:${c.region}:${account}:${c.type.replace(/^aws_/, "")}/${id}`;
    }
  }
}

/** A computed attribute of a resource, or `undefined` when the gateway has no sensible value for it. */
export function computedAttribute(c: ComputeContext, name: string): unknown {
  switch (name) {
    case "id":
      return (ID_FORMATS[c.type] ?? ((x: ComputeContext) => stableId(x.seed, 10)))(c);
    case "arn":
      return arnOf(c);
    case "account_id":
      return LOCAL_ACCOUNT_ID;
    case "region":
      return c.region;
    case "invoke_arn":
      if (c.type === "aws_lambda_function" || c.type === "aws_lambda_alias")
        return `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${String(c.attr("arn"))}/invocations`;
      if (c.type === "aws_api_gateway_stage")
        return `https://${String(c.attr("rest_api_id"))}.execute-api.${c.region}.amazonaws.com/${String(c.attr("stage_name"))}`;
      return undefined;
    case "qualified_arn":
      return `${String(c.attr("arn"))}:$LATEST`;
    case "qualified_invoke_arn":
      return `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${String(c.attr("qualified_arn"))}/invocations`;
    case "version":
      return "$LATEST";
    case "execution_arn":
      if (c.type === "aws_apigatewayv2_stage")
        return `arn:aws:execute-api:${c.region}:${LOCAL_ACCOUNT_ID}:${String(c.attr("api_id"))}/${String(c.attr("name"))}`;
      if (c.type === "aws_api_gateway_stage")
        return `arn:aws:execute-api:${c.region}:${LOCAL_ACCOUNT_ID}:${String(c.attr("rest_api_id"))}/${String(c.attr("stage_name"))}`;
      return `arn:aws:execute-api:${c.region}:${LOCAL_ACCOUNT_ID}:${String(c.attr("id"))}`;
    case "root_resource_id":
      return stableId(`${c.seed}/root`, 10);
    case "api_endpoint": {
      const scheme = c.block.protocol_type === "WEBSOCKET" ? "wss" : "https";
      return `${scheme}://${String(c.attr("id"))}.execute-api.${c.region}.amazonaws.com`;
    }
    case "invoke_url": {
      if (c.type === "aws_apigatewayv2_stage") {
        const stage = String(c.attr("name"));
        return `https://${String(c.attr("api_id"))}.execute-api.${c.region}.amazonaws.com/${stage === "$default" ? "" : stage}`;
      }
      if (c.type === "aws_api_gateway_stage")
        return `https://${String(c.attr("rest_api_id"))}.execute-api.${c.region}.amazonaws.com/${String(c.attr("stage_name"))}`;
      return undefined;
    }
    case "endpoint":
      if (c.type === "aws_cognito_user_pool")
        return `cognito-idp.${c.region}.amazonaws.com/${String(c.attr("id"))}`;
      return undefined;
    case "value":
      if (c.type === "aws_api_gateway_api_key") return stableId(`${c.seed}/value`, 40, ALNUM);
      return undefined;
    case "dns_entry":
      if (c.type === "aws_vpc_endpoint")
        return [
          {
            dns_name: `${String(c.attr("id"))}.execute-api.${c.region}.vpce.amazonaws.com`,
            hosted_zone_id: "Z7HUB22UULQXV",
          },
        ];
      return undefined;
    case "name":
      return c.type === "aws_api_gateway_deployment"
        ? undefined
        : `${c.type.replace(/^aws_/, "")}-${stableId(c.seed, 8)}`;
    case "root_domain":
    case "cloudfront_domain_name":
      return `${stableId(c.seed, 14)}.cloudfront.net`;
    case "regional_domain_name":
      return `d-${stableId(c.seed, 10)}.execute-api.${c.region}.amazonaws.com`;
    case "created_date":
    case "last_updated_date":
      return "2024-01-01T00:00:00Z";
    default:
      return undefined;
  }
}

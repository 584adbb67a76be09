/** REST API resources (aws_api_gateway_*): the provider's validators and the AWS API model, rule by rule with the source of each. */
import type { ValidityRule } from "../rule";

export const apiGatewayRules: ValidityRule[] = [];

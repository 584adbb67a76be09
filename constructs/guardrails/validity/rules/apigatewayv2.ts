/** HTTP and WebSocket API resources (aws_apigatewayv2_*): the provider's validators and the AWS API model, rule by rule with the source of each. */
import type { ValidityRule } from "../rule";

export const apigatewayv2Rules: ValidityRule[] = [];

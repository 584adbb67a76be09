/** Every validity rule, by service. Each family file cites its sources rule by rule. */
import type { ValidityRule } from "../rule";
import { acmRoute53Rules } from "./acm-route53";
import { apiGatewayRules } from "./api-gateway";
import { apigatewayv2Rules } from "./apigatewayv2";
import { cloudfrontRules } from "./cloudfront";
import { cloudwatchRules } from "./cloudwatch";
import { cognitoRules } from "./cognito";
import { dynamodbRules } from "./dynamodb";
import { iamRules } from "./iam";
import { kmsSnsRules } from "./kms-sns";
import { lambdaRules } from "./lambda";
import { networkRules } from "./network";
import { providerRules } from "./provider";
import { wafv2Rules } from "./wafv2";

export const VALIDITY_RULES: readonly ValidityRule[] = [
  ...apiGatewayRules,
  ...apigatewayv2Rules,
  ...lambdaRules,
  ...iamRules,
  ...cloudwatchRules,
  ...kmsSnsRules,
  ...dynamodbRules,
  ...wafv2Rules,
  ...cloudfrontRules,
  ...cognitoRules,
  ...acmRoute53Rules,
  ...networkRules,
  ...providerRules,
];

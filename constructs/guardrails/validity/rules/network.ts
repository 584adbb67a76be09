/** VPC, subnets, route tables, security groups and rules, VPC endpoints, and their data sources: the provider's validators and the AWS API model, rule by rule with the source of each. */
import type { ValidityRule } from "../rule";

export const networkRules: ValidityRule[] = [];

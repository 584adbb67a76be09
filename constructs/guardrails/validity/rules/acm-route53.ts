/** ACM certificates and validations, Route 53 records: the provider's validators and the AWS API model, rule by rule with the source of each. */
import type { ValidityRule } from "../rule";

export const acmRoute53Rules: ValidityRule[] = [];

/** CloudFront distributions, policies and their data sources: the provider's validators and the AWS API model, rule by rule with the source of each. */
import type { ValidityRule } from "../rule";

export const cloudfrontRules: ValidityRule[] = [];

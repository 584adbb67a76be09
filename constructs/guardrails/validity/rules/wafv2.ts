/** WAFv2 (web ACLs, their association and logging): the provider's validators and the wafv2 API model. */
import { length, pattern } from "../constraints";
import { attributes, type ValidityRule } from "../rule";

export const wafv2Rules: ValidityRule[] = [
  ...attributes("aws_wafv2_web_acl", [
    {
      attribute: "description",
      constraint: length(1, 256),
      source: {
        provider: "internal/service/wafv2/web_acl.go: description validation.StringLenBetween(1, 256)",
      },
      bad: "x".repeat(257),
    },
    {
      attribute: "description",
      // The provider checks only the length; the API refuses anything else at create, after plan succeeded.
      constraint: pattern(
        /^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/,
        "letters, digits, spaces and + = : # @ / - , . _ (no parentheses)",
      ),
      source: { api: "wafv2 2019-07-29 EntityDescription (CreateWebACL Description)" },
      bad: "Rate limit (REGIONAL)",
    },
  ]),
];

/** WAFv2 and CloudFront rules; see docs/security-baseline.md "WAFv2", "CloudFront" and cdk-nag CFR*. */
import { at, each, isTrue } from "../../../tfjson/blocks";
import type { Rule } from "../model";
import { managedRuleGroups } from "./api-gateway";

const ACL = "aws_wafv2_web_acl";
const DISTRIBUTION = "aws_cloudfront_distribution";

function cacheBehaviors(distribution: { block: Record<string, unknown> }): Record<string, unknown>[] {
  return [
    ...each(distribution.block.default_cache_behavior),
    ...each(distribution.block.ordered_cache_behavior),
  ];
}

export const edgeRules: Rule[] = [
  {
    id: "CKV_AWS_175",
    types: [ACL],
    requirement: "web ACL: at least one rule",
    fix: "add rules (managed rule groups, a rate-based rule)",
    check: (acl) => (each(acl.block.rule).length > 0 ? undefined : "the web ACL has no rules"),
  },
  {
    id: "CKV_AWS_342",
    types: [ACL],
    requirement: "web ACL: every rule has an action, or is a managed rule group with an override action",
    fix: "give each rule an action { block/count/allow } or override_action { none }",
    check: (acl) => {
      const bare = each(acl.block.rule).filter((rule) => !rule.action && !rule.override_action);
      return bare.length > 0 ? `rule ${String(bare[0].name)} has no action` : undefined;
    },
  },
  {
    id: "CKV_AWS_192",
    types: [ACL],
    requirement:
      "web ACL: AWSManagedRulesKnownBadInputsRuleSet enforced (override none, Log4JRCE not excluded)",
    fix: "add the rule group with override_action { none {} } and no Log4JRCE exclusion",
    check: (acl) => {
      const rule = each(acl.block.rule).find(
        (r) =>
          at(r, "statement", "managed_rule_group_statement", "name") ===
          "AWSManagedRulesKnownBadInputsRuleSet",
      );
      if (!rule) return "AWSManagedRulesKnownBadInputsRuleSet is missing";
      if (!at(rule, "override_action", "none"))
        return "AWSManagedRulesKnownBadInputsRuleSet is not enforced (override_action is not none)";
      return JSON.stringify(rule).includes("Log4JRCE") ? "Log4JRCE is excluded" : undefined;
    },
  },
  {
    id: "CKV2_AWS_31",
    equivalents: ["WAFv2LoggingEnabled"],
    types: [ACL],
    requirement: "web ACL: logging configured",
    fix: "add an aws_wafv2_web_acl_logging_configuration for the web ACL",
    check: (acl, stack) =>
      stack.referencing(acl, "aws_wafv2_web_acl_logging_configuration").length > 0
        ? undefined
        : "no logging configuration",
  },
  {
    id: "CKV_AWS_34",
    types: [DISTRIBUTION],
    requirement: "distribution: viewers use HTTPS (no allow-all)",
    fix: 'set viewer_protocol_policy = "redirect-to-https" or "https-only" on every cache behavior',
    check: (distribution) =>
      cacheBehaviors(distribution).some((behavior) => behavior.viewer_protocol_policy === "allow-all")
        ? "a cache behavior allows plain HTTP"
        : undefined,
  },
  {
    id: "CKV_AWS_174",
    equivalents: ["CKV2_AWS_42", "CFR4"],
    types: [DISTRIBUTION],
    requirement: "distribution: a custom certificate, SNI, and TLS 1.2 or newer for viewers",
    fix: 'viewer_certificate { acm_certificate_arn, ssl_support_method = "sni-only", minimum_protocol_version = "TLSv1.2_2021" }',
    check: (distribution) => {
      const certificate = at(distribution.block, "viewer_certificate") as Record<string, unknown> | undefined;
      if (!certificate || isTrue(certificate.cloudfront_default_certificate))
        return "the default CloudFront certificate is used";
      if (!certificate.acm_certificate_arn && !certificate.iam_certificate_id) return "no custom certificate";
      if (certificate.ssl_support_method !== "sni-only") return "ssl_support_method is not sni-only";
      return /^TLSv1\.(2|3)_\d{4}$/.test(String(certificate.minimum_protocol_version))
        ? undefined
        : `minimum_protocol_version is ${JSON.stringify(certificate.minimum_protocol_version)}`;
    },
  },
  {
    id: "CKV2_AWS_54",
    equivalents: ["CKV2_AWS_72", "CFR5"],
    types: [DISTRIBUTION],
    requirement: "distribution: custom origins over HTTPS only, TLS 1.2",
    fix: 'custom_origin_config { origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.2"] }',
    check: (distribution) => {
      for (const origin of each(distribution.block.origin)) {
        const config = at(origin, "custom_origin_config") as Record<string, unknown> | undefined;
        if (!config) continue;
        if (config.origin_protocol_policy !== "https-only") return "an origin is not https-only";
        const protocols = (config.origin_ssl_protocols as string[]) ?? [];
        if (protocols.some((p) => ["SSLv3", "TLSv1", "TLSv1.1"].includes(p)))
          return `an origin allows ${protocols.join(", ")}`;
      }
      return undefined;
    },
  },
  {
    id: "CKV_AWS_68",
    equivalents: ["CKV2_AWS_47", "CFR2"],
    types: [DISTRIBUTION],
    requirement:
      "distribution: a WAFv2 web ACL with AWSManagedRulesAnonymousIpList and AWSManagedRulesKnownBadInputsRuleSet",
    fix: "set web_acl_id to a CLOUDFRONT-scope web ACL (in us-east-1) with both managed rule groups",
    check: (distribution, stack) => {
      if (!distribution.block.web_acl_id) return "web_acl_id is not set";
      const acl = stack.resolve(distribution.block.web_acl_id);
      if (!acl) return undefined; // an ACL managed elsewhere: its rules cannot be checked here
      const groups = managedRuleGroups(acl);
      const missing = ["AWSManagedRulesAnonymousIpList", "AWSManagedRulesKnownBadInputsRuleSet"].filter(
        (g) => !groups.includes(g),
      );
      return missing.length === 0 ? undefined : `the web ACL lacks ${missing.join(" and ")}`;
    },
  },
  {
    id: "CKV_AWS_86",
    equivalents: ["CFR3"],
    types: [DISTRIBUTION],
    requirement: "distribution: access logging",
    fix: "set logging_config { bucket }, or add a reasoned exception",
    check: (distribution) =>
      at(distribution.block, "logging_config", "bucket") ? undefined : "access logging is off",
  },
  {
    id: "CKV2_AWS_32",
    types: [DISTRIBUTION],
    requirement: "distribution: a response headers policy",
    fix: "set response_headers_policy_id on the cache behaviors",
    check: (distribution) =>
      cacheBehaviors(distribution).every((behavior) => behavior.response_headers_policy_id)
        ? undefined
        : "a cache behavior has no response headers policy",
  },
  {
    id: "CKV_AWS_259",
    types: ["aws_cloudfront_response_headers_policy"],
    requirement: "response headers policy: HSTS for at least a year, with subdomains, preload and override",
    fix: "strict_transport_security { access_control_max_age_sec = 31536000, include_subdomains = true, preload = true, override = true }",
    check: (policy) => {
      const hsts = at(policy.block, "security_headers_config", "strict_transport_security") as
        | Record<string, unknown>
        | undefined;
      if (!hsts) return "no Strict-Transport-Security header";
      const ok =
        Number(hsts.access_control_max_age_sec) >= 31_536_000 &&
        isTrue(hsts.include_subdomains) &&
        isTrue(hsts.preload) &&
        isTrue(hsts.override);
      return ok ? undefined : "HSTS is shorter than a year or lacks include_subdomains, preload or override";
    },
  },
  {
    id: "CKV_AWS_374",
    equivalents: ["CFR1"],
    types: [DISTRIBUTION],
    requirement: "distribution: geo restriction",
    fix: "set restrictions.geo_restriction to a whitelist or blacklist, or add a reasoned exception",
    check: (distribution) =>
      String(at(distribution.block, "restrictions", "geo_restriction", "restriction_type")) === "none"
        ? "no geo restriction"
        : undefined,
  },
  {
    id: "CKV_AWS_310",
    types: [DISTRIBUTION],
    requirement: "distribution: an origin group with failover",
    fix: "add an origin_group with two members and failover_criteria, or add a reasoned exception",
    check: (distribution) =>
      each(distribution.block.origin_group).length > 0 ? undefined : "no origin failover group",
  },
  {
    id: "CKV_AWS_305",
    types: [DISTRIBUTION],
    requirement: "distribution: a default root object",
    fix: "set default_root_object, or add a reasoned exception",
    check: (distribution) =>
      distribution.block.default_root_object ? undefined : "default_root_object is not set",
  },
  {
    id: "CKV_AWS_216",
    types: [DISTRIBUTION],
    requirement: "distribution: enabled",
    fix: "set enabled = true",
    check: (distribution) =>
      isTrue(distribution.block.enabled) ? undefined : "the distribution is disabled",
  },
];

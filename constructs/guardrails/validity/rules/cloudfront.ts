/** CloudFront distributions, policies and their data sources: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { all, type Constraint, count, length, oneOf, pattern } from "../constraints";
import {
  attributes,
  type BlockRule,
  oneOfKeys,
  type RuleSource,
  requiredWith,
  type ValidityRule,
} from "../rule";

const DISTRIBUTION = "aws_cloudfront_distribution";
const HEADERS_POLICY = "aws_cloudfront_response_headers_policy";
const CACHE_POLICY = "data.aws_cloudfront_cache_policy";
const ORIGIN_REQUEST_POLICY = "data.aws_cloudfront_origin_request_policy";
const GUIDE = "CloudFront Developer Guide";

/** A list that is exactly one of the given sets of methods, in any order. */
function methodSet(sets: readonly (readonly string[])[]): Constraint {
  const key = (methods: readonly unknown[]) => [...methods].map(String).sort().join(",");
  const allowed = sets.map(key);
  return {
    describe: `one of the method sets ${sets.map((set) => `[${set.join(", ")}]`).join(", ")}`,
    test: (value) => Array.isArray(value) && allowed.includes(key(value)),
  };
}

/** CloudFront connects to custom origins on 80, 443 or 1024-65535. */
const originPort: Constraint = {
  describe: "port 80, 443 or 1024-65535",
  test: (value) =>
    typeof value === "number" &&
    Number.isInteger(value) &&
    (value === 80 || value === 443 || (value >= 1024 && value <= 65535)),
};

const ALLOWED_METHODS = methodSet([
  ["GET", "HEAD"],
  ["GET", "HEAD", "OPTIONS"],
  ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
]);
const CACHED_METHODS = methodSet([
  ["GET", "HEAD"],
  ["GET", "HEAD", "OPTIONS"],
]);
const ALLOWED_SOURCE: RuleSource = {
  api: "cloudfront 2020-05-31 AllowedMethods (documentation: three choices of methods)",
};
const CACHED_SOURCE: RuleSource = {
  api: "cloudfront 2020-05-31 CachedMethods (documentation: two choices of methods)",
};
const VIEWER_POLICY_SOURCE: RuleSource = {
  provider:
    "internal/service/cloudfront/distribution.go: viewer_protocol_policy StringInSlice(ViewerProtocolPolicy_Values())",
  api: "cloudfront 2020-05-31 ViewerProtocolPolicy",
};

/** The parts of a string known at synth: `${...}` expressions are dropped (they only add characters). */
const knownText = (value: string) => value.replace(/\$\{[^}]*\}/g, "");

/** The comment is built from the domain and the API host: its known part alone must already fit. */
const commentKnownText: BlockRule = {
  kind: "block",
  type: DISTRIBUTION,
  block: "",
  name: "comment's known text within 128 characters",
  source: {
    provider: "internal/service/cloudfront/distribution.go: comment validation.StringLenBetween(0, 128)",
    api: "cloudfront 2020-05-31 DistributionConfig.Comment (documentation: no longer than 128 characters)",
  },
  fix: "build the comment from shorter parts (e.g. the domain only), or truncate it to 128 characters",
  bad: {
    comment: `${"c".repeat(100)}.example.com -> \${aws_api_gateway_rest_api.api.id}.execute-api.us-east-1.amazonaws.com/dev`,
  },
  check: (distribution) => {
    if (typeof distribution.comment !== "string") return undefined;
    const known = [...knownText(distribution.comment)].length;
    return known > 128
      ? `comment has ${known} characters even before its \${...} parts are known, over the 128 CloudFront accepts`
      : undefined;
  },
};

const asList = (value: unknown): Record<string, unknown>[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) as Record<
    string,
    unknown
  >[];

const behaviorsTargetOrigins: BlockRule = {
  kind: "block",
  type: DISTRIBUTION,
  block: "",
  name: "cache behaviors target a declared origin",
  source: { api: "cloudfront 2020-05-31 Origin.Id (documentation: the TargetOriginId of a cache behavior)" },
  bad: { default_cache_behavior: { target_origin_id: "no-such-origin" } },
  check: (distribution) => {
    const ids = new Set(asList(distribution.origin).map((origin) => origin.origin_id));
    const behaviors = [
      ...asList(distribution.default_cache_behavior),
      ...asList(distribution.ordered_cache_behavior),
    ];
    const missing = behaviors
      .map((behavior) => behavior.target_origin_id)
      .filter((id) => typeof id === "string" && !id.includes("${") && !ids.has(id));
    return missing.length > 0 ? `target_origin_id ${JSON.stringify(missing[0])} names no origin` : undefined;
  },
};

const cachedWithinAllowed = (block: string): BlockRule => ({
  kind: "block",
  type: DISTRIBUTION,
  block,
  name: "cached_methods within allowed_methods",
  source: { api: "cloudfront 2020-05-31 AllowedMethods.CachedMethods (a subset of the allowed methods)" },
  bad: { allowed_methods: ["GET", "HEAD"], cached_methods: ["GET", "HEAD", "OPTIONS"] },
  check: (behavior) => {
    const allowed = Array.isArray(behavior.allowed_methods) ? behavior.allowed_methods : [];
    const cached = Array.isArray(behavior.cached_methods) ? behavior.cached_methods : [];
    const extra = cached.filter((method) => !allowed.includes(method));
    return extra.length > 0
      ? `cached_methods has ${extra.join(", ")}, which allowed_methods lacks`
      : undefined;
  },
});

const oneCertificateSource: BlockRule = {
  kind: "block",
  type: DISTRIBUTION,
  block: "viewer_certificate",
  name: "one certificate source",
  source: {
    api: "cloudfront 2020-05-31 ViewerCertificate (documentation: ACMCertificateArn or IAMCertificateId, not both; CloudFrontDefaultCertificate without aliases)",
  },
  bad: { iam_certificate_id: "ASCAEXAMPLE" },
  check: (certificate) => {
    const sources = [
      certificate.acm_certificate_arn,
      certificate.iam_certificate_id,
      certificate.cloudfront_default_certificate === true ? true : undefined,
    ].filter((value) => value !== undefined && value !== null && value !== "");
    return sources.length === 1
      ? undefined
      : `${sources.length} certificate sources are set; set exactly one`;
  },
};

/** CloudFront's managed policies, by the names the Developer Guide lists (a name lookup fails on any other). */
const MANAGED_CACHE_POLICIES = [
  "Managed-Amplify",
  "Managed-CachingDisabled",
  "Managed-CachingOptimized",
  "Managed-CachingOptimizedForUncompressedObjects",
  "Managed-Elemental-MediaPackage",
  "Managed-UseOriginCacheControlHeaders",
  "Managed-UseOriginCacheControlHeaders-QueryStrings",
];
const MANAGED_ORIGIN_REQUEST_POLICIES = [
  "Managed-AllViewer",
  "Managed-AllViewerAndCloudFrontHeaders-2022-06",
  "Managed-AllViewerExceptHostHeader",
  "Managed-CORS-CustomOrigin",
  "Managed-CORS-S3Origin",
  "Managed-Elemental-MediaTailor-PersonalizedManifests",
  "Managed-HostHeaderOnly",
  "Managed-UserAgentRefererHeaders",
];

export const cloudfrontRules: ValidityRule[] = [
  ...attributes(DISTRIBUTION, [
    {
      attribute: "comment",
      constraint: length(0, 128),
      source: {
        provider: "internal/service/cloudfront/distribution.go: comment validation.StringLenBetween(0, 128)",
        api: "cloudfront 2020-05-31 DistributionConfig.Comment (documentation: no longer than 128 characters)",
      },
      bad: "x".repeat(129),
    },
    {
      attribute: "aliases",
      each: true,
      constraint: all(
        length(1, 253),
        pattern(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/, "a lowercase domain name"),
      ),
      source: {
        api: `${GUIDE}, Use custom URLs by adding alternate domain names (CNAMEs): alternate domain names must be lowercase`,
      },
      bad: "CDN.Example.com",
    },
    {
      attribute: "price_class",
      constraint: oneOf(["PriceClass_100", "PriceClass_200", "PriceClass_All", "None"]),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: price_class StringInSlice(PriceClass_Values())",
        api: "cloudfront 2020-05-31 PriceClass",
      },
      bad: "PriceClass_50",
    },
    {
      attribute: "http_version",
      constraint: oneOf(["http1.1", "http2", "http3", "http2and3"]),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: http_version StringInSlice(HttpVersion_Values())",
        api: "cloudfront 2020-05-31 HttpVersion",
      },
      bad: "http2+3",
    },
    {
      attribute: "web_acl_id",
      constraint: pattern(
        /^(arn:aws(-[a-z]+)*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[0-9A-Za-z-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
        "the ARN of a CLOUDFRONT-scope WAFv2 web ACL (us-east-1, global) or a WAF Classic id",
      ),
      source: {
        api: "cloudfront 2020-05-31 DistributionConfig.WebACLId (documentation: WAFv2 ACL ARN or WAF Classic ID)",
      },
      fix: "create the web ACL with scope CLOUDFRONT in us-east-1 and pass its ARN",
      bad: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
    },
    {
      attribute: "viewer_certificate.acm_certificate_arn",
      constraint: pattern(
        /^arn:aws(-[a-z]+)*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
        "the ARN of an ACM certificate in us-east-1",
      ),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: viewer_certificate.acm_certificate_arn verify.ValidARN",
        api: "cloudfront 2020-05-31 ViewerCertificate.ACMCertificateArn (documentation: ACM certificates in us-east-1 only)",
      },
      fix: "request the certificate with region us-east-1",
      bad: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1234-5678-9abc-0123456789ab",
    },
    {
      attribute: "viewer_certificate.minimum_protocol_version",
      constraint: oneOf([
        "SSLv3",
        "TLSv1",
        "TLSv1_2016",
        "TLSv1.1_2016",
        "TLSv1.2_2018",
        "TLSv1.2_2019",
        "TLSv1.2_2021",
        "TLSv1.2_2025",
        "TLSv1.3_2025",
      ]),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: minimum_protocol_version StringInSlice(MinimumProtocolVersion_Values())",
        api: "cloudfront 2020-05-31 MinimumProtocolVersion",
      },
      bad: "TLSv1.2",
    },
    {
      attribute: "viewer_certificate.ssl_support_method",
      constraint: oneOf(["sni-only", "vip", "static-ip"]),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: ssl_support_method StringInSlice(SSLSupportMethod_Values())",
        api: "cloudfront 2020-05-31 SSLSupportMethod",
      },
      bad: "sni",
    },
    {
      attribute: "default_cache_behavior.viewer_protocol_policy",
      constraint: oneOf(["allow-all", "https-only", "redirect-to-https"]),
      source: VIEWER_POLICY_SOURCE,
      bad: "https",
    },
    {
      attribute: "ordered_cache_behavior.viewer_protocol_policy",
      constraint: oneOf(["allow-all", "https-only", "redirect-to-https"]),
      source: VIEWER_POLICY_SOURCE,
      bad: "https",
    },
    {
      attribute: "default_cache_behavior.allowed_methods",
      constraint: ALLOWED_METHODS,
      source: ALLOWED_SOURCE,
      bad: ["GET", "POST"],
    },
    {
      attribute: "ordered_cache_behavior.allowed_methods",
      constraint: ALLOWED_METHODS,
      source: ALLOWED_SOURCE,
      bad: ["GET", "HEAD", "OPTIONS", "POST"],
    },
    {
      attribute: "default_cache_behavior.cached_methods",
      constraint: CACHED_METHODS,
      source: CACHED_SOURCE,
      bad: ["GET"],
    },
    {
      attribute: "ordered_cache_behavior.cached_methods",
      constraint: CACHED_METHODS,
      source: CACHED_SOURCE,
      bad: ["GET", "HEAD", "POST"],
    },
    {
      attribute: "ordered_cache_behavior.path_pattern",
      constraint: all(
        length(1, 255),
        pattern(/^[A-Za-z0-9_\-.*$/~"'@:+&?]+$/, "letters, digits and _ - . * $ / ~ \" ' @ : + & ?"),
      ),
      source: { api: `${GUIDE}, Cache behavior settings: Path pattern (at most 255 characters of this set)` },
      fix: "write the route as a CloudFront pattern: a path parameter becomes * (e.g. /items/*)",
      bad: "/items/{id}",
    },
    {
      attribute: "origin.origin_id",
      constraint: pattern(/./, "not empty"),
      source: {
        provider: "internal/service/cloudfront/distribution.go: origin.origin_id validation.NoZeroValues",
      },
      bad: "",
    },
    {
      attribute: "origin.domain_name",
      constraint: pattern(/./, "not empty"),
      source: {
        provider: "internal/service/cloudfront/distribution.go: origin.domain_name validation.NoZeroValues",
      },
      bad: "",
    },
    {
      attribute: "origin.origin_path",
      constraint: pattern(/^(\/.*[^/])?$/, "empty, or a path that starts with / and does not end with /"),
      source: { api: `${GUIDE}, Origin settings: Origin path (begins with /, no / at the end)` },
      bad: "/dev/",
    },
    {
      attribute: "origin.custom_origin_config.http_port",
      constraint: originPort,
      source: { api: `${GUIDE}, Origin settings: HTTP port (80, 443, 1024-65535)` },
      bad: 8,
    },
    {
      attribute: "origin.custom_origin_config.https_port",
      constraint: originPort,
      source: { api: `${GUIDE}, Origin settings: HTTPS port (80, 443, 1024-65535)` },
      bad: 1023,
    },
    {
      attribute: "origin.custom_origin_config.origin_protocol_policy",
      constraint: oneOf(["http-only", "match-viewer", "https-only"]),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: origin_protocol_policy StringInSlice(OriginProtocolPolicy_Values())",
        api: "cloudfront 2020-05-31 OriginProtocolPolicy",
      },
      bad: "https",
    },
    {
      attribute: "origin.custom_origin_config.origin_ssl_protocols",
      constraint: count(1, 4),
      source: {
        provider: "internal/service/cloudfront/distribution.go: origin_ssl_protocols Required set",
        api: "cloudfront 2020-05-31 OriginSslProtocols (Quantity, Items required)",
      },
      bad: [],
    },
    {
      attribute: "origin.custom_origin_config.origin_ssl_protocols",
      each: true,
      constraint: oneOf(["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"]),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: origin_ssl_protocols StringInSlice(SslProtocol_Values())",
        api: "cloudfront 2020-05-31 SslProtocol",
      },
      bad: "TLSv1.3",
    },
    {
      attribute: "restrictions.geo_restriction.restriction_type",
      constraint: oneOf(["blacklist", "whitelist", "none"]),
      source: {
        provider:
          "internal/service/cloudfront/distribution.go: restriction_type StringInSlice(GeoRestrictionType_Values())",
        api: "cloudfront 2020-05-31 GeoRestrictionType",
      },
      bad: "allowlist",
    },
  ]),
  commentKnownText,
  behaviorsTargetOrigins,
  cachedWithinAllowed("default_cache_behavior"),
  cachedWithinAllowed("ordered_cache_behavior"),
  oneCertificateSource,
  requiredWith(
    DISTRIBUTION,
    "viewer_certificate",
    "acm_certificate_arn",
    ["minimum_protocol_version", "ssl_support_method"],
    {
      api: "cloudfront 2020-05-31 ViewerCertificate.ACMCertificateArn (documentation: also specify MinimumProtocolVersion and SSLSupportMethod)",
    },
    { ssl_support_method: undefined },
  ),
  ...attributes(HEADERS_POLICY, [
    {
      attribute: "name",
      constraint: pattern(/\S/, "a name (required)"),
      source: { api: "cloudfront 2020-05-31 ResponseHeadersPolicyConfig.Name (required)" },
      bad: "",
    },
    {
      attribute: "comment",
      constraint: length(0, 128),
      source: {
        api: "cloudfront 2020-05-31 ResponseHeadersPolicyConfig.Comment (documentation: no longer than 128 characters)",
      },
      bad: "x".repeat(129),
    },
    {
      attribute: "security_headers_config.frame_options.frame_option",
      constraint: oneOf(["DENY", "SAMEORIGIN"]),
      source: {
        provider:
          "internal/service/cloudfront/response_headers_policy.go: frame_option StringInSlice(FrameOptionsList_Values())",
        api: "cloudfront 2020-05-31 FrameOptionsList",
      },
      bad: "ALLOW-FROM",
    },
    {
      attribute: "security_headers_config.referrer_policy.referrer_policy",
      constraint: oneOf([
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
      ]),
      source: {
        provider:
          "internal/service/cloudfront/response_headers_policy.go: referrer_policy StringInSlice(ReferrerPolicyList_Values())",
        api: "cloudfront 2020-05-31 ReferrerPolicyList",
      },
      bad: "none",
    },
  ]),
  oneOfKeys(
    HEADERS_POLICY,
    "",
    ["cors_config", "custom_headers_config", "security_headers_config"],
    {
      provider:
        "internal/service/cloudfront/response_headers_policy.go: AtLeastOneOf(cors_config, custom_headers_config, security_headers_config)",
    },
    { security_headers_config: undefined },
    true,
  ),
  ...attributes(CACHE_POLICY, [
    {
      attribute: "name",
      constraint: oneOf(MANAGED_CACHE_POLICIES),
      source: {
        provider:
          "internal/service/cloudfront/cache_policy_data_source.go: no match by name is an error at plan",
        api: `${GUIDE}, Use managed cache policies (the names of the managed policies)`,
      },
      fix: "use a managed policy's name, or create the policy with aws_cloudfront_cache_policy and reference it",
      bad: "Managed-CachingDisable",
    },
  ]),
  oneOfKeys(
    CACHE_POLICY,
    "",
    ["id", "name"],
    { provider: "internal/service/cloudfront/cache_policy_data_source.go: id, name ExactlyOneOf" },
    { id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" },
  ),
  ...attributes(ORIGIN_REQUEST_POLICY, [
    {
      attribute: "name",
      constraint: oneOf(MANAGED_ORIGIN_REQUEST_POLICIES),
      source: {
        provider:
          "internal/service/cloudfront/origin_request_policy_data_source.go: no match by name is an error at plan",
        api: `${GUIDE}, Use managed origin request policies (the names of the managed policies)`,
      },
      fix: "use a managed policy's name, or create the policy with aws_cloudfront_origin_request_policy and reference it",
      bad: "Managed-AllViewerExceptHost",
    },
  ]),
  oneOfKeys(
    ORIGIN_REQUEST_POLICY,
    "",
    ["id", "name"],
    { provider: "internal/service/cloudfront/origin_request_policy_data_source.go: id, name ExactlyOneOf" },
    { id: "b689b0a8-53d0-40ab-baf2-68738e2966ac" },
  ),
];

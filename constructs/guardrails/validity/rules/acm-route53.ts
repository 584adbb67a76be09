/** ACM certificates and validations, Route 53 records: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { all, between, type Constraint, length, oneOf, pattern } from "../constraints";
import { attributes, conflicting, oneOfKeys, requiredWith, type ValidityRule } from "../rule";

const CERTIFICATE = "aws_acm_certificate";
const VALIDATION = "aws_acm_certificate_validation";
const RECORD = "aws_route53_record";

/** ACM's DomainNameString: an optional `*.` then dot-separated labels of up to 63 characters. */
const ACM_DOMAIN = /^(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/;

/** A list with at least one item (the API's `min 1`, no maximum). */
const nonEmpty: Constraint = {
  describe: "a list of at least one item",
  countsOnly: true,
  test: (value) => Array.isArray(value) && value.length > 0,
};

const ALIAS = {
  name: "d111111abcdef8.cloudfront.net",
  zone_id: "Z2FDTNDATAQYW2",
  evaluate_target_health: false,
};

/** DNS names in Route 53: labels of at most 63 characters, at most 255 characters with the dots. */
const DNS_NAME = all(
  length(1, 255),
  pattern(/^(\*\.)?([^.]{1,63}\.)*[^.]{1,63}\.?$/, "dot-separated labels of 1-63 characters"),
);

export const acmRoute53Rules: ValidityRule[] = [
  ...attributes(CERTIFICATE, [
    {
      attribute: "domain_name",
      constraint: all(length(1, 253), pattern(ACM_DOMAIN, "a domain name (optionally *.), no trailing dot")),
      source: {
        provider: "internal/service/acm/certificate.go: domain_name StringDoesNotMatch(\\.$)",
        api: "acm 2015-12-08 RequestCertificateRequest.DomainName (DomainNameString, 1-253)",
      },
      bad: "api.example.com.",
    },
    {
      attribute: "domain_name",
      constraint: length(1, 64),
      source: {
        api: "acm 2015-12-08 RequestCertificateRequest.DomainName (documentation: the Common Name cannot exceed 64 octets, RFC 5280)",
      },
      fix: "use a custom domain of at most 64 characters (a longer name fits only as a subject alternative name)",
      bad: `${"a".repeat(60)}.example.com`,
    },
    {
      attribute: "validation_method",
      constraint: oneOf(["EMAIL", "DNS", "HTTP"]),
      source: {
        provider:
          "internal/service/acm/certificate.go: validation_method enum.Validate[types.ValidationMethod]",
        api: "acm 2015-12-08 ValidationMethod",
      },
      bad: "ROUTE53",
    },
    {
      attribute: "key_algorithm",
      constraint: oneOf(["RSA_2048", "EC_prime256v1", "EC_secp384r1"]),
      source: {
        provider: "internal/service/acm/certificate.go: key_algorithm enum.Validate[types.KeyAlgorithm]",
        api: "acm 2015-12-08 RequestCertificateRequest.KeyAlgorithm (documentation: RSA_2048, EC_prime256v1, EC_secp384r1 for requested certificates)",
      },
      bad: "RSA_4096",
    },
  ]),
  oneOfKeys(
    CERTIFICATE,
    "",
    ["validation_method", "certificate_authority_arn"],
    {
      provider:
        "internal/service/acm/certificate.go: resourceCertificateCreate (certificate_authority_arn or validation_method must be set with domain_name)",
    },
    { validation_method: undefined },
    true,
  ),
  ...attributes(VALIDATION, [
    {
      attribute: "certificate_arn",
      constraint: all(
        length(20, 2048),
        pattern(
          /^arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(\/[\w+=,.@-]+)*$/,
          "an ACM certificate ARN",
        ),
      ),
      source: { api: "acm 2015-12-08 DescribeCertificateRequest.CertificateArn (Arn, 20-2048)" },
      bad: "arn:aws:iam::123456789012:server-certificate/api",
    },
  ]),
  ...attributes(RECORD, [
    {
      attribute: "zone_id",
      constraint: all(length(1, 32), pattern(/^[A-Za-z0-9/]+$/, "a hosted zone id")),
      source: {
        provider: "internal/service/route53/record.go: zone_id validation.NoZeroValues",
        api: "route53 2013-04-01 ChangeResourceRecordSetsRequest.HostedZoneId (ResourceId, max 32)",
      },
      bad: "",
    },
    {
      attribute: "name",
      constraint: all(length(1, 1024), DNS_NAME),
      source: {
        provider: "internal/service/route53/record.go: name Required",
        api: "route53 2013-04-01 ResourceRecordSet.Name (DNSName, max 1024); Route 53 Developer Guide, DNS domain name format (labels up to 63, names up to 255 bytes)",
      },
      bad: `${"a".repeat(64)}.example.com`,
    },
    {
      attribute: "type",
      constraint: oneOf([
        "SOA",
        "A",
        "TXT",
        "NS",
        "CNAME",
        "MX",
        "NAPTR",
        "PTR",
        "SRV",
        "SPF",
        "AAAA",
        "CAA",
        "DS",
        "TLSA",
        "SSHFP",
        "SVCB",
        "HTTPS",
      ]),
      source: {
        provider: "internal/service/route53/record.go: type enum.Validate[awstypes.RRType]",
        api: "route53 2013-04-01 RRType",
      },
      bad: "ALIAS",
    },
    {
      attribute: "ttl",
      constraint: between(0, 2_147_483_647),
      source: { api: "route53 2013-04-01 ResourceRecordSet.TTL (0-2147483647)" },
      bad: -1,
    },
    {
      attribute: "records",
      constraint: nonEmpty,
      source: { api: "route53 2013-04-01 ResourceRecordSet.ResourceRecords (min 1)" },
      bad: [],
    },
    {
      attribute: "records",
      each: true,
      constraint: length(1, 4000),
      source: { api: "route53 2013-04-01 ResourceRecord.Value (RData, max 4000)" },
      bad: "x".repeat(4001),
    },
    {
      attribute: "alias.name",
      constraint: length(1, 1024),
      source: {
        provider: "internal/service/route53/record.go: alias.name validation.StringLenBetween(1, 1024)",
        api: "route53 2013-04-01 AliasTarget.DNSName (max 1024)",
      },
      bad: "",
    },
    {
      attribute: "alias.zone_id",
      constraint: length(1, 32),
      source: {
        provider: "internal/service/route53/record.go: alias.zone_id validation.StringLenBetween(1, 32)",
        api: "route53 2013-04-01 AliasTarget.HostedZoneId (ResourceId, max 32)",
      },
      bad: "Z".repeat(33),
    },
  ]),
  oneOfKeys(
    RECORD,
    "",
    ["alias", "records"],
    { provider: "internal/service/route53/record.go: alias, records ExactlyOneOf" },
    { alias: ALIAS, records: ["192.0.2.1"] },
  ),
  conflicting(
    RECORD,
    "",
    ["alias", "ttl"],
    { provider: "internal/service/route53/record.go: alias ConflictsWith ttl" },
    { alias: ALIAS, ttl: 300 },
  ),
  requiredWith(
    RECORD,
    "",
    "ttl",
    ["records"],
    { provider: "internal/service/route53/record.go: ttl RequiredWith records" },
    { ttl: 300, records: undefined },
  ),
];

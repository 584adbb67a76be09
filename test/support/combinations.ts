/**
 * Combinations of settings the settings module accepts, for tests that must hold for every one of them (the
 * validity check, the baseline): each turns on a different set of options, and some push names to their limits.
 */

const ZONE = "Z0123456789ABCDEFGHIJ";
/** A DNS name of `length` characters: labels of up to 63 `letter`s under example.com. */
const longDomain = (length: number, letter = "a") => {
  const labels: string[] = [];
  let left = length - "example.com".length;
  while (left > 0) {
    const label = Math.min(63, left - 1);
    labels.push(letter.repeat(label));
    left -= label + 1;
  }
  return [...labels, "example.com"].join(".");
};
/** Every name-making setting at the longest value it accepts. */
const LONGEST = {
  APIGW_NAME_PREFIX: "a".repeat(16),
  APIGW_ENVIRONMENT: "e".repeat(12),
  APIGW_COGNITO_DOMAIN_PREFIX: "c".repeat(54),
  APIGW_REST_BASIC_KEYS: "k".repeat(10),
  APIGW_REST_PREMIUM_KEYS: "p".repeat(10),
};

export const COMBINATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  defaults: {},
  "domains and CloudFront": {
    APIGW_REST_REGIONAL_DOMAIN: "api.example.com",
    APIGW_REST_REGIONAL_ZONE_ID: ZONE,
    APIGW_REST_CLOUDFRONT: "true",
    APIGW_REST_CLOUDFRONT_DOMAIN: "cdn.example.com",
    APIGW_REST_CLOUDFRONT_ZONE_ID: ZONE,
    APIGW_REST_EDGE_DOMAIN: "edge.example.com",
    APIGW_REST_EDGE_ZONE_ID: ZONE,
    APIGW_REST_EDGE_CACHE: "true",
  },
  "caches on, every option": {
    APIGW_REST_REGIONAL_CACHE: "true",
    APIGW_REST_PRIVATE_CACHE: "true",
    APIGW_REST_EDGE_CACHE: "true",
    APIGW_ALARM_EMAIL: "oncall@example.com",
    APIGW_LAMBDA_RESERVED_CONCURRENCY: "5",
    APIGW_REST_PRIVATE_LAMBDAS_IN_VPC: "true",
    APIGW_REST_PRIVATE_PROBE: "true",
    APIGW_REST_AUTHORIZER_TYPE: "REQUEST",
    APIGW_STATE_BUCKET: "my-terraform-state",
  },
  "external issuer, existing VPC, HCP Terraform": {
    APIGW_JWT_ISSUER: "https://login.example.com/",
    APIGW_JWT_AUDIENCE: "client-one,client-two",
    APIGW_REST_PRIVATE_VPC_ID: "vpc-0123456789abcdef0",
    APIGW_REST_PRIVATE_SUBNET_IDS: "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
    APIGW_REST_PRIVATE_EXTRA_VPCE_IDS: "vpce-0123456789abcdef0",
    APIGW_TFC_ORGANIZATION: "my-org",
    APIGW_JWT_JWKS_URL: "https://login.example.com/.well-known/jwks.json",
  },
  "longest names, domains, S3 state": {
    ...LONGEST,
    APIGW_REST_REGIONAL_DOMAIN: longDomain(64),
    APIGW_REST_REGIONAL_ZONE_ID: ZONE,
    APIGW_REST_CLOUDFRONT: "true",
    APIGW_REST_CLOUDFRONT_DOMAIN: longDomain(64, "b"),
    APIGW_REST_EDGE_DOMAIN: longDomain(64, "c"),
    APIGW_REST_EDGE_ZONE_ID: ZONE,
    APIGW_STATE_BUCKET: `s${"3".repeat(62)}`,
    APIGW_ALARM_EMAIL: "oncall@example.com",
  },
  "longest names, HCP Terraform": {
    ...LONGEST,
    APIGW_TFC_ORGANIZATION: "o".repeat(90),
    APIGW_TFC_WORKSPACE_PREFIX: "w".repeat(76),
  },
};

/**
 * Settings of the three REST API stacks (`rest-regional`, `rest-edge`, `rest-private`). Every toggle has a
 * secure, cheap default next to it; settings that cost money per hour (cache, CloudFront, VPC endpoint) are
 * off unless the stack's story needs them (the edge stack caches by default).
 */
import { boolean, decimal, InvalidValue, integer, list, matching, oneOf, type Parser } from "./parsers";
import { partitionOf } from "./partition";
import { type DerivedKeys, derivedSetting, type SpecValues, setting } from "./setting-spec";

/** Periods a usage-plan quota can count over. */
export const QUOTA_PERIODS = ["DAY", "WEEK", "MONTH"] as const;
/** Stage cache sizes API Gateway offers, in GB. */
export const CACHE_SIZES_GB = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"] as const;

const DOMAIN = matching(
  // At most 64 characters: ACM refuses a longer certificate name (RequestCertificate DomainName, the
  // certificate's common name), though DNS allows 253.
  /^(?=.{4,64}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
  'a lowercase DNS name of at most 64 characters (ACM\'s limit for a certificate) such as "api.example.com"',
);
const HOSTED_ZONE = matching(/^Z[A-Z0-9]{4,31}$/, 'a Route53 hosted zone id such as "Z0123456789ABCDEFGHIJ"');
// EC2 ids carry 8 (older) or 17 hex characters after the prefix (EC2 User Guide, "Resource IDs").
const VPC_ID = matching(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, 'a VPC id such as "vpc-0123456789abcdef0"');
const SUBNET_ID = matching(
  /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/,
  'subnet ids such as "subnet-0123456789abcdef0"',
);
const VPCE_ID = matching(
  /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/,
  'VPC endpoint ids such as "vpce-0123456789abcdef0"',
);
const KEY_NAME = matching(
  /^[a-z0-9][a-z0-9-]{0,39}$/,
  "key names of 1-40 lowercase letters, digits or dashes",
);

/** An IPv4 CIDR block from /16 to /24 (the sizes a VPC of two private subnets needs). */
export const vpcCidr: Parser<string> = Object.assign(
  (raw: string) => {
    const value = raw.trim();
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    const octets = match ? match.slice(1, 5).map(Number) : [];
    const prefix = match ? Number(match[5]) : 0;
    const hostBits = 32 - prefix;
    const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
    if (
      !match ||
      octets.some((octet) => octet > 255) ||
      prefix < 16 ||
      prefix > 24 ||
      address % 2 ** hostBits
    ) {
      throw new InvalidValue('an IPv4 network from /16 to /24 with no host bits set, e.g. "10.40.0.0/16"');
    }
    return value;
  },
  { kind: "string" as const },
);

export const REST_SETTINGS = {
  restReadAuthorizer: setting({
    env: "APIGW_REST_READ_AUTHORIZER",
    context: "restReadAuthorizer",
    parse: oneOf(["lambda", "cognito"] as const),
    default: "lambda" as const,
    doc: "Authorizer of the signed-in read routes (`GET /items`, `GET /items/{id}`): the Lambda authorizer or Cognito.",
  }),
  restWriteAuthorizer: derivedSetting<"cognito" | "lambda">({
    env: "APIGW_REST_WRITE_AUTHORIZER",
    context: "restWriteAuthorizer",
    parse: oneOf(["cognito", "lambda"] as const),
    defaultDoc: "cognito; lambda when `APIGW_JWT_ISSUER` is set",
    doc: "Authorizer of the write routes (`POST`, `PUT`): Cognito user pools (default) or the Lambda authorizer (the default with an external issuer). Admin routes always use AWS_IAM.",
  }),
  restAuthorizerType: setting({
    env: "APIGW_REST_AUTHORIZER_TYPE",
    context: "restAuthorizerType",
    parse: oneOf(["TOKEN", "REQUEST"] as const),
    default: "TOKEN" as const,
    doc: "Lambda authorizer type: TOKEN (the Authorization header only) or REQUEST (headers, query, context).",
  }),
  restAuthorizerCacheTtl: setting({
    env: "APIGW_REST_AUTHORIZER_CACHE_TTL",
    context: "restAuthorizerCacheTtl",
    parse: integer(0, 3600),
    default: 300,
    doc: "Seconds API Gateway caches a Lambda authorizer decision per token (0 turns caching off).",
  }),
  restLoggingLevel: setting({
    env: "APIGW_REST_LOGGING_LEVEL",
    context: "restLoggingLevel",
    parse: oneOf(["ERROR", "INFO"] as const),
    default: "ERROR" as const,
    doc: "Execution logging level of every method (`*/*`); data tracing (full bodies) is always off.",
  }),
  restBasicRateLimit: setting({
    env: "APIGW_REST_BASIC_RATE",
    context: "restBasicRateLimit",
    parse: decimal(0.1, 10_000),
    default: 5,
    doc: "`basic` usage plan: requests per second per API key.",
  }),
  restBasicBurstLimit: setting({
    env: "APIGW_REST_BASIC_BURST",
    context: "restBasicBurstLimit",
    parse: integer(1, 5_000),
    default: 10,
    doc: "`basic` usage plan: burst per API key.",
  }),
  restBasicWriteRateLimit: setting({
    env: "APIGW_REST_BASIC_WRITE_RATE",
    context: "restBasicWriteRateLimit",
    parse: decimal(0.1, 10_000),
    default: 1,
    doc: "`basic` usage plan: per-method override of the rate on every write method.",
  }),
  restBasicWriteBurstLimit: setting({
    env: "APIGW_REST_BASIC_WRITE_BURST",
    context: "restBasicWriteBurstLimit",
    parse: integer(1, 5_000),
    default: 2,
    doc: "`basic` usage plan: per-method override of the burst on every write method.",
  }),
  restBasicQuotaLimit: setting({
    env: "APIGW_REST_BASIC_QUOTA",
    context: "restBasicQuotaLimit",
    parse: integer(1, 2_000_000_000),
    default: 10_000,
    doc: "`basic` usage plan: requests per quota period per API key.",
  }),
  restBasicQuotaPeriod: setting({
    env: "APIGW_REST_BASIC_QUOTA_PERIOD",
    context: "restBasicQuotaPeriod",
    parse: oneOf(QUOTA_PERIODS),
    default: "MONTH" as const,
    doc: "`basic` usage plan: quota period (DAY, WEEK or MONTH).",
  }),
  restPremiumRateLimit: setting({
    env: "APIGW_REST_PREMIUM_RATE",
    context: "restPremiumRateLimit",
    parse: decimal(0.1, 10_000),
    default: 50,
    doc: "`premium` usage plan: requests per second per API key.",
  }),
  restPremiumBurstLimit: setting({
    env: "APIGW_REST_PREMIUM_BURST",
    context: "restPremiumBurstLimit",
    parse: integer(1, 5_000),
    default: 100,
    doc: "`premium` usage plan: burst per API key.",
  }),
  restPremiumQuotaLimit: setting({
    env: "APIGW_REST_PREMIUM_QUOTA",
    context: "restPremiumQuotaLimit",
    parse: integer(1, 2_000_000_000),
    default: 1_000_000,
    doc: "`premium` usage plan: requests per quota period per API key.",
  }),
  restPremiumQuotaPeriod: setting({
    env: "APIGW_REST_PREMIUM_QUOTA_PERIOD",
    context: "restPremiumQuotaPeriod",
    parse: oneOf(QUOTA_PERIODS),
    default: "MONTH" as const,
    doc: "`premium` usage plan: quota period (DAY, WEEK or MONTH).",
  }),
  restBasicApiKeys: setting<string[]>({
    env: "APIGW_REST_BASIC_KEYS",
    context: "restBasicApiKeys",
    parse: list(KEY_NAME, 20, true),
    default: ["basic-demo"],
    doc: "Names of the API keys in the `basic` plan (AWS generates the values; they are never output).",
  }),
  restPremiumApiKeys: setting<string[]>({
    env: "APIGW_REST_PREMIUM_KEYS",
    context: "restPremiumApiKeys",
    parse: list(KEY_NAME, 20, true),
    default: ["premium-demo"],
    doc: "Names of the API keys in the `premium` plan.",
  }),
  restRegionalCache: setting({
    env: "APIGW_REST_REGIONAL_CACHE",
    context: "restRegionalCache",
    parse: boolean,
    default: false,
    doc: "Stage cache on `rest-regional` (billed per hour while it exists).",
  }),
  restEdgeCache: setting({
    env: "APIGW_REST_EDGE_CACHE",
    context: "restEdgeCache",
    parse: boolean,
    default: true,
    doc: "Stage cache on `rest-edge` (on by default: fewer origin calls is the edge story).",
  }),
  restPrivateCache: setting({
    env: "APIGW_REST_PRIVATE_CACHE",
    context: "restPrivateCache",
    parse: boolean,
    default: false,
    doc: "Stage cache on `rest-private`.",
  }),
  restCacheSizeGb: setting({
    env: "APIGW_REST_CACHE_SIZE_GB",
    context: "restCacheSizeGb",
    parse: oneOf(CACHE_SIZES_GB),
    default: "0.5" as const,
    doc: "Stage cache size in GB when a cache is on (0.5 GB costs about $0.02 an hour).",
  }),
  restCacheTtlSeconds: setting({
    env: "APIGW_REST_CACHE_TTL",
    context: "restCacheTtlSeconds",
    parse: integer(1, 3600),
    default: 60,
    doc: "Seconds a cached `GET /items/{id}` answer lives.",
  }),
  restWafRateLimit: setting({
    env: "APIGW_REST_WAF_RATE_LIMIT",
    context: "restWafRateLimit",
    parse: integer(100, 2_000_000_000),
    default: 1_000,
    doc: "WAF rate-based rule: requests per client IP per 5 minutes before WAF blocks it.",
  }),
  restRegionalDomain: setting<string | undefined>({
    env: "APIGW_REST_REGIONAL_DOMAIN",
    context: "restRegionalDomain",
    parse: DOMAIN,
    default: undefined,
    doc: "Custom domain of `rest-regional` (regional endpoint, certificate in the API's region).",
  }),
  restRegionalHostedZoneId: setting<string | undefined>({
    env: "APIGW_REST_REGIONAL_ZONE_ID",
    context: "restRegionalHostedZoneId",
    parse: HOSTED_ZONE,
    default: undefined,
    doc: "Route53 hosted zone of the regional domain (certificate validation and alias record).",
  }),
  restCloudFront: setting({
    env: "APIGW_REST_CLOUDFRONT",
    context: "restCloudFront",
    parse: boolean,
    default: false,
    doc: "Own CloudFront distribution in front of `rest-regional` (needs a domain: the default certificate cannot enforce TLS 1.2).",
  }),
  restCloudFrontDomain: setting<string | undefined>({
    env: "APIGW_REST_CLOUDFRONT_DOMAIN",
    context: "restCloudFrontDomain",
    parse: DOMAIN,
    default: undefined,
    doc: "Domain of the CloudFront distribution (certificate in us-east-1).",
  }),
  restCloudFrontHostedZoneId: derivedSetting<string | undefined>({
    env: "APIGW_REST_CLOUDFRONT_ZONE_ID",
    context: "restCloudFrontHostedZoneId",
    parse: HOSTED_ZONE,
    defaultDoc: "the regional domain's zone",
    doc: "Route53 hosted zone of the CloudFront domain; defaults to the regional domain's zone.",
  }),
  restEdgeDomain: setting<string | undefined>({
    env: "APIGW_REST_EDGE_DOMAIN",
    context: "restEdgeDomain",
    parse: DOMAIN,
    default: undefined,
    doc: "Custom domain of `rest-edge` (edge-optimized: certificate in us-east-1).",
  }),
  restEdgeHostedZoneId: setting<string | undefined>({
    env: "APIGW_REST_EDGE_ZONE_ID",
    context: "restEdgeHostedZoneId",
    parse: HOSTED_ZONE,
    default: undefined,
    doc: "Route53 hosted zone of the edge domain.",
  }),
  restPrivateVpcId: setting<string | undefined>({
    env: "APIGW_REST_PRIVATE_VPC_ID",
    context: "restPrivateVpcId",
    parse: VPC_ID,
    default: undefined,
    doc: "Existing VPC of `rest-private`; unset creates one.",
  }),
  restPrivateSubnetIds: setting<string[]>({
    env: "APIGW_REST_PRIVATE_SUBNET_IDS",
    context: "restPrivateSubnetIds",
    parse: list(SUBNET_ID, 16),
    default: [],
    doc: "Subnets of the existing VPC for the execute-api endpoint (and in-VPC functions); two AZs or more.",
  }),
  restPrivateCreateVpc: derivedSetting<boolean>({
    env: "APIGW_REST_PRIVATE_CREATE_VPC",
    context: "restPrivateCreateVpc",
    parse: boolean,
    defaultDoc: "true unless `APIGW_REST_PRIVATE_VPC_ID` is set",
    doc: "Create a VPC (two private subnets, no NAT, no internet gateway); true unless a VPC id is given.",
  }),
  restPrivateVpcCidr: setting({
    env: "APIGW_REST_PRIVATE_VPC_CIDR",
    context: "restPrivateVpcCidr",
    parse: vpcCidr,
    default: "10.40.0.0/16",
    doc: "CIDR of the created VPC (/16 to /24).",
  }),
  restPrivateAllowedVpceIds: setting<string[]>({
    env: "APIGW_REST_PRIVATE_EXTRA_VPCE_IDS",
    context: "restPrivateAllowedVpceIds",
    parse: list(VPCE_ID, 10),
    default: [],
    doc: "Other execute-api VPC endpoints (e.g. in other VPCs) the resource policy admits besides the stack's own.",
  }),
  restPrivateLambdasInVpc: setting({
    env: "APIGW_REST_PRIVATE_LAMBDAS_IN_VPC",
    context: "restPrivateLambdasInVpc",
    parse: boolean,
    default: false,
    doc: "Run the route functions inside the VPC (they reach DynamoDB through a gateway endpoint, no NAT).",
  }),
  restPrivateProbe: setting({
    env: "APIGW_REST_PRIVATE_PROBE",
    context: "restPrivateProbe",
    parse: boolean,
    default: false,
    doc: "A probe function inside the VPC that calls the private API and reports the status (proof after deploy).",
  }),
} as const;

export type RestSettings = SpecValues<typeof REST_SETTINGS>;

/** The core settings the REST settings' defaults and checks read. */
interface CoreInputs {
  readonly region: string;
  readonly jwtIssuer: string | undefined;
}

/** The REST settings whose default depends on others (given only settings with fixed defaults). */
export function restDerivedDefaults(
  fixed: Pick<CoreInputs, "jwtIssuer"> & Pick<RestSettings, "restRegionalHostedZoneId" | "restPrivateVpcId">,
): Pick<RestSettings, DerivedKeys<typeof REST_SETTINGS>> {
  return {
    restWriteAuthorizer: fixed.jwtIssuer === undefined ? "cognito" : "lambda",
    restCloudFrontHostedZoneId: fixed.restRegionalHostedZoneId,
    restPrivateCreateVpc: fixed.restPrivateVpcId === undefined,
  };
}

/** Checks across the REST settings; each message names the settings, the values and the fix. */
export function restSettingsProblems(settings: CoreInputs & RestSettings): string[] {
  const env = (key: keyof typeof REST_SETTINGS) => REST_SETTINGS[key].env;
  const problems: string[] = [];
  const domains = (["restRegionalDomain", "restCloudFrontDomain", "restEdgeDomain"] as const).filter(
    (key) => settings[key] !== undefined,
  );
  for (const [i, key] of domains.entries()) {
    const same = domains.slice(i + 1).find((other) => settings[other] === settings[key]);
    if (same) {
      problems.push(
        `${env(key)} and ${env(same)} are both "${settings[key]}": each makes a certificate and alias records of its own, and Route 53 takes one record of a name and type; use different names`,
      );
    }
  }
  if (domains.length > 0 && partitionOf(settings.region) === "aws-us-gov") {
    problems.push(
      `${domains.map(env).join(", ")} set while APIGW_REGION = "${settings.region}": AWS GovCloud (US) has no public Route 53 hosted zones ("Amazon Route 53 in AWS GovCloud (US)"), which the certificate validation and the alias records need; unset the domain, or use a commercial region`,
    );
  }
  const inBoth = settings.restBasicApiKeys.filter((key) => settings.restPremiumApiKeys.includes(key));
  if (inBoth.length > 0) {
    problems.push(
      `${env("restBasicApiKeys")} and ${env("restPremiumApiKeys")} both list "${inBoth.join('", "')}": an API key belongs to one usage plan of a stage; rename one`,
    );
  }
  const pairs = [
    ["restRegionalDomain", "restRegionalHostedZoneId"],
    ["restEdgeDomain", "restEdgeHostedZoneId"],
    ["restCloudFrontDomain", "restCloudFrontHostedZoneId"],
  ] as const;
  for (const [domainKey, zoneKey] of pairs) {
    const domain = settings[domainKey];
    const zone = settings[zoneKey];
    if (domain !== undefined && zone === undefined) {
      problems.push(
        `${env(domainKey)} = "${domain}" without ${env(zoneKey)}: set the Route53 hosted zone id of the domain (it validates the certificate and holds the alias records)`,
      );
    }
    if (zoneKey !== "restCloudFrontHostedZoneId" && domain === undefined && zone !== undefined) {
      problems.push(
        `${env(zoneKey)} = "${zone}" without ${env(domainKey)}: set the domain name too, or unset the zone`,
      );
    }
  }
  if (settings.restCloudFront && settings.restCloudFrontDomain === undefined) {
    problems.push(
      `${env("restCloudFront")} = true without ${env("restCloudFrontDomain")}: CloudFront's default certificate always allows TLS 1.0; set a domain (and its hosted zone) so the distribution can enforce TLS 1.2`,
    );
  }
  if (settings.restCloudFront && partitionOf(settings.region) !== "aws") {
    problems.push(
      `${env("restCloudFront")} = true while APIGW_REGION = "${settings.region}": CloudFront is not offered in AWS GovCloud (US); turn it off, or use a commercial region`,
    );
  }
  if (!settings.restCloudFront && settings.restCloudFrontDomain !== undefined) {
    problems.push(
      `${env("restCloudFrontDomain")} = "${settings.restCloudFrontDomain}" while ${env("restCloudFront")} is off: turn CloudFront on or unset the domain`,
    );
  }
  const vpcId = settings.restPrivateVpcId;
  if (settings.restPrivateCreateVpc && vpcId !== undefined) {
    problems.push(
      `${env("restPrivateCreateVpc")} = true with ${env("restPrivateVpcId")} = "${vpcId}": either create a VPC or use the given one; unset one of them`,
    );
  }
  if (!settings.restPrivateCreateVpc && vpcId === undefined) {
    problems.push(
      `${env("restPrivateCreateVpc")} = false and no ${env("restPrivateVpcId")}: the PRIVATE API has no VPC to be reached from; give a VPC id and its subnets, or let the stack create one`,
    );
  }
  if (vpcId !== undefined && settings.restPrivateSubnetIds.length === 0) {
    problems.push(
      `${env("restPrivateVpcId")} = "${vpcId}" without ${env("restPrivateSubnetIds")}: list the subnets (two AZs or more) for the execute-api endpoint`,
    );
  }
  if (vpcId === undefined && settings.restPrivateSubnetIds.length > 0) {
    problems.push(
      `${env("restPrivateSubnetIds")} given without ${env("restPrivateVpcId")}: set the VPC id the subnets belong to`,
    );
  }
  const usesCognito = settings.restReadAuthorizer === "cognito" || settings.restWriteAuthorizer === "cognito";
  if (settings.jwtIssuer !== undefined && usesCognito) {
    problems.push(
      `a Cognito authorizer (${env("restReadAuthorizer")}/${env("restWriteAuthorizer")}) with APIGW_JWT_ISSUER = "${settings.jwtIssuer}": Cognito authorizers only trust the stack's own user pool; use "lambda" or unset the issuer`,
    );
  }
  return problems;
}

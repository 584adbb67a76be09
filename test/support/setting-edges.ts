/**
 * Edge values of every setting, as a user would write them (an environment variable's text): values its parser
 * must accept (shortest, longest, odd but legal characters, boundary numbers, each enum value) and values it must
 * refuse. Where a limit is AWS's or Terraform's, the comment says whose; the fuzz test synthesizes random
 * combinations of them.
 */
import type { Settings } from "../../config/settings";

export interface Edges {
  /** How the value can also be written as native JSON in cdktf context. */
  readonly kind: "string" | "number" | "boolean" | "list" | "tags";
  readonly accepted: readonly string[];
  /** Values that must fail synth with a message naming the setting. */
  readonly refused: readonly string[];
}

const repeat = (text: string, times: number) => text.repeat(times);
/** A DNS name of exactly `length` characters: labels of up to 63 `letter`s under example.com. */
export function dnsName(length: number, letter = "a"): string {
  const labels: string[] = [];
  let left = length - "example.com".length;
  while (left > 0) {
    const label = Math.min(63, left - 1);
    labels.push(letter.repeat(label));
    left -= label + 1;
  }
  return [...labels, "example.com"].join(".");
}
/** An https URL of exactly `length` characters. */
const httpsUrl = (length: number, host = "login.example.com") =>
  `https://${host}/${"p".repeat(length - `https://${host}/`.length)}`;
const list = (count: number, make: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => make(i)).join(",");
const hex17 = (i: number) => i.toString(16).padStart(17, "0");

const BOOLEAN: Edges = {
  kind: "boolean",
  accepted: ["true", "false", "1", "0", "yes", "no", "on", "off", "TRUE", " False "],
  refused: ["2", "y", "enabled", "truee"],
};
const ZONE = {
  accepted: ["Z1234", `Z${repeat("A", 31)}`, "Z0123456789ABCDEFGHIJ"],
  refused: ["z1234", "Z123", "ZONE-1"],
};

export const EDGES: { readonly [K in keyof Settings]: Edges } = {
  region: {
    kind: "string",
    accepted: [
      "us-east-1",
      "us-gov-west-1",
      "us-gov-east-1",
      "ap-southeast-7",
      "mx-central-1",
      " eu-central-2 ",
    ],
    refused: [
      "cn-north-1",
      "cn-northwest-1",
      "us-iso-east-1",
      "eusc-de-east-1",
      "US-EAST-1",
      "us-east-9",
      "useast1",
    ],
  },
  environment: {
    kind: "string",
    accepted: ["d", repeat("e", 12), "prod2", "a0b1c2d3e4f5"],
    refused: ["1dev", "Dev", repeat("e", 13), "dev-1", "dév", "dev_1"],
  },
  namePrefix: {
    kind: "string",
    accepted: ["ab", repeat("n", 16), "a--------------b", "x9"],
    refused: ["a", "-ab", "ab-", "AB", repeat("n", 17), "a_b", "9ab"],
  },
  tags: {
    kind: "tags",
    accepted: [
      "team=platform",
      "k=",
      "a b=c d",
      "path=/a/b:c+d.f_g-h=i",
      "équipe=données,チーム=基盤",
      `${repeat("k", 127)}=${repeat("v", 255)}`,
      list(40, (i) => `t${i}=v${i}`),
      '{"Owner":"ops","Cost Center":"42"}',
    ],
    refused: [
      "aws:owner=me",
      "AWS:owner=me",
      "novalue",
      `${repeat("k", 128)}=v`,
      `k=${repeat("v", 256)}`,
      list(41, (i) => `t${i}=v${i}`),
      "k=a<b",
      // DynamoDB tables take only letters, digits, spaces and + - = . _ : / in tags ("Tagging restrictions in
      // DynamoDB", DynamoDB Developer Guide): no "@", which other services allow.
      "owner=ops@example.com",
      '{"k":1}',
      '["k=v"]',
    ],
  },
  logRetentionDays: {
    kind: "number",
    // The baseline keeps logs a year (CKV_AWS_338): shorter CloudWatch periods are refused by the setting.
    accepted: ["365", "3653", "400", "731"],
    refused: ["0", "1", "2", "180", "364", "3654", "365.5", "forever"],
  },
  throttleRateLimit: {
    kind: "number",
    accepted: ["1", "10000", "2.5", "5.0"],
    refused: ["0", "0.99", "10000.01", "-5", "NaN", "Infinity", "fast", "0.5e1", "1e4", "0x10"],
  },
  throttleBurstLimit: {
    kind: "number",
    accepted: ["1", "5000", "2000"],
    refused: ["0", "5001", "1.5", "-1", "2e3", "0b11"],
  },
  lambdaMemoryMb: {
    kind: "number",
    accepted: ["128", "10240", "1769", "129"],
    refused: ["127", "10241", "256.5", "1GB"],
  },
  lambdaTimeoutSeconds: {
    kind: "number",
    accepted: ["1", "29", "3"],
    refused: ["0", "30", "900", "1.5"],
  },
  lambdaReservedConcurrency: {
    kind: "number",
    accepted: ["1", "1000", "7"],
    refused: ["0", "-1", "1001", "unlimited"],
  },
  jwtIssuer: {
    kind: "string",
    accepted: [
      "https://a",
      "https://login.example.com/",
      "https://login.example.com/tenant/v2.0",
      httpsUrl(2048),
    ],
    refused: ["http://login.example.com", "https://", "https://a?b=c", "ftp://a", httpsUrl(2049)],
  },
  jwtAudience: {
    kind: "list",
    accepted: [
      "a",
      "api://default",
      list(10, (i) => `client-${i}`),
      repeat("c", 256),
      '["one","two"]',
      "a,,b",
    ],
    refused: [list(11, (i) => `c${i}`), repeat("c", 257), '["one"'],
  },
  corsAllowOrigins: {
    kind: "list",
    accepted: [
      "*",
      "none",
      "http://localhost:3000",
      "https://app.example.com,http://127.0.0.1:8080",
      "https://x:65535",
      `https://${dnsName(253)}`,
      list(10, (i) => `https://${dnsName(200, String.fromCharCode(97 + i))}`),
      list(20, (i) => `https://app${i}.example.com`),
      '["https://app.example.com"]',
    ],
    refused: [
      "app.example.com",
      "https://app.example.com/",
      "https://app.example.com/path",
      "ftp://app.example.com",
      `https://${dnsName(254)}`,
      list(21, (i) => `https://app${i}.example.com`),
      // Ports run from 1 to 65535 (RFC 6335); a browser never sends another.
      "https://app.example.com:99999",
      "https://app.example.com:0",
      // "*" beside exact origins: HTTP APIs answer "*", the REST preflight template matches only the exact ones.
      "*,https://app.example.com",
    ],
  },
  corsAllowCredentials: BOOLEAN,
  deletionProtection: BOOLEAN,
  cognitoDomainPrefix: {
    kind: "string",
    accepted: ["a", "0", "a-b", repeat("c", 54), "my-app-2"],
    refused: [repeat("c", 55), "-a", "a-", "My-App", "myawsapp", "myamazonapp", "cognitoapp", "a_b"],
  },
  oauthCallbackUrls: {
    kind: "list",
    accepted: [
      "http://localhost",
      "http://localhost:3000/callback",
      "https://app.example.com/cb?x=1",
      "https://a",
      httpsUrl(1024, "app.example.com"),
      list(10, (i) => `https://app.example.com/cb${i}`),
    ],
    refused: [
      "http://app.example.com/cb",
      // Cognito takes http only for localhost ("requires HTTPS over HTTP except for http://localhost",
      // CreateUserPoolClient CallbackURLs), not for a loopback address.
      "http://127.0.0.1:8080/cb",
      "http://[::1]/cb",
      "https://app.example.com/cb#frag",
      httpsUrl(1025, "app.example.com"),
      list(11, (i) => `https://app.example.com/cb${i}`),
    ],
  },
  cloudwatchRoleOwner: {
    kind: "string",
    accepted: ["rest-regional", "rest-edge", "rest-private", "websocket", "external"],
    refused: ["http-api", "none", "REST-REGIONAL"],
  },
  lambdaSourceMaps: BOOLEAN,
  bundleCache: { kind: "boolean", accepted: ["true", "on"], refused: ["sometimes"] },
  websocketMaxMessageBytes: {
    kind: "number",
    accepted: ["1", "12288", "4096"],
    refused: ["0", "12289", "32768", "4k"],
  },
  websocketFanOutConcurrency: {
    kind: "number",
    accepted: ["1", "50"],
    refused: ["0", "51", "2.5"],
  },
  jwtJwksUrl: {
    kind: "string",
    accepted: ["https://a", "https://login.example.com/.well-known/jwks.json", httpsUrl(2048)],
    refused: ["http://a/keys", "https://a/keys?x=1", httpsUrl(2049)],
  },
  restReadAuthorizer: { kind: "string", accepted: ["lambda", "cognito"], refused: ["iam", "LAMBDA", "none"] },
  restWriteAuthorizer: { kind: "string", accepted: ["cognito", "lambda"], refused: ["iam", "Cognito"] },
  restAuthorizerType: { kind: "string", accepted: ["TOKEN", "REQUEST"], refused: ["token", "JWT"] },
  restAuthorizerCacheTtl: { kind: "number", accepted: ["0", "3600", "1"], refused: ["-1", "3601", "0.5"] },
  restLoggingLevel: { kind: "string", accepted: ["ERROR", "INFO"], refused: ["OFF", "info", "DEBUG"] },
  restBasicRateLimit: { kind: "number", accepted: ["0.1", "10000", "0.25"], refused: ["0", "0.09", "10001"] },
  restBasicBurstLimit: { kind: "number", accepted: ["1", "5000"], refused: ["0", "5001", "2.5"] },
  restBasicWriteRateLimit: { kind: "number", accepted: ["0.1", "10000"], refused: ["0", "10000.5"] },
  restBasicWriteBurstLimit: { kind: "number", accepted: ["1", "5000"], refused: ["0", "5001"] },
  restBasicQuotaLimit: { kind: "number", accepted: ["1", "2000000000"], refused: ["0", "2000000001", "1.5"] },
  restBasicQuotaPeriod: { kind: "string", accepted: ["DAY", "WEEK", "MONTH"], refused: ["YEAR", "day"] },
  restPremiumRateLimit: { kind: "number", accepted: ["0.1", "10000"], refused: ["0", "10001"] },
  restPremiumBurstLimit: { kind: "number", accepted: ["1", "5000"], refused: ["0", "5001"] },
  restPremiumQuotaLimit: { kind: "number", accepted: ["1", "2000000000"], refused: ["0", "2000000001"] },
  restPremiumQuotaPeriod: { kind: "string", accepted: ["DAY", "WEEK", "MONTH"], refused: ["HOUR"] },
  restBasicApiKeys: {
    kind: "list",
    accepted: ["none", "k", repeat("k", 40), list(20, (i) => `basic-${i}`), "0-key"],
    // A key name twice makes two keys of one name (the construct refuses it).
    refused: [repeat("k", 41), list(21, (i) => `b${i}`), "Key", "-k", "a_b", "k,k"],
  },
  restPremiumApiKeys: {
    kind: "list",
    // "k" is also an accepted basic key: combinations put one name in both plans.
    accepted: ["none", "p", "k", repeat("p", 40), list(20, (i) => `premium-${i}`)],
    refused: [repeat("p", 41), "P1"],
  },
  restRegionalCache: BOOLEAN,
  restEdgeCache: BOOLEAN,
  restPrivateCache: BOOLEAN,
  restCacheSizeGb: {
    kind: "string",
    accepted: ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"],
    refused: ["1", "0.50", "500"],
  },
  restCacheTtlSeconds: { kind: "number", accepted: ["1", "3600"], refused: ["0", "3601"] },
  restWafRateLimit: {
    kind: "number",
    accepted: ["100", "2000000000", "1000"],
    refused: ["99", "2000000001"],
  },
  restRegionalDomain: {
    kind: "string",
    accepted: ["a.co", "api.example.com", dnsName(64), "xn--bcher-kva.example", "1-2.example.com"],
    refused: [
      "example",
      "API.example.com",
      dnsName(65),
      "-a.example.com",
      "a_b.example.com",
      "api.example.com.",
    ],
  },
  restRegionalHostedZoneId: { kind: "string", ...ZONE },
  restCloudFront: BOOLEAN,
  restCloudFrontDomain: {
    kind: "string",
    accepted: ["cdn.example.com", dnsName(64, "b")],
    refused: [dnsName(65, "b"), "cdn..example.com"],
  },
  restCloudFrontHostedZoneId: { kind: "string", ...ZONE },
  restEdgeDomain: {
    kind: "string",
    accepted: ["edge.example.com", dnsName(64, "c"), "e.co"],
    refused: [dnsName(65, "c"), "*.example.com"],
  },
  restEdgeHostedZoneId: { kind: "string", ...ZONE },
  restPrivateVpcId: {
    kind: "string",
    accepted: ["vpc-0123abcd", "vpc-0123456789abcdef0"],
    refused: ["vpc-123", "vpc-0123456789ABCDEF0", "vpc-0123456789abcdef01"],
  },
  restPrivateSubnetIds: {
    kind: "list",
    accepted: ["subnet-0123abcd", "subnet-0123abcd,subnet-4567cdef", list(16, (i) => `subnet-${hex17(i)}`)],
    refused: [list(17, (i) => `subnet-${hex17(i)}`), "subnet-xyz", "sn-0123abcd"],
  },
  restPrivateCreateVpc: BOOLEAN,
  restPrivateVpcCidr: {
    kind: "string",
    accepted: ["10.0.0.0/16", "10.40.0.0/24", "192.168.255.0/24", "172.31.0.0/16"],
    refused: ["10.0.0.1/16", "10.0.0.0/15", "10.0.0.0/25", "10.0.0.256/24", "10.0.0.0", "fd00::/56"],
  },
  restPrivateAllowedVpceIds: {
    kind: "list",
    accepted: ["vpce-0123abcd", list(10, (i) => `vpce-${hex17(i)}`)],
    refused: [list(11, (i) => `vpce-${hex17(i)}`), "vpc-0123abcd"],
  },
  restPrivateLambdasInVpc: BOOLEAN,
  restPrivateProbe: BOOLEAN,
  alarmEmail: {
    kind: "string",
    accepted: ["a@b.co", "on-call+apigw@example.com", "first.last@sub.example.co.uk", "o'brien@example.com"],
    refused: [
      "oncall",
      "on call@example.com",
      "@example.com",
      "a@b",
      // RFC 5321: a path holds at most 254 characters of address.
      `${repeat("a", 64)}@${dnsName(200)}`,
    ],
  },
  alarm5xxPercent: { kind: "number", accepted: ["0.01", "100", "2.5"], refused: ["0", "0.001", "100.1"] },
  alarmP99LatencyMs: { kind: "number", accepted: ["10", "60000", "2000"], refused: ["9", "60001", "1.5"] },
  alarmLambdaErrors: { kind: "number", accepted: ["1", "100000"], refused: ["0", "100001"] },
  tfcOrganization: {
    kind: "string",
    accepted: ["o", "my-org", "My_Org-2", repeat("o", 90)],
    refused: [repeat("o", 91), "my org", "my.org"],
  },
  tfcHostname: {
    kind: "string",
    accepted: ["app.terraform.io", "tfe.example.com", "app.eu.terraform.io"],
    refused: ["localhost", "https://app.terraform.io", "APP.terraform.io"],
  },
  tfcWorkspacePrefix: {
    kind: "string",
    accepted: ["w", "Team_A-1", repeat("w", 76)],
    refused: ["my.ws", "my ws", repeat("w", 90)],
  },
  stateBucket: {
    kind: "string",
    accepted: ["abc", `s${repeat("3", 62)}`, "my.state-bucket", "1-2-3"],
    refused: [
      "ab",
      `s${repeat("3", 63)}`,
      "My-Bucket",
      "a..b",
      "192.168.1.1",
      "xn--abc",
      "bucket-s3alias",
      "-abc",
    ],
  },
  stateRegion: {
    kind: "string",
    accepted: ["us-east-1", "eu-west-3", "us-gov-west-1"],
    // The S3 backend validates the region against the ones it knows, as the provider does.
    refused: ["us-east", "US-EAST-1", "zz-nowhere-9"],
  },
};

/**
 * cdktf context values of the wrong JSON type for each kind of setting (a boolean where a name belongs, an
 * object where a number belongs, non-strings in a list): each must be refused naming the setting, not turned
 * into text such as a bucket named "false".
 */
export const WRONG_JSON: { readonly [K in Edges["kind"]]: readonly unknown[] } = {
  string: [false, true, { value: "x" }],
  number: [true, [5], { value: 5 }],
  boolean: [2, [true], { on: true }],
  list: [true, { a: "b" }, [null], [true], [["x", "y"]]],
  tags: [[["team", "x"]], { team: { name: "x" } }, { cost: 1 }, true],
};

/**
 * Settings refuse values AWS, the provider or HCP Terraform would refuse at plan or apply, each naming the
 * setting: the sources are cited next to each parser in config/.
 */
import { loadSettings } from "../../config/settings";

const refused = (env: Record<string, string>, message: RegExp) =>
  expect(() => loadSettings({ env })).toThrow(message);
const accepted = (env: Record<string, string>) => expect(() => loadSettings({ env })).not.toThrow();

const zone = "Z0123456789ABCDEFGHIJ";
const domainOf = (length: number) => `${"a".repeat(length - ".example.com".length)}.example.com`;

test("custom domains fit an ACM certificate's 64 characters", () => {
  accepted({ APIGW_REST_EDGE_DOMAIN: domainOf(64), APIGW_REST_EDGE_ZONE_ID: zone });
  refused(
    { APIGW_REST_EDGE_DOMAIN: domainOf(65), APIGW_REST_EDGE_ZONE_ID: zone },
    /APIGW_REST_EDGE_DOMAIN = "a+\.example\.com": expected a lowercase DNS name of at most 64 characters/,
  );
});

test("regions: only those the provider knows, in a partition the stacks support", () => {
  accepted({ APIGW_REGION: "eu-central-2" });
  refused({ APIGW_REGION: "us-central-1" }, /APIGW_REGION = "us-central-1": expected an AWS region code/);
  refused({ APIGW_REGION: "eusc-de-east-1" }, /European Sovereign Cloud/);
});

test("Cognito callback URLs: https, or http only for localhost", () => {
  accepted({ APIGW_OAUTH_CALLBACK_URLS: "https://app.example.com/cb,http://localhost:8080/cb" });
  refused({ APIGW_OAUTH_CALLBACK_URLS: "http://app.example.com/cb" }, /APIGW_OAUTH_CALLBACK_URLS/);
  refused({ APIGW_OAUTH_CALLBACK_URLS: "http://127.0.0.1:8080/cb" }, /APIGW_OAUTH_CALLBACK_URLS/);
});

test("Cognito domain prefixes without reserved words", () => {
  refused({ APIGW_COGNITO_DOMAIN_PREFIX: "my-aws-login" }, /without the words aws, amazon or cognito/);
});

test("HCP Terraform organizations: letters, digits, - and _", () => {
  accepted({ APIGW_TFC_ORGANIZATION: "my_org-1" });
  refused({ APIGW_TFC_ORGANIZATION: "my.org" }, /APIGW_TFC_ORGANIZATION = "my.org"/);
});

test("S3 state buckets follow S3's naming rules", () => {
  accepted({ APIGW_STATE_BUCKET: "my.terraform-state" });
  for (const bucket of ["my..state", "192.168.1.10", "xn--state", "state-s3alias", "-state"]) {
    refused(
      { APIGW_STATE_BUCKET: bucket },
      new RegExp(`APIGW_STATE_BUCKET = "${bucket.replace(/\./g, "\\.")}"`),
    );
  }
});

test("EC2 ids have 8 or 17 hex characters", () => {
  const subnets = "subnet-0123456789abcdef0,subnet-01234567";
  accepted({ APIGW_REST_PRIVATE_VPC_ID: "vpc-01234567", APIGW_REST_PRIVATE_SUBNET_IDS: subnets });
  refused(
    { APIGW_REST_PRIVATE_VPC_ID: "vpc-0123456789", APIGW_REST_PRIVATE_SUBNET_IDS: subnets },
    /APIGW_REST_PRIVATE_VPC_ID = "vpc-0123456789"/,
  );
});

test("tag keys of at most 127 characters (EC2), spaces but no tabs", () => {
  accepted({ APIGW_TAGS: `${"k".repeat(127)}=v` });
  refused({ APIGW_TAGS: `${"k".repeat(128)}=v` }, /tag keys of 1-127/);
  refused({ APIGW_TAGS: JSON.stringify({ "a\tb": "v" }) }, /tag keys of 1-127/);
});

test("what functions receive as environment variables stays within Lambda's 4 KB", () => {
  const audience = Array.from({ length: 10 }, (_, i) => `${i}${"a".repeat(255)}`).join(",");
  refused(
    {
      APIGW_JWT_ISSUER: `https://login.example.com/${"p".repeat(1000)}`,
      APIGW_JWT_AUDIENCE: audience,
    },
    /APIGW_JWT_ISSUER, APIGW_JWT_JWKS_URL and APIGW_JWT_AUDIENCE add up to \d+ bytes/,
  );
  refused(
    { APIGW_JWT_ISSUER: `https://login.example.com/${"p".repeat(2040)}`, APIGW_JWT_AUDIENCE: "a" },
    /APIGW_JWT_ISSUER = /,
  );
  const origins = Array.from({ length: 20 }, (_, i) => `https://${"o".repeat(200)}${i}.example.com`).join(
    ",",
  );
  refused({ APIGW_CORS_ORIGINS: origins }, /APIGW_CORS_ORIGINS is \d+ bytes/);
});

test("one domain name is used once: Route 53 takes one record of a name and type", () => {
  refused(
    {
      APIGW_REST_REGIONAL_DOMAIN: "api.example.com",
      APIGW_REST_REGIONAL_ZONE_ID: zone,
      APIGW_REST_EDGE_DOMAIN: "api.example.com",
      APIGW_REST_EDGE_ZONE_ID: zone,
    },
    /APIGW_REST_REGIONAL_DOMAIN and APIGW_REST_EDGE_DOMAIN are both "api.example.com"/,
  );
});

test("AWS GovCloud (US) has no public Route 53 zones: custom domains are refused there", () => {
  refused(
    {
      APIGW_REGION: "us-gov-west-1",
      APIGW_REST_REGIONAL_DOMAIN: "api.example.com",
      APIGW_REST_REGIONAL_ZONE_ID: zone,
    },
    /APIGW_REST_REGIONAL_DOMAIN set while APIGW_REGION = "us-gov-west-1": AWS GovCloud \(US\) has no public Route 53/,
  );
});

test("a JWKS URL needs the external issuer it belongs to", () => {
  refused(
    { APIGW_JWT_JWKS_URL: "https://login.example.com/keys" },
    /APIGW_JWT_JWKS_URL = .* without APIGW_JWT_ISSUER/,
  );
});

test("the state bucket's region is in the stacks' partition", () => {
  refused(
    { APIGW_STATE_BUCKET: "my-state", APIGW_STATE_REGION: "cn-north-1" },
    /APIGW_STATE_REGION = "cn-north-1" is in another partition than APIGW_REGION = "us-east-1"/,
  );
  refused(
    { APIGW_STATE_BUCKET: "my-state", APIGW_STATE_REGION: "zz-nowhere-9" },
    /APIGW_STATE_REGION = "zz-nowhere-9"/,
  );
});

test("an API key name is in one usage plan only", () => {
  refused({ APIGW_REST_BASIC_KEYS: "k,k" }, /APIGW_REST_BASIC_KEYS = "k,k": expected each entry once/);
  refused(
    { APIGW_REST_BASIC_KEYS: "k", APIGW_REST_PREMIUM_KEYS: "k" },
    /APIGW_REST_BASIC_KEYS and APIGW_REST_PREMIUM_KEYS both list "k"/,
  );
});

test("CORS: * alone, lowercase hosts, real ports", () => {
  refused({ APIGW_CORS_ORIGINS: "*,https://app.example.com" }, /"\*" alone/);
  refused({ APIGW_CORS_ORIGINS: "https://APP.example.com" }, /lowercase host/);
  refused({ APIGW_CORS_ORIGINS: "https://app.example.com:99999" }, /port 1-65535/);
});

test("tags DynamoDB takes, with keys that stay distinct for IAM", () => {
  refused({ APIGW_TAGS: "owner=ops@example.com" }, /tag values of 0-255/);
  refused({ APIGW_TAGS: "Team=a,team=b" }, /"team" and "Team" are one key to IAM/);
  refused({ APIGW_TAGS: "Project=x" }, /"Project" and "project" are one key to IAM/);
});

/** the AWS provider's configuration, data sources of the account, and the terraform block (backend, HCP Terraform): the provider's validators and the AWS API model, rule by rule with the source of each. */
import { AWS_REGIONS } from "../../../../config/regions";
import { all, type Constraint, length, pattern } from "../constraints";
import { attributes, type BlockRule, conflicting, oneOfKeys, type ValidityRule } from "../rule";

/**
 * Regions the provider and the S3 backend accept: aws-sdk-go-base's `validation.SupportedRegion` compares the
 * region with the regions of the AWS partitions (endpoints data of the AWS SDKs; botocore `partitions.json`).
 */

const region: Constraint = {
  describe: "a region of an AWS partition, e.g. us-east-1",
  test: (value) => AWS_REGIONS.includes(value as string),
};
const REGION_SOURCE =
  "aws-sdk-go-base validation/region.go SupportedRegion (the regions of the AWS partitions; botocore partitions.json)";

/** Tag characters shared by the services whose models constrain them (WAFv2, CloudWatch Logs, ACM, CloudFront). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** At most 50 tags on a resource (default tags are added to every resource's own tags). */
const atMost50Tags: Constraint = {
  describe: "at most 50 tags",
  test: (value) => value !== null && typeof value === "object" && Object.keys(value).length <= 50,
};

/**
 * aws_caller_identity has no arguments to check: its only inputs are the optional `id` and the injected
 * `region`; everything it returns (account_id, arn, user_id) is computed, and Terraform refuses a configured
 * value for a computed-only attribute. So the one thing that can be wrong in what a stack writes is setting one.
 */
const callerIdentityComputedOnly: BlockRule = {
  kind: "block",
  type: "data.aws_caller_identity",
  block: "",
  name: "no values for computed attributes account_id, arn, user_id",
  source: {
    provider: "internal/service/sts/caller_identity_data_source.go: account_id, arn, user_id Computed only",
  },
  bad: { account_id: "123456789012" },
  check: (block) => {
    const set = ["account_id", "arn", "user_id"].filter((key) => block[key] !== undefined);
    return set.length > 0 ? `${set.join(", ")} are computed by the data source and cannot be set` : undefined;
  },
};

/** S3 general purpose bucket names. */
const BUCKET_NAME = all(
  length(3, 63),
  pattern(
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    "lowercase letters, digits, . and -, a letter or digit at each end",
  ),
  pattern(/^(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)/, "no two adjacent periods, not an IP address"),
  pattern(
    /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3)$)/,
    "no reserved prefix (xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3)",
  ),
);

/** HCP Terraform names: letters, digits, - and _. */
const HCP_NAME = pattern(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _");

export const providerRules: ValidityRule[] = [
  ...attributes("provider.aws", [
    {
      attribute: "region",
      constraint: region,
      source: {
        provider: `internal/provider/sdkv2/provider.go: region (skip_region_validation unset); ${REGION_SOURCE}`,
      },
      fix: "set APIGW_REGION to an AWS region code",
      bad: "us-central-1",
    },
    {
      attribute: "default_tags.tags",
      constraint: atMost50Tags,
      source: { api: "acm 2015-12-08 TagList (max 50); the 50-tag limit of AWS resource tagging" },
      bad: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`tag${i}`, "x"])),
    },
    {
      attribute: "default_tags.tags.@key",
      constraint: all(
        length(1, 127),
        pattern(TAG_CHARACTERS, "letters, digits, spaces and _ . : / = + - @"),
        pattern(/^(?!aws:)/i, "not starting with aws:"),
      ),
      source: {
        api: "wafv2 2019-07-29 TagKey and logs 2014-03-28 TagKey (1-128, ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$); ec2 2016-11-15 Tag.Key (at most 127, not aws:)",
      },
      fix: "shorten or rename the tag key in APIGW_TAGS",
      bad: "team#1",
    },
    {
      attribute: "default_tags.tags.*",
      constraint: all(length(0, 256), pattern(TAG_CHARACTERS, "letters, digits, spaces and _ . : / = + - @")),
      source: {
        api: "wafv2 2019-07-29 TagValue and logs 2014-03-28 TagValue (0-256, ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$)",
      },
      fix: "change the tag value in APIGW_TAGS",
      bad: "platform|api",
    },
  ]),
  callerIdentityComputedOnly,
  ...attributes("terraform", [
    {
      attribute: "backend.s3.bucket",
      constraint: BUCKET_NAME,
      source: { api: "Amazon S3 User Guide, General purpose bucket naming rules" },
      fix: "set APIGW_STATE_BUCKET to a valid S3 bucket name",
      bad: "my..state",
    },
    {
      attribute: "backend.s3.key",
      constraint: all(
        length(1, 1024),
        pattern(/^(?!\/)(?!.*\/$)(?!.*\/\/)/, "no leading or trailing / and no //"),
      ),
      source: {
        provider:
          'hashicorp/terraform internal/backend/remote-state/s3/backend.go: key validateStringNotEmpty, validateStringS3Path, validateStringDoesNotContain("//")',
        api: "Amazon S3 User Guide, Naming objects (keys up to 1,024 bytes)",
      },
      bad: "apigw//dev/http-api.tfstate",
    },
    {
      attribute: "backend.s3.region",
      constraint: region,
      source: {
        provider: `hashicorp/terraform internal/backend/remote-state/s3/backend.go: region ${REGION_SOURCE}`,
      },
      fix: "set APIGW_STATE_REGION (or APIGW_REGION) to an AWS region code",
      bad: "us-central-1",
    },
    {
      attribute: "backend.local.path",
      constraint: pattern(/./, "not empty"),
      source: {
        provider:
          "hashicorp/terraform internal/backend/local/backend.go: PrepareConfig (path must not be empty)",
      },
      bad: "",
    },
    {
      attribute: "cloud.organization",
      constraint: HCP_NAME,
      source: {
        api: "HCP Terraform documentation, Organizations: organization names include letters, numbers, _ and -",
      },
      fix: "set APIGW_TFC_ORGANIZATION to the organization's name (letters, digits, - and _)",
      bad: "my.org",
    },
    {
      attribute: "cloud.workspaces.name",
      constraint: all(length(1, 90), HCP_NAME),
      source: {
        api: "HCP Terraform documentation, Creating workspaces: names of at most 90 characters of letters, numbers, - and _",
      },
      fix: "shorten APIGW_TFC_WORKSPACE_PREFIX (the name is <prefix>-<stack>) and use only letters, digits, - and _",
      bad: "apigw.dev-http-api",
    },
  ]),
  conflicting(
    "terraform",
    "",
    ["backend", "cloud"],
    {
      provider:
        'hashicorp/terraform internal/configs/module.go: "Both a backend and cloud configuration are present"',
    },
    {
      backend: { local: { path: "terraform.tfstate" } },
      cloud: { organization: "org", workspaces: { name: "ws" } },
    },
  ),
  oneOfKeys(
    "terraform",
    "cloud.workspaces",
    ["name", "tags"],
    {
      provider:
        'hashicorp/terraform internal/cloud/backend.go: workspaces "Only one of workspace tags or name is allowed", one required',
    },
    { tags: ["apigw"] },
  ),
];

/**
 * AWS partitions: every ARN a stack writes starts with `arn:<partition>:`, and what a stack may create depends
 * on it. The stacks support the commercial partition and AWS GovCloud (US); the China regions are refused in
 * the settings (API Gateway there has no Cognito authorizers and no edge-optimized endpoints, and serves
 * unauthenticated routes only under an ICP licence: "Amazon API Gateway" in "Getting Started with Amazon Web
 * Services in China"); the isolated partitions need endpoints the provider is not told about here.
 */
export const PARTITIONS = ["aws", "aws-us-gov"] as const;
export type Partition = (typeof PARTITIONS)[number];

/** The partition of any region the provider knows (China and the isolated ones too), by its prefix. */
export function partitionName(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("eusc-")) return "aws-eusc";
  const iso = /-(iso[a-z]?)-/.exec(region);
  return iso ? `aws-${iso[1]}` : "aws";
}

/** The partition of a region the settings accept (commercial or GovCloud). */
export function partitionOf(region: string): Partition {
  return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/**
 * Lambda's log format in a region: AWS GovCloud (US) offers no JSON log formatting ("AWS Lambda in AWS GovCloud
 * (US)"), so functions there log as Text.
 */
export function lambdaLogFormat(region: string): "JSON" | "Text" {
  return partitionOf(region) === "aws-us-gov" ? "Text" : "JSON";
}

/** The host of a Cognito hosted sign-in domain: GovCloud serves it on FIPS endpoints only ("Amazon Cognito in AWS GovCloud (US)"). */
export function cognitoSignInHost(domainPrefix: string, region: string): string {
  const auth = partitionOf(region) === "aws-us-gov" ? "auth-fips" : "auth";
  return `${domainPrefix}.${auth}.${region}.amazoncognito.com`;
}

/** An ARN in the region's partition: `arn(partition, "iam", "", "aws", "policy/...")`. */
export function arn(
  partition: Partition,
  service: string,
  region: string,
  account: string,
  resource: string,
) {
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

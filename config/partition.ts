/**
 * AWS partitions: every ARN a stack writes starts with `arn:<partition>:`, and what a stack may create depends
 * on it. The stacks support the commercial partition and AWS GovCloud (US); the China regions are refused in
 * the settings (API Gateway there has no Cognito authorizers and no edge-optimized endpoints, and serves
 * unauthenticated routes only under an ICP licence: "Amazon API Gateway" in "Getting Started with Amazon Web
 * Services in China"); the isolated partitions need endpoints the provider is not told about here.
 */
export const PARTITIONS = ["aws", "aws-us-gov"] as const;
export type Partition = (typeof PARTITIONS)[number];

/** The partition of a region the settings accept (commercial or GovCloud). */
export function partitionOf(region: string): Partition {
  return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
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

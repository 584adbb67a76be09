/** CloudFront path patterns and the distribution comment stay within what CloudFront accepts. */
import { TerraformStack, Testing } from "cdktf";
import { CloudFrontFront, type CloudFrontFrontProps } from "../../constructs/cloudfront-front";

const props = (overrides: Partial<CloudFrontFrontProps> = {}): CloudFrontFrontProps => ({
  policyName: "apigw-dev-rest-regional",
  domainName: "cdn.example.com",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  originDomainName: "abc123.execute-api.us-east-1.amazonaws.com",
  originPath: "/dev",
  webAclArn: "arn:aws:wafv2:us-east-1:111122223333:global/webacl/x/1",
  ...overrides,
});

test("a path parameter is refused as a pattern; its wildcard form is accepted", () => {
  const stack = new TerraformStack(Testing.app(), "front");
  expect(() => new CloudFrontFront(stack, "a", props({ cacheablePaths: ["/items/{id}"] }))).toThrow(
    'cacheablePaths entry "/items/{id}" is not a CloudFront path pattern',
  );
  expect(() => new CloudFrontFront(stack, "b", props({ cacheablePaths: ["/items/*"] }))).not.toThrow();
});

test("the comment names what the distribution fronts, within 128 characters whatever the domain", () => {
  const stack = new TerraformStack(Testing.app(), "front");
  new CloudFrontFront(stack, "a", props({ domainName: `${"d".repeat(52)}.example.com` }));
  const json = JSON.parse(Testing.synth(stack));
  const [distribution] = Object.values(json.resource.aws_cloudfront_distribution) as { comment: string }[];
  expect(distribution.comment).toBe("apigw-dev-rest-regional REST API");
});

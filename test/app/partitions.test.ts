/**
 * Regions and partitions: ARNs are written in the configured region's partition; a stack that AWS does not
 * offer in a partition refuses it naming APIGW_REGION; regions the stacks cannot serve are refused by the
 * settings.
 */
import { loadSettings, SettingsError } from "../../config/settings";
import { checkValidity } from "../../constructs/guardrails/validity/check";
import { VALIDITY_RULES } from "../../constructs/guardrails/validity/rules";
import { STACKS } from "../../stacks/all-stacks";
import { addOperations } from "../../stacks/operations";
import { synthStack } from "../support/synth";

/** Every `arn:<partition>:` a stack's JSON writes literally. */
const partitionsIn = (json: unknown) =>
  new Set([...JSON.stringify(json).matchAll(/arn:([a-z-]+):/g)].map((match) => match[1]));

test.each(STACKS.map((Stack) => [Stack.name, Stack] as const))(
  "%s in AWS GovCloud (US): every ARN in aws-us-gov, or a refusal naming APIGW_REGION",
  (_name, Stack) => {
    const env = { APIGW_REGION: "us-gov-west-1" };
    let json: unknown;
    try {
      ({ json } = synthStack((app, settings) => {
        const stack = new Stack(app, settings);
        addOperations(stack, settings);
        return stack;
      }, env));
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).problems.join("\n")).toMatch(/^APIGW_REGION = "us-gov-west-1": /);
      return;
    }
    expect([...partitionsIn(json)]).toEqual(expect.arrayContaining(["aws-us-gov"]));
    expect(partitionsIn(json).has("aws")).toBe(false);
    // "AWS Lambda in AWS GovCloud (US)": no JSON log formatting; "Amazon Cognito": FIPS endpoints only.
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/"log_format":"JSON"/);
    expect(text).not.toMatch(/\.auth\.us-gov-west-1\.amazoncognito\.com/);
    if (text.includes("amazoncognito.com"))
      expect(text).toMatch(/\.auth-fips\.us-gov-west-1\.amazoncognito\.com/);
    expect(checkValidity("gov", json as object, VALIDITY_RULES)).toEqual([]);
  },
);

test("in a commercial region every ARN is in aws", () => {
  const [Stack] = STACKS;
  const { json } = synthStack((app, settings) => {
    const stack = new Stack(app, settings);
    addOperations(stack, settings);
    return stack;
  });
  expect([...partitionsIn(json)]).toEqual(["aws"]);
});

test("China and isolated regions are refused with the reason", () => {
  expect(() => loadSettings({ env: { APIGW_REGION: "cn-north-1" } })).toThrow(
    /APIGW_REGION = "cn-north-1": expected a commercial or AWS GovCloud \(US\) region: in the China regions/,
  );
  expect(() => loadSettings({ env: { APIGW_REGION: "us-iso-east-1" } })).toThrow(
    /APIGW_REGION = "us-iso-east-1"/,
  );
});

test("own CloudFront in AWS GovCloud (US) is refused", () => {
  expect(() =>
    loadSettings({
      env: {
        APIGW_REGION: "us-gov-west-1",
        APIGW_REST_CLOUDFRONT: "true",
        APIGW_REST_CLOUDFRONT_DOMAIN: "cdn.example.com",
        APIGW_REST_CLOUDFRONT_ZONE_ID: "Z0123456789ABCDEFGHIJ",
      },
    }),
  ).toThrow(/APIGW_REST_CLOUDFRONT = true while APIGW_REGION = "us-gov-west-1"/);
});

import { TerraformStack, Testing } from "cdktf";
import fc from "fast-check";
import { vpcCidr } from "../../config/settings-rest";
import { CloudFrontFront } from "../../constructs/cloudfront-front";
import { privateApiPolicy } from "../../constructs/private-api-policy";
import { ExecuteApiEndpoint } from "../../constructs/private-endpoint";
import { subnetCidrs } from "../../constructs/private-network";
import { RestDomain } from "../../constructs/rest-domain";
import { RestOperatorPolicy } from "../../constructs/rest-operator-policy";
import { type UsagePlanSpec, UsagePlans } from "../../constructs/usage-plans";
import { WebAcl } from "../../constructs/waf";

const scope = () => new TerraformStack(Testing.app(), "test");

describe("UsagePlans validation", () => {
  const plan: UsagePlanSpec = {
    id: "basic",
    throttle: { rateLimit: 5, burstLimit: 10 },
    quota: { limit: 100, period: "DAY" },
    apiKeys: ["demo"],
  };
  const make = (plans: UsagePlanSpec[]) =>
    new UsagePlans(scope(), "Plans", {
      restApiId: "api",
      stageName: "dev",
      plans,
      physicalName: (...p) => p.join("-"),
    });

  test.each([
    [
      [{ ...plan, quota: { limit: 100, period: "YEAR" as never } }],
      /quota period "YEAR" of plan "basic" is invalid: use DAY, WEEK or MONTH/,
    ],
    [[{ ...plan, quota: { limit: 0, period: "DAY" as const } }], /quota limit 0 of plan "basic" is invalid/],
    [
      [{ ...plan, throttle: { rateLimit: 0, burstLimit: 1 } }],
      /throttle 0\/s burst 1 of plan "basic" is invalid/,
    ],
    [
      [{ ...plan, methodThrottles: [{ path: "items/GET", rateLimit: 1, burstLimit: 1 }] }],
      /method throttle path "items\/GET"/,
    ],
    [
      [{ ...plan, methodThrottles: [{ path: "/items/FETCH", rateLimit: 1, burstLimit: 1 }] }],
      /"\/items\/FETCH"/,
    ],
    [[plan, { ...plan, id: "premium" }], /API key "demo" is in two plans/],
    [[plan, plan], /usage plan "basic" is defined twice/],
    [[{ ...plan, id: "Basic" }], /usage plan id "Basic" is invalid/],
    [[], /plans is empty/],
  ])("%# rejects bad plans with a clear message", (plans, message) => {
    expect(() => make(plans)).toThrow(message);
  });

  test("accepts per-method paths with parameters and the root", () => {
    expect(() =>
      make([
        {
          ...plan,
          methodThrottles: [
            { path: "/items/{id}/PUT", rateLimit: 1, burstLimit: 1 },
            { path: "//GET", rateLimit: 1, burstLimit: 1 },
          ],
        },
      ]),
    ).not.toThrow();
  });
});

describe("private API policy", () => {
  test("one Deny with every endpoint in one StringNotEquals list", () => {
    const policy = JSON.parse(
      privateApiPolicy({
        executionArn: "arn:aws:execute-api:us-east-1:123456789012:abc",
        vpcEndpointIds: ["vpce-1", "vpce-2", "vpce-1"],
        openMethodPaths: ["GET/items"],
      }),
    ) as {
      Statement: { Effect: string; Resource: unknown; Condition: Record<string, Record<string, string[]>> }[];
    };
    const denies = policy.Statement.filter((s) => s.Effect === "Deny");
    expect(denies).toHaveLength(1);
    expect(denies[0].Condition).toEqual({ StringNotEquals: { "aws:SourceVpce": ["vpce-1", "vpce-2"] } });
    expect(denies[0].Resource).toBe("arn:aws:execute-api:us-east-1:123456789012:abc/*");
    expect(policy.Statement[0]).toMatchObject({
      Effect: "Allow",
      Resource: ["arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/items"],
      Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1", "vpce-2"] } },
    });
  });

  test("no endpoint is an error; no open method leaves only the Deny", () => {
    expect(() => privateApiPolicy({ executionArn: "arn", vpcEndpointIds: [], openMethodPaths: [] })).toThrow(
      /vpcEndpointIds is empty/,
    );
    const policy = JSON.parse(
      privateApiPolicy({ executionArn: "arn", vpcEndpointIds: ["v"], openMethodPaths: [] }),
    );
    expect(policy.Statement.map((s: { Effect: string }) => s.Effect)).toEqual(["Deny"]);
  });
});

describe("VPC CIDRs", () => {
  test("subnets are the first quarters of the VPC", () => {
    expect(subnetCidrs("10.40.0.0/16", 2)).toEqual(["10.40.0.0/18", "10.40.64.0/18"]);
    expect(subnetCidrs("192.168.10.0/24", 4)).toEqual([
      "192.168.10.0/26",
      "192.168.10.64/26",
      "192.168.10.128/26",
      "192.168.10.192/26",
    ]);
    expect(() => subnetCidrs("10.0.0.0/8", 2)).toThrow(/use \/16 to \/24/);
    expect(() => subnetCidrs("10.0.0.0/16", 5)).toThrow(/subnetCount 5 is invalid/);
  });

  test("property: every valid VPC CIDR parses, and its subnets are disjoint and inside it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 24 }), fc.nat(2 ** 32 - 1), (prefix, raw) => {
        const size = 2 ** (32 - prefix);
        const base = raw - (raw % size);
        const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
        const cidr = `${octets.join(".")}/${prefix}`;
        expect(vpcCidr(cidr)).toBe(cidr);
        const starts = subnetCidrs(cidr, 4).map((subnet) =>
          subnet
            .split("/")[0]
            .split(".")
            .reduce((acc, octet) => acc * 256 + Number(octet), 0),
        );
        starts.forEach((start, index) => {
          expect(start).toBe(base + (index * size) / 4);
        });
      }),
    );
  });

  test("host bits, bad octets and sizes are rejected", () => {
    for (const bad of ["10.40.0.1/16", "300.0.0.0/16", "10.0.0.0/8", "10.0.0.0/25", "10.0.0.0", "abc"]) {
      expect(() => vpcCidr(bad)).toThrow(/IPv4 network from \/16 to \/24/);
    }
  });
});

describe("edge, WAF and network constructs reject bad input", () => {
  test("a custom domain without a hosted zone", () => {
    expect(
      () =>
        new RestDomain(scope(), "Domain", {
          endpointType: "EDGE",
          domainName: "api.example.com",
          hostedZoneId: "",
          restApiId: "api",
          stageName: "dev",
        }),
    ).toThrow(/custom domain "api.example.com" needs a hosted zone id/);
  });

  test("a WAF rate limit below AWS's minimum, or a CLOUDFRONT ACL associated by ARN", () => {
    const base = {
      aclName: "acl",
      scope: "REGIONAL" as const,
      region: "us-east-1",
      rateLimit: 1000,
      logRetentionDays: 7,
    };
    expect(() => new WebAcl(scope(), "Waf", { ...base, rateLimit: 50 })).toThrow(/rateLimit 50 is invalid/);
    expect(() => new WebAcl(scope(), "Waf", { ...base, scope: "CLOUDFRONT", associate: ["arn"] })).toThrow(
      /cannot be associated by ARN/,
    );
  });

  test("CloudFront with a bad origin path; an endpoint open to the internet", () => {
    expect(
      () =>
        new CloudFrontFront(scope(), "Cf", {
          policyName: "p",
          domainName: "cdn.example.com",
          hostedZoneId: "Z1",
          originDomainName: "x.execute-api.us-east-1.amazonaws.com",
          originPath: "dev/",
          webAclArn: "arn",
        }),
    ).toThrow(/originPath "dev\/" is invalid/);
    expect(
      () =>
        new ExecuteApiEndpoint(scope(), "E", {
          securityGroupName: "sg",
          region: "us-east-1",
          vpcId: "vpc-1",
          clientCidr: "0.0.0.0/0",
          subnetIds: ["subnet-1"],
        }),
    ).toThrow(/open to the internet/);
  });
});

describe("RestOperatorPolicy", () => {
  test("one statement per kind of grant it is given; none at all is an error", () => {
    const policy = new RestOperatorPolicy(scope(), "Admin", {
      policyName: "ops",
      invokeArns: ["arn:aws:execute-api:us-east-1:123456789012:abc/dev/DELETE/items/*"],
    });
    expect(JSON.parse(policy.policyInput ?? "")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AdminRoutes",
          Effect: "Allow",
          Action: ["execute-api:Invoke"],
          Resource: ["arn:aws:execute-api:us-east-1:123456789012:abc/dev/DELETE/items/*"],
        },
      ],
    });
    expect(() => new RestOperatorPolicy(scope(), "Admin", { policyName: "ops" })).toThrow(
      /operator policy "ops" would grant nothing/,
    );
  });
});

/**
 * The phases every variant shares, each on its own: reading the body (the limit), throttles (one rule, the
 * account last), API keys, the Lambda integration (deadline, timeout, function error, Lambda's 6 MB limit),
 * and the Lambda authorizer's answer (policy, context, deny).
 */
import { askAuthorizer, LambdaAuthorizerRunner, policyGrant } from "../../../local/lambda-authorizer";
import { requestContext } from "../../../local/pipeline/context";
import { requireApiKey } from "../../../local/pipeline/phases/api-key";
import { invokeLambda } from "../../../local/pipeline/phases/invoke";
import { readRequestBody } from "../../../local/pipeline/phases/read-body";
import { RouteThrottles, takeTokens } from "../../../local/pipeline/phases/throttle";
import { ACCOUNT_LIMIT } from "../../../local/throttle";
import { fakeFunction, fakeRequest, fakeRuntime } from "../support/phase-context";

const ctxFor = (request = {}, options = {}) =>
  requestContext(fakeRuntime(options), fakeRequest(request), "/", "", performance.now(), "r");

describe("readRequestBody", () => {
  test("reads the body; a request without one costs no await", async () => {
    const ctx = ctxFor({ method: "POST", body: "hello" });
    await readRequestBody()(ctx);
    expect(ctx.body.toString()).toBe("hello");
    expect(readRequestBody()(ctxFor())).toBeUndefined();
  });

  test("a body over the limit is BODY_TOO_LARGE", async () => {
    await expect(readRequestBody(4)(ctxFor({ method: "POST", body: "hello" }))).rejects.toMatchObject({
      type: "BODY_TOO_LARGE",
    });
  });
});

describe("throttles", () => {
  const stage = {
    name: "dev",
    defaultThrottle: { rate: 1, burst: 1 },
    routeThrottles: new Map([["GET /fast", { rate: 100, burst: 3 }]]),
  };

  test("a route's own limit, else the stage default, then the account's; worked out once", () => {
    const throttles = new RouteThrottles("http:unit:api", "us-east-1");
    const fast = throttles.checksFor(stage, "GET /fast");
    expect(fast).toEqual([
      ["http:unit:api:dev GET /fast", { rate: 100, burst: 3 }],
      ["account:us-east-1", ACCOUNT_LIMIT],
    ]);
    expect(throttles.checksFor(stage, "GET /fast")).toBe(fast);
    expect(throttles.checksFor(stage, "GET /slow")[0][1]).toEqual({ rate: 1, burst: 1 });
    expect(throttles.checksFor({ ...stage, defaultThrottle: undefined }, "GET /other")).toEqual([
      ["account:us-east-1", ACCOUNT_LIMIT],
    ]);
  });

  test("an empty bucket is THROTTLED; with throttling off nothing is taken", () => {
    const { services } = fakeRuntime();
    const checks = new RouteThrottles("p", "us-east-1").checksFor(stage, "GET /slow");
    takeTokens(services, checks);
    expect(() => takeTokens(services, checks)).toThrow(expect.objectContaining({ type: "THROTTLED" }));
    const off = fakeRuntime({ throttling: false }).services;
    for (let index = 0; index < 3; index++) takeTokens(off, checks);
  });
});

describe("requireApiKey", () => {
  test("no key, or one the lookup rejects, is INVALID_API_KEY; a found key is returned", () => {
    const lookup = (value: string) => (value === "good" ? { id: "k1" } : undefined);
    expect(() => requireApiKey(undefined, lookup)).toThrow(expect.objectContaining({ note: "no API key" }));
    expect(() => requireApiKey("", lookup)).toThrow(expect.objectContaining({ type: "INVALID_API_KEY" }));
    expect(() => requireApiKey("bad", lookup)).toThrow(
      expect.objectContaining({ type: "INVALID_API_KEY", note: "API key not valid for this stage" }),
    );
    expect(requireApiKey("good", lookup)).toEqual({ id: "k1" });
  });
});

describe("invokeLambda", () => {
  const withTarget = (outcome: Parameters<typeof fakeFunction>[0][number], event = "{}") => {
    const fn = fakeFunction([outcome]);
    const ctx = ctxFor();
    ctx.target = { fn, timeoutMs: 1000 };
    ctx.event = event;
    return { ctx, fn };
  };

  test("the result is left for the integration response; the deadline counts from the request's start", async () => {
    const { ctx, fn } = withTarget({ kind: "ok", payload: '{"statusCode":200}', cold: true });
    await invokeLambda(ctx);
    expect(ctx.result).toBe('{"statusCode":200}');
    expect(ctx.fn).toEqual({ functionName: "unit-fn", cold: true });
    expect(fn.timeouts[0]).toBeGreaterThan(0);
    expect(fn.timeouts[0]).toBeLessThanOrEqual(1000);
  });

  test("timeout, function error, oversized event or result: the gateway's refusals", async () => {
    await expect(invokeLambda(withTarget({ kind: "timeout", cold: false }).ctx)).rejects.toMatchObject({
      type: "INTEGRATION_TIMEOUT",
    });
    const failed = withTarget({
      kind: "error",
      error: { errorType: "Error", errorMessage: "boom" },
      cold: false,
    });
    await expect(invokeLambda(failed.ctx)).rejects.toMatchObject({
      type: "INTEGRATION_FAILURE",
      note: "Error: boom",
    });
    const big = "x".repeat(6 * 1024 * 1024 + 1);
    await expect(
      invokeLambda(withTarget({ kind: "ok", payload: "{}", cold: false }, big).ctx),
    ).rejects.toMatchObject({
      type: "REQUEST_TOO_LARGE",
    });
    await expect(
      invokeLambda(withTarget({ kind: "ok", payload: big, cold: false }).ctx),
    ).rejects.toMatchObject({
      type: "INTEGRATION_FAILURE",
    });
    const none = ctxFor();
    await expect(invokeLambda(none)).rejects.toMatchObject({ type: "API_CONFIGURATION_ERROR" });
  });
});

describe("Lambda authorizer answers", () => {
  const arn = "arn:aws:execute-api:us-east-1:123456789012:api/dev/GET/items";
  const policy = (effect: string, resource: string, extra: object = {}) => ({
    value: {
      principalId: "ann",
      policyDocument: {
        Version: "2012-10-17",
        Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }],
      },
      ...extra,
    },
    latencyMs: 5,
    cached: false,
  });

  test("an Allow grants its principal and context; Deny and no Allow are ACCESS_DENIED", () => {
    expect(
      policyGrant(policy("Allow", arn, { context: { tier: "gold" } }), arn, { scalarContext: true }),
    ).toEqual({
      principalId: "ann",
      context: { tier: "gold" },
      latencyMs: 5,
      usageIdentifierKey: undefined,
    });
    expect(() => policyGrant(policy("Deny", arn), arn, { scalarContext: true })).toThrow(
      expect.objectContaining({ type: "ACCESS_DENIED", note: "explicit deny from the authorizer" }),
    );
    expect(() =>
      policyGrant(policy("Allow", `${arn}-other`), arn, {
        scalarContext: true,
        implicitDeny: { key: "Message" },
      }),
    ).toThrow(expect.objectContaining({ type: "ACCESS_DENIED", detail: { key: "Message" } }));
  });

  test("no policy document, or an object in the context where scalars are required, is a configuration error", () => {
    expect(() =>
      policyGrant({ value: { principalId: "x" }, latencyMs: 0, cached: false }, arn, { scalarContext: true }),
    ).toThrow(expect.objectContaining({ type: "AUTHORIZER_CONFIGURATION_ERROR" }));
    const nested = policy("Allow", arn, { context: { nested: { a: 1 } } });
    expect(() => policyGrant(nested, arn, { scalarContext: true })).toThrow(
      expect.objectContaining({ type: "AUTHORIZER_CONFIGURATION_ERROR" }),
    );
    expect(policyGrant(nested, arn, { scalarContext: false }).context).toEqual({ nested: { a: 1 } });
  });

  test("a null context value is kept; a statement whose Condition is null is a configuration error", () => {
    const withNull = policy("Allow", arn, { context: { gone: null, tier: "gold" } });
    expect(policyGrant(withNull, arn, { scalarContext: true }).context).toEqual({ gone: null, tier: "gold" });
    const nullCondition = {
      value: {
        principalId: "ann",
        policyDocument: {
          Version: "2012-10-17",
          Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: arn, Condition: null }],
        },
      },
      latencyMs: 0,
      cached: false,
    };
    expect(() => policyGrant(nullCondition, arn, { scalarContext: true })).toThrow(
      expect.objectContaining({ type: "AUTHORIZER_CONFIGURATION_ERROR" }),
    );
  });

  test("`Unauthorized` thrown by the function is UNAUTHORIZED (its status an option's), other errors 500", async () => {
    const runner = (outcome: Parameters<typeof fakeFunction>[0][number]) =>
      new LambdaAuthorizerRunner(fakeFunction([outcome]), 0, 1000, () => 0);
    const unauthorized = {
      kind: "error",
      error: { errorType: "Error", errorMessage: "Unauthorized" },
      cold: false,
    } as const;
    await expect(askAuthorizer(runner(unauthorized), {}, undefined)).rejects.toMatchObject({
      type: "UNAUTHORIZED",
    });
    await expect(askAuthorizer(runner(unauthorized), {}, undefined, 500)).rejects.toMatchObject({
      detail: { status: 500 },
    });
    await expect(
      askAuthorizer(runner({ kind: "ok", payload: "not json", cold: false }), {}, undefined),
    ).rejects.toMatchObject({ type: "AUTHORIZER_CONFIGURATION_ERROR" });
  });
});

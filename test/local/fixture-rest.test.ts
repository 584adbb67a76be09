/**
 * REST behavior on a hand-made stack (support/fixture-stacks.ts), with API Gateway's default gateway
 * responses: the 1.0 event, resource matching, the proxy-result rules, errors and timeouts, the TOKEN
 * authorizer and its cache, API keys, usage-plan throttles and quotas, validation, AWS_IAM, Cognito, MOCK.
 */

import { sigv4Headers } from "../../local/sigv4";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, manualClock, startTestGateway, type TestGateway } from "./support/gateway";

describe("REST behavior (fixture stack, default gateway responses)", () => {
  let gw: TestGateway;
  let base: string;
  const clock = manualClock();
  const key = (name: string) => gw.api("fixture-rest").apiKeys.find((k) => k.name === name)?.value ?? "";

  beforeAll(async () => {
    gw = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-rest"], clock: clock.now });
    base = gw.api("fixture-rest").url;
  });
  afterAll(() => gw?.close());

  const behave = (query: string, init: RequestInit = {}) => call(`${base}/behave?${query}`, init);
  const result = (value: unknown, headers: Record<string, string> = {}) =>
    behave("mode=result", {
      method: "POST",
      body: JSON.stringify(value),
      headers: { "content-type": "application/json", ...headers },
    });

  test("/_local/stacks: REST variant, endpoint type, stage URL, API keys with values and plans", () => {
    const api = gw.api("fixture-rest");
    expect(api).toMatchObject({
      variant: "rest",
      endpointType: "REGIONAL",
      stage: "test",
      url: expect.stringMatching(/\/test$/),
    });
    expect(api.apiKeys.find((k) => k.name === "good")).toMatchObject({
      enabled: true,
      usagePlans: ["fixture-plan"],
      value: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
    });
    expect(api.routes).toEqual(
      expect.arrayContaining(["GET /", "GET /echo/{id}", "ANY /echo/{proxy+}", "POST /validated"]),
    );
  });

  test("the 1.0 event: path without stage, requestContext.path with it, last-value singles, client header casing", async () => {
    const reply = await call(`${base}/echo/42?x=1&x=2&q=a+b`, {
      headers: { "tEsT-HEADeR": "v", "User-Agent": "jest" },
    });
    const { event } = reply.json;
    expect(event).toMatchObject({
      resource: "/echo/{id}",
      path: "/echo/42",
      httpMethod: "GET",
      queryStringParameters: { x: "2", q: "a b" },
      multiValueQueryStringParameters: { x: ["1", "2"], q: ["a b"] },
      pathParameters: { id: "42" },
      stageVariables: { color: "green" },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers["tEsT-HEADeR"]).toBe("v");
    expect(event.multiValueHeaders["tEsT-HEADeR"]).toEqual(["v"]);
    expect(event.requestContext).toMatchObject({
      path: "/test/echo/42",
      stage: "test",
      resourcePath: "/echo/{id}",
      protocol: "HTTP/1.1",
    });
    expect(event.requestContext.identity).toMatchObject({
      sourceIp: "127.0.0.1",
      userAgent: "jest",
      user: null,
    });
    expect(event.requestContext.identity).not.toHaveProperty("apiKey");
    expect(event.requestContext).not.toHaveProperty("authorizer");
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get("x-amzn-requestid")).toBe(event.requestContext.requestId);
    expect(reply.headers.get("x-amz-apigw-id")).toBe(event.requestContext.extendedRequestId);
  });

  test("resources: greedy proxy keeps doubled slashes and drops the trailing one; the root has its own method", async () => {
    const proxy = (await call(`${base}/echo/a//b/`, { method: "DELETE" })).json.event;
    expect([proxy.resource, proxy.pathParameters, proxy.path]).toEqual([
      "/echo/{proxy+}",
      { proxy: "a//b" },
      "/echo/a//b/",
    ]);
    expect((await call(`${base}/`)).json.event.resource).toBe("/");
    expect((await call(`${base}`)).json.event.resource).toBe("/");
  });

  test("unknown resource, wrong method: 403 Missing Authentication Token; unknown stage: 403 Forbidden", async () => {
    for (const [method, path] of [
      ["GET", "/nope"],
      ["POST", "/echo"],
      ["HEAD", "/behave/x"],
    ]) {
      const reply = await call(`${base}${path}`, { method });
      expect(reply.status).toBe(403);
      if (method !== "HEAD") expect(reply.text).toBe('{"message":"Missing Authentication Token"}');
      expect(reply.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    }
    const stage = await call(base.replace(/\/test$/, "/prod/echo"));
    expect([stage.status, stage.text]).toEqual([403, '{"message":"Forbidden"}']);
  });

  test.each([
    [{ statusCode: 200 }, 200, ""],
    [{ headers: { "test-header": "value" } }, 200, ""],
    [{ statusCode: "201", body: "made" }, 201, "made"],
    [{ statusCode: "test" }, 502, '{"message":"Internal server error"}'],
    [{}, 502, '{"message":"Internal server error"}'],
    ["justAString", 502, '{"message":"Internal server error"}'],
    [{ statusCode: 200, wrongValue: "x" }, 502, '{"message":"Internal server error"}'],
    [{ statusCode: 200, headers: { n: 1 } }, 502, '{"message":"Internal server error"}'],
    [{ statusCode: 200, multiValueHeaders: { a: "not a list" } }, 502, '{"message":"Internal server error"}'],
    [{ statusCode: 200, headers: null, body: "ok" }, 200, "ok"],
  ])("proxy result %j gives %i", async (value, status, body) => {
    const reply = await result(value);
    expect([reply.status, reply.text]).toEqual([status, body]);
  });

  test("proxy result headers: booleans stringified, multi-value first, default JSON content type, base64 rules", async () => {
    const merged = await result({
      statusCode: 200,
      multiValueHeaders: { "Test-Multi": ["value-multi"] },
      headers: { "test-multi": "value-solo", flag: true },
    });
    expect([
      merged.headers.get("test-multi"),
      merged.headers.get("flag"),
      merged.headers.get("content-type"),
    ]).toEqual(["value-multi, value-solo", "true", "application/json"]);
    const asText = await result({ statusCode: 200, body: "aGk=", isBase64Encoded: true });
    expect(asText.text).toBe("aGk=");
    const asBytes = await result(
      {
        statusCode: 200,
        body: "aGk=",
        isBase64Encoded: true,
        headers: { "content-type": "application/octet-stream" },
      },
      { accept: "application/octet-stream" },
    );
    expect(asBytes.text).toBe("hi");
  });

  test("binary media types: a matching request body reaches the function base64", async () => {
    const reply = await call(`${base}/echo/x/y`, {
      method: "PUT",
      body: Buffer.from([1, 2, 3]),
      headers: { "content-type": "application/octet-stream" },
    });
    expect([reply.json.event.body, reply.json.event.isBase64Encoded]).toEqual(["AQID", true]);
  });

  test("a thrown error and a function timeout are 502; the integration timeout is 504", async () => {
    const thrown = await behave("mode=throw");
    expect([thrown.status, thrown.text, thrown.headers.get("x-amzn-errortype")]).toEqual([
      502,
      '{"message":"Internal server error"}',
      "InternalServerErrorException",
    ]);
    expect((await behave("mode=sleep&ms=1500")).status).toBe(502);
    const timeout = await call(`${base}/slow?mode=sleep&ms=800`);
    expect([timeout.status, timeout.text]).toEqual([504, '{"message":"Endpoint request timed out"}']);
    const crash = await behave("mode=exit");
    expect(crash.status).toBe(502);
    expect((await behave("mode=count")).status).toBe(200);
  });

  test("reserved concurrency 1: concurrent requests wait for the one instance", async () => {
    const started = Date.now();
    const replies = await Promise.all([1, 2].map(() => call(`${base}/single?mode=sleep&ms=300`)));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  });

  describe("TOKEN Lambda authorizer", () => {
    beforeEach(() => gw.gateway.reset());

    test("allow: the context reaches the integration stringified, with principalId", async () => {
      const reply = await call(`${base}/auth`, { headers: { authorization: "allow" } });
      expect(reply.status).toBe(200);
      expect(reply.json.event.requestContext.authorizer).toEqual({
        principalId: "fixture-user",
        integrationLatency: expect.any(Number),
        calls: expect.any(String),
        tier: "gold",
        n: "7",
        ok: "true",
      });
    });

    test("explicit deny is 403 with the capital-M Message; a policy without a matching Allow is 403 too", async () => {
      const deny = await call(`${base}/auth`, { headers: { authorization: "deny" } });
      expect([deny.status, deny.text, deny.headers.get("x-amzn-errortype")]).toEqual([
        403,
        '{"Message":"User is not authorized to access this resource with an explicit deny"}',
        "AccessDeniedException",
      ]);
      const narrow = await call(`${base}/auth`, { headers: { authorization: "narrow" } });
      expect([narrow.status, narrow.text]).toEqual([
        403,
        '{"Message":"User is not authorized to access this resource"}',
      ]);
    });

    test("Unauthorized is 401; a missing token or one failing the validation expression is 401 without a call", async () => {
      expect((await call(`${base}/auth`, { headers: { authorization: "unauthorized" } })).text).toBe(
        '{"message":"Unauthorized"}',
      );
      expect((await call(`${base}/auth`)).status).toBe(401);
      const before = gw.lines.filter((line) => line.startsWith("[fixture-rest-authorizer]")).length;
      expect((await call(`${base}/auth`, { headers: { authorization: "Bearer X.Y" } })).status).toBe(401);
      expect(gw.lines.filter((line) => line.startsWith("[fixture-rest-authorizer]")).length).toBe(before);
    });

    test("a malformed answer or a non-scalar context is 500 with message null", async () => {
      for (const token of ["broken", "nested"]) {
        const reply = await call(`${base}/auth`, { headers: { authorization: token } });
        expect([reply.status, reply.text, reply.headers.get("x-amzn-errortype")]).toEqual([
          500,
          '{"message":null}',
          "AuthorizerConfigurationException",
        ]);
      }
    });

    test("the result is cached per token and the cached policy is evaluated against each method", async () => {
      const first = await call(`${base}/auth`, { headers: { authorization: "allow" } });
      const second = await call(`${base}/auth`, { headers: { authorization: "allow" } });
      expect(second.json.event.requestContext.authorizer.calls).toBe(
        first.json.event.requestContext.authorizer.calls,
      );
      // The cached policy allows only GET /auth: the other method sharing the token is refused.
      expect((await call(`${base}/auth-other`, { headers: { authorization: "allow" } })).status).toBe(403);
      clock.advance(301_000);
      const fresh = await call(`${base}/auth`, { headers: { authorization: "allow" } });
      expect(Number(fresh.json.event.requestContext.authorizer.calls)).toBeGreaterThan(
        Number(first.json.event.requestContext.authorizer.calls),
      );
    });
  });

  describe("API keys, usage-plan throttle and quota", () => {
    beforeEach(() => gw.gateway.reset());

    test("a missing, unknown, disabled or plan-less key is 403 Forbidden; a good one reaches the event", async () => {
      for (const value of [undefined, "not-a-key", key("disabled"), "planless-key-value-0123456789"]) {
        const reply = await call(`${base}/keyed`, { headers: value ? { "x-api-key": value } : {} });
        expect([reply.status, reply.text, reply.headers.get("x-amzn-errortype")]).toEqual([
          403,
          '{"message":"Forbidden"}',
          "ForbiddenException",
        ]);
      }
      const ok = await call(`${base}/keyed`, { headers: { "X-API-Key": key("good") } });
      expect(ok.status).toBe(200);
      expect(ok.json.event.requestContext.identity).toMatchObject({
        apiKey: key("good"),
        apiKeyId: expect.any(String),
      });
    });

    test("the plan's per-method throttle: burst 5, then 429 Too Many Requests", async () => {
      const statuses = [];
      for (let index = 0; index < 6; index++)
        statuses.push((await call(`${base}/keyed`, { headers: { "x-api-key": key("good") } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const throttled = await call(`${base}/keyed`, { headers: { "x-api-key": key("good") } });
      expect([throttled.text, throttled.headers.get("x-amzn-errortype")]).toEqual([
        '{"message":"Too Many Requests"}',
        "TooManyRequestsException",
      ]);
    });

    test("the plan's daily quota: 429 Limit Exceeded, counting again the next UTC day", async () => {
      const statuses = [];
      for (let index = 0; index < 9; index++) {
        clock.advance(2_000); // the throttle refills; the quota does not
        statuses.push((await call(`${base}/keyed`, { headers: { "x-api-key": key("good") } })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
      const exceeded = await call(`${base}/keyed`, { headers: { "x-api-key": key("good") } });
      expect([
        exceeded.text,
        exceeded.headers.get("x-amzn-errortype"),
        exceeded.headers.get("retry-after"),
      ]).toEqual(['{"message":"Limit Exceeded"}', "LimitExceededException", null]);
      clock.advance(86_400_000);
      expect((await call(`${base}/keyed`, { headers: { "x-api-key": key("good") } })).status).toBe(200);
    });
  });

  test("request validation: required parameters and the body model, 400 before the function runs", async () => {
    const post = (query: string, body: string) =>
      call(`${base}/validated${query}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      });
    const missing = await post("", '{"name":"x"}');
    expect([missing.status, missing.text]).toEqual([
      400,
      '{"message":"Missing required request parameters: [q]"}',
    ]);
    for (const body of ['{"name":""}', '{"name":"x","extra":1}', "not json", "{}"]) {
      const invalid = await post("?q=1", body);
      expect([invalid.status, invalid.text, invalid.headers.get("x-amzn-errortype")]).toEqual([
        400,
        '{"message":"Invalid request body"}',
        "BadRequestException",
      ]);
    }
    expect((await post("?q=1", '{"name":"x"}')).status).toBe(200);
  });

  test("AWS_IAM: unsigned is 403 Missing Authentication Token, a bad signature 403, a good one passes", async () => {
    const unsigned = await call(`${base}/iam`);
    expect([unsigned.status, unsigned.text]).toEqual([403, '{"message":"Missing Authentication Token"}']);
    const wrong = await call(`${base}/iam`, {
      headers: await sigv4Headers(`${base}/iam`, {
        secret: "not-the-secret",
        region: "eu-west-1",
        at: clock.now(),
      }),
    });
    expect(wrong.status).toBe(403);
    expect(wrong.json.message).toMatch(/signature we calculated does not match/);
    const signed = await call(`${base}/iam`, {
      headers: await sigv4Headers(`${base}/iam`, { region: "eu-west-1", at: clock.now() }),
    });
    expect(signed.status).toBe(200);
    expect(signed.json.event.requestContext.identity).toMatchObject({
      accessKey: "local",
      userArn: "arn:aws:iam::000000000000:user/local",
    });
  });

  test("Cognito authorizer: an access token with a method scope passes with its claims only; others are 401", async () => {
    const ok = await call(`${base}/cognito`, {
      headers: { authorization: await gw.token({ sub: "ann", scope: "fixture/read" }) },
    });
    expect(ok.status).toBe(200);
    // `{claims}` only, as recorded (test/local/recorded-rest.test.ts); `rest.cognitoScopes` adds `scopes`.
    expect(Object.keys(ok.json.event.requestContext.authorizer)).toEqual(["claims"]);
    expect(ok.json.event.requestContext.authorizer.claims).toMatchObject({
      sub: "ann",
      scope: "fixture/read",
      token_use: "access",
    });
    expect(
      (await call(`${base}/cognito`, { headers: { authorization: await gw.token({ scope: "other" }) } }))
        .status,
    ).toBe(401);
    expect(
      (
        await call(`${base}/cognito`, {
          headers: { authorization: await gw.token({ aud: "client", scope: "fixture/read" }) },
        })
      ).status,
    ).toBe(401);
    expect((await call(`${base}/cognito`, { headers: { authorization: "garbage" } })).text).toBe(
      '{"message":"Unauthorized"}',
    );
  });

  test("MOCK integration: the integration response's headers and rendered template", async () => {
    const reply = await call(`${base}/mock`, { method: "OPTIONS" });
    expect([reply.status, reply.headers.get("x-mocked"), reply.json]).toEqual([
      200,
      "yes",
      { mocked: true, stage: "test" },
    ]);
  });
});

/**
 * HTTP API behavior on hand-made stacks (support/fixture-stacks.ts): route priority, the 2.0 and 1.0 events
 * as the function receives them, response inference, errors, timeouts, crashes, the Lambda authorizer,
 * route throttling, per-function environments and instance reuse.
 */
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, manualClock, startTestGateway, type TestGateway } from "./support/gateway";

describe("HTTP API behavior (fixture stack)", () => {
  let gw: TestGateway;
  let base: string;
  const clock = manualClock();

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeFixtureStacks(),
      stacks: ["fixture-http"],
      clock: clock.now,
      maxInstancesPerFunction: 4,
    });
    base = gw.api("fixture-http").url;
  });
  afterAll(() => gw?.close());

  const echo = async (path: string, init: RequestInit = {}) => {
    const reply = await call(`${base}${path}`, init);
    if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${reply.text}`);
    return reply.json;
  };
  const behave = (query: string, init: RequestInit = {}) => call(`${base}/behave?${query}`, init);
  const result = (value: unknown) =>
    behave("mode=result", {
      method: "POST",
      body: JSON.stringify(value),
      headers: { "content-type": "application/json" },
    });

  test("route priority: literal, then {var}, then greedy by method, then ANY (the root too), then $default", async () => {
    expect((await echo("/pets/dog/1")).event.routeKey).toBe("GET /pets/dog/1");
    const dog = (await echo("/pets/dog/2")).event;
    expect([dog.routeKey, dog.pathParameters]).toEqual(["GET /pets/dog/{id}", { id: "2" }]);
    const cat = (await echo("/pets/cat/tom/")).event;
    expect([cat.routeKey, cat.pathParameters]).toEqual(["GET /pets/{proxy+}", { proxy: "cat/tom" }]);
    const post = (await echo("/pets/cat", { method: "POST" })).event;
    expect([post.routeKey, post.pathParameters]).toEqual(["ANY /{proxy+}", { proxy: "pets/cat" }]);
    // `/` is `/{proxy+}` with an empty `proxy`, as recorded (test/local/recorded/http-lambda-authorizer.test.ts).
    const root = (await echo("/")).event;
    expect([root.routeKey, root.pathParameters]).toEqual(["ANY /{proxy+}", { proxy: "" }]);
  });

  test("the 2.0 event: raw path and query, decoded and comma-joined parameters, lower-case joined headers, cookies", async () => {
    const { event } = await echo("/echo?tag=a&tag=b&q=x+y%2B1&empty=", {
      headers: { "X-Multi": "1", Cookie: "session=abc; theme=dark", "User-Agent": "jest-test" },
    });
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /echo",
      rawPath: "/echo",
      rawQueryString: "tag=a&tag=b&q=x+y%2B1&empty=",
      queryStringParameters: { tag: "a,b", q: "x y+1", empty: "" },
      cookies: ["session=abc", "theme=dark"],
      stageVariables: { color: "blue" },
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({
      "x-multi": "1",
      "user-agent": "jest-test",
      "content-length": "0",
      "x-forwarded-proto": "http",
    });
    expect(event.headers["x-amzn-trace-id"]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event).not.toHaveProperty("body");
    expect(event).not.toHaveProperty("pathParameters");
    expect(event.requestContext).toMatchObject({
      accountId: "000000000000",
      stage: "$default",
      routeKey: "GET /echo",
      http: {
        method: "GET",
        path: "/echo",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "jest-test",
      },
    });
    expect(event.requestContext.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(event.requestContext).not.toHaveProperty("authorizer");
  });

  test("bodies: JSON as text, octet-stream and invalid UTF-8 as base64", async () => {
    const json = (
      await echo("/pets/x", {
        method: "POST",
        body: '{"a":"é"}',
        headers: { "content-type": "application/json" },
      })
    ).event;
    expect([json.body, json.isBase64Encoded, json.headers["content-length"]]).toEqual([
      '{"a":"é"}',
      false,
      "10",
    ]);
    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = (
      await echo("/pets/x", {
        method: "POST",
        body: bytes,
        headers: { "content-type": "application/octet-stream" },
      })
    ).event;
    expect([binary.body, binary.isBase64Encoded]).toEqual([bytes.toString("base64"), true]);
  });

  test("payload 1.0 integrations get the REST shape with version 1.0 and the captured header names", async () => {
    const { event } = await echo("/v1/echo?x=1&x=2", { headers: { "X-Test": "1" } });
    expect(event).toMatchObject({
      version: "1.0",
      resource: "/v1/echo",
      path: "/v1/echo",
      httpMethod: "GET",
      queryStringParameters: { x: "2" },
      multiValueQueryStringParameters: { x: ["1", "2"] },
      body: null,
    });
    // Names as the client sent them, except the ones AWS writes its own way
    // (test/local/recorded/http-payload-10.test.ts).
    expect(event.headers["X-Test"]).toBe("1");
    expect([event.headers.Host, event.headers["User-Agent"], event.headers["Content-Length"]]).toEqual([
      expect.any(String),
      expect.any(String),
      "0",
    ]);
  });

  test("response inference: a result without statusCode is a 200 JSON body", async () => {
    const text = await result("Hello");
    expect([text.status, text.headers.get("content-type"), text.text]).toEqual([
      200,
      "application/json",
      "Hello",
    ]);
    const object = await result({ a: 1 });
    expect([object.status, object.text]).toEqual([200, '{"a":1}']);
  });

  test("structured results: cookies, base64 bodies, unknown keys ignored; bad ones are 500", async () => {
    const ok = await result({
      statusCode: 201,
      headers: { "x-n": 5 },
      cookies: ["a=1", "b=2"],
      body: "aGk=",
      isBase64Encoded: true,
      extra: true,
    });
    expect([ok.status, ok.text, ok.headers.get("x-n"), ok.headers.get("set-cookie")]).toEqual([
      201,
      "hi",
      "5",
      "a=1, b=2",
    ]);
    for (const bad of [
      { statusCode: "abc" },
      { statusCode: 200, body: { not: "a string" } },
      { statusCode: 200, headers: { x: { y: 1 } } },
    ]) {
      const reply = await result(bad);
      expect([reply.status, reply.text]).toEqual([500, '{"message":"Internal Server Error"}']);
    }
  });

  test("a thrown error and a function timeout are 500; the integration timeout is 503", async () => {
    const thrown = await behave("mode=throw");
    expect([thrown.status, thrown.text]).toEqual([500, '{"message":"Internal Server Error"}']);
    const functionTimeout = await behave("mode=sleep&ms=1500"); // the function's own timeout is 1 s
    expect(functionTimeout.status).toBe(500);
    expect(gw.lines.some((line) => line.includes("Task timed out after 1.00 seconds"))).toBe(true);
    const started = Date.now();
    const integrationTimeout = await call(`${base}/slow?mode=sleep&ms=800`);
    expect([integrationTimeout.status, integrationTimeout.text]).toEqual([
      503,
      '{"message":"Service Unavailable"}',
    ]);
    expect(Date.now() - started).toBeLessThan(700);
  });

  test("a crashed instance is replaced: the crash is a 500, the next request starts a new instance", async () => {
    expect((await behave("mode=count")).status).toBe(200);
    const crash = await behave("mode=exit");
    expect(crash.status).toBe(500);
    const uncaught = await behave("mode=uncaught");
    expect(uncaught.status).toBe(500);
    const after = await behave("mode=count");
    expect([after.status, after.text]).toEqual([200, "1"]);
    expect(gw.lines.filter((line) => line.startsWith("fixture-http GET /behave?mode=count")).pop()).toMatch(
      / cold$/,
    );
  });

  test("instances are reused warm: module state survives between requests", async () => {
    const first = Number((await behave("mode=count")).text);
    const second = Number((await behave("mode=count")).text);
    expect(second).toBe(first + 1);
    expect(gw.lines.filter((line) => line.startsWith("fixture-http GET /behave?mode=count")).pop()).toMatch(
      / warm$/,
    );
  });

  test("each function has its own environment from the Terraform, references resolved", async () => {
    const mine = await echo("/echo");
    const other = await echo("/other");
    expect(mine.env).toMatchObject({
      FIXTURE: "http-echo",
      TABLE_NAME: "fixture-table",
      AWS_LAMBDA_FUNCTION_NAME: "fixture-http-echo",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
    });
    expect(mine.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(gw.gateway.dynamo.endpoint);
    expect(other.env.FIXTURE).toBe("http-other");
    expect(mine.remainingMs).toBeGreaterThan(2000);
  });

  test("function output is prefixed with the function's name", async () => {
    await behave("mode=log");
    expect(gw.lines).toEqual(
      expect.arrayContaining(["[fixture-http-behave] line one", "[fixture-http-behave] line two"]),
    );
  });

  test("Lambda authorizer with simple responses: allow, deny, missing identity, Unauthorized", async () => {
    const allowed = await call(`${base}/lambda-auth`, { headers: { authorization: "simple-yes" } });
    expect(allowed.status).toBe(200);
    expect(allowed.json.event.requestContext.authorizer).toEqual({
      lambda: { who: "simple", calls: expect.any(Number) },
    });
    const denied = await call(`${base}/lambda-auth`, { headers: { authorization: "simple-no" } });
    expect([denied.status, denied.text]).toEqual([403, '{"message":"Forbidden"}']);
    expect((await call(`${base}/lambda-auth`)).status).toBe(401);
    expect((await call(`${base}/lambda-auth`, { headers: { authorization: "unauthorized" } })).status).toBe(
      401,
    );
    expect((await call(`${base}/lambda-auth`, { headers: { authorization: "broken" } })).status).toBe(500);
  });

  test("route settings throttle one route: burst 2, then 429", async () => {
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await call(`${base}/throttled`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    clock.advance(1000);
    expect((await call(`${base}/throttled`)).status).toBe(200);
  });

  test("CORS with allow_origins *: preflights get *; concurrent requests get more instances", async () => {
    const preflight = await call(`${base}/anything`, {
      method: "OPTIONS",
      headers: {
        origin: "https://a.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "x-custom",
      },
    });
    expect([
      preflight.status,
      preflight.headers.get("access-control-allow-origin"),
      preflight.headers.get("access-control-allow-headers"),
    ]).toEqual([204, "*", "x-custom"]);
    const started = Date.now();
    const replies = await Promise.all([1, 2, 3].map(() => behave("mode=sleep&ms=600")));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(Date.now() - started).toBeLessThan(1700); // one after the other would take 1800 ms
  });

  test("a body over 10 MB is 413; an event over Lambda's 6 MB is 413", async () => {
    const huge = await call(`${base}/pets/x`, {
      method: "POST",
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 97),
      headers: { "content-type": "text/plain" },
    });
    expect(huge.status).toBe(413);
    const large = await call(`${base}/pets/x`, {
      method: "POST",
      body: Buffer.alloc(7 * 1024 * 1024, 97),
      headers: { "content-type": "text/plain" },
    });
    expect(large.status).toBe(413);
  });
});

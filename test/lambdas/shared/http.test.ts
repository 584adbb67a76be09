import { BadRequestError } from "../../../lambdas/shared/errors";
import { json, noContent, normalizeEvent } from "../../../lambdas/shared/http";
import { httpEvent, httpEventV1, restEvent } from "../fixtures/events";

describe("normalizeEvent", () => {
  test("REST 1.0: route key from method and resource, path without stage, lower-case headers", () => {
    // Prepare
    const event = restEvent({
      method: "PUT",
      resource: "/items/{id}",
      pathParameters: { id: "42" },
      rawQuery: "a=1&a=2&q=x+y%2B",
      headers: { "If-Match": '"3"' },
      body: '{"name":"x"}',
      claims: { sub: "user-1", email: "a@example.com" },
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    });
    // Act
    const request = normalizeEvent(event);
    // Assess
    expect(request).toMatchObject({
      format: "1.0",
      method: "PUT",
      routeKey: "PUT /items/{id}",
      path: "/items/42",
      pathParameters: { id: "42" },
      query: { a: "2", q: "x y+" },
      body: '{"name":"x"}',
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      claims: { sub: "user-1", email: "a@example.com" },
    });
    expect(request.headers["if-match"]).toBe('"3"');
    expect(request.headers.host).toBe("abc123.execute-api.us-east-1.amazonaws.com");
  });

  test("HTTP API 2.0: route key as given, stage stripped from rawPath, last query value wins", () => {
    // Prepare
    const event = httpEvent({
      method: "GET",
      resource: "/items/{id}",
      path: "/items/42",
      stage: "dev",
      rawQuery: "tag=a&tag=b",
      claims: { sub: "user-1", "cognito:groups": "[admin user]" },
    });
    // Act
    const request = normalizeEvent(event);
    // Assess
    expect(request).toMatchObject({
      format: "2.0",
      method: "GET",
      routeKey: "GET /items/{id}",
      path: "/items/42",
      pathParameters: { id: "42" },
      query: { tag: "b" },
      body: undefined,
      requestId: event.requestContext.requestId,
      claims: { sub: "user-1", "cognito:groups": "[admin user]" },
    });
  });

  test("HTTP API 2.0 without rawQueryString falls back to queryStringParameters", () => {
    const { rawQueryString: _raw, ...event } = httpEvent({ query: { limit: "5" } });
    expect(normalizeEvent(event).query).toEqual({ limit: "5" });
  });

  test("HTTP API 1.0 is read as format 1.0", () => {
    const request = normalizeEvent(httpEventV1({ method: "GET", resource: "/hello", query: { name: "x" } }));
    expect([request.format, request.routeKey, request.query.name]).toEqual(["1.0", "GET /hello", "x"]);
  });

  test.each([
    ["REST", restEvent],
    ["HTTP API", httpEvent],
  ])("%s: a base64 body is decoded to text", (_api, build) => {
    const request = normalizeEvent(build({ method: "POST", body: Buffer.from('{"name":"Zoë"}') }));
    expect(request.body).toBe('{"name":"Zoë"}');
  });

  test("Lambda-authorizer context becomes string claims, on both formats", () => {
    const lambdaAuthorizer = { principalId: "p-1", context: { tenant: "t1", admin: true, level: 3 } };
    expect(normalizeEvent(restEvent({ lambdaAuthorizer })).claims).toEqual({
      principalId: "p-1",
      tenant: "t1",
      admin: "true",
      level: "3",
    });
    expect(normalizeEvent(httpEvent({ lambdaAuthorizer })).claims).toEqual({
      tenant: "t1",
      admin: "true",
      level: "3",
    });
  });

  test("a root request on a named stage has path /", () => {
    expect(normalizeEvent(httpEvent({ path: "/", stage: "dev" })).path).toBe("/");
  });

  test.each([
    ["REST", restEvent],
    ["HTTP API", httpEvent],
  ])("%s: a `__proto__` query name is an ordinary entry and does not change the prototype", (_api, build) => {
    const request = normalizeEvent(build({ rawQuery: "__proto__=x&constructor=y" }));
    expect(Object.getPrototypeOf(request.query)).toBe(Object.prototype);
    expect(Object.hasOwn(request.query, "__proto__")).toBe(true);
  });

  test.each([
    ["not an object", "hello", "the event is not an object"],
    ["null", null, "the event is not an object"],
    ["an array", [], "the event is not an object"],
    ["an empty object", {}, "httpMethod is missing"],
    ["REST without path", { httpMethod: "GET" }, "path is missing"],
    ["2.0 without requestContext", { version: "2.0", rawPath: "/" }, "requestContext.http.method is missing"],
    [
      "2.0 without a path",
      { version: "2.0", requestContext: { http: { method: "GET" } } },
      "rawPath is missing",
    ],
  ])("a malformed event (%s) is a BadRequestError naming what is missing", (_case, event, problem) => {
    expect(() => normalizeEvent(event)).toThrow(BadRequestError);
    expect(() => normalizeEvent(event)).toThrow(`malformed API Gateway event: ${problem}`);
  });
});

describe("response builders", () => {
  test("json: status, JSON content type (overridable extra headers), JSON text body", () => {
    expect(json(201, { a: 1 }, { location: "/items/1" })).toEqual({
      statusCode: 201,
      headers: { "content-type": "application/json", location: "/items/1" },
      body: '{"a":1}',
    });
  });

  test("noContent: empty body, no content type", () => {
    expect(noContent()).toEqual({ statusCode: 204, headers: {}, body: "" });
  });
});

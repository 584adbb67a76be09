import { handler } from "../../../lambdas/hello/index";
import { eventBuilders, httpEvent, restEvent } from "../fixtures/events";
import { expectValidProxyResult, parse, silenceLogs } from "../fixtures/results";

silenceLogs();

const hello = (query?: Record<string, string>) => ({ method: "GET", resource: "/hello", query });

describe.each(eventBuilders)("GET /hello via %s", (format, build) => {
  const payloadFormat = format === "HTTP API 2.0" ? "2.0" : "1.0";

  test("greets the world by default and names the payload format", async () => {
    // Prepare
    const event = build(hello());
    // Act
    const result = await handler(event);
    // Assess
    expectValidProxyResult(result);
    expect(parse(result)).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: { message: "Hello, world!", format: payloadFormat },
    });
  });

  test.each([
    ["Ada"],
    ["Zoë O'Brien-Smith"],
    ["名前"],
    ["José_1.5"],
    ["a".repeat(64)],
    ["𝒜".repeat(64)], // 64 characters, 128 UTF-16 units: the limit counts characters
    ["e\u0301"], // e + combining acute accent
  ])("greets %p", async (name) => {
    const result = parse(await handler(build(hello({ name }))));
    expect(result.statusCode).toBe(200);
    expect(result.body.message).toBe(`Hello, ${name}!`);
  });

  test.each([
    ["empty", "", /name must be 1 to 64 characters long \(got 0\)/],
    ["too long", "a".repeat(65), /name must be 1 to 64 characters long \(got 65\)/],
    ["a control character", "Ada\u0000", /name may contain only letters, digits, spaces and - _ \. '/],
    ["a newline", "Ada\nLovelace", /name may contain only letters/],
    ["markup", "<script>", /name may contain only letters/],
    ["an emoji", "Ada 😀", /name may contain only letters/],
    ["only punctuation", "--", /name must contain at least one letter or digit/],
  ])("rejects a name that is %s with 400", async (_case, name, message) => {
    // Act
    const result = await handler(build(hello({ name })));
    // Assess
    expectValidProxyResult(result);
    const { statusCode, body } = parse(result);
    expect(statusCode).toBe(400);
    expect(body.message).toMatch(message);
  });
});

test("the query is decoded the way API Gateway decodes it (+ is a space)", async () => {
  const result = parse(await handler(restEvent({ resource: "/hello", rawQuery: "name=Ada+Lovelace" })));
  expect(result.body.message).toBe("Hello, Ada Lovelace!");
});

test("a repeated name uses the last value on every API type", async () => {
  const rest = parse(await handler(restEvent({ resource: "/hello", rawQuery: "name=a&name=b" })));
  const http = parse(await handler(httpEvent({ resource: "/hello", rawQuery: "name=a&name=b" })));
  expect([rest.body.message, http.body.message]).toEqual(["Hello, b!", "Hello, b!"]);
});

test("a malformed event is a 400, not a crash", async () => {
  const result = parse(await handler({ version: "2.0" }));
  expect(result.statusCode).toBe(400);
  expect(result.body.message).toMatch(/malformed API Gateway event/);
});

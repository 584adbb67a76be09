import { BadRequestError } from "../../../lambdas/shared/errors";
import { httpHandler } from "../../../lambdas/shared/handler";
import { json } from "../../../lambdas/shared/http";
import { httpEvent, restEvent } from "../fixtures/events";
import { expectValidProxyResult, parse } from "../fixtures/results";

/** Runs `act` while capturing the JSON log lines. */
async function withLogs<T>(act: () => Promise<T>): Promise<{ result: T; logs: Record<string, unknown>[] }> {
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
  const out = jest.spyOn(process.stdout, "write").mockImplementation(capture);
  const err = jest.spyOn(process.stderr, "write").mockImplementation(capture);
  try {
    const result = await act();
    return { result, logs: written.map((line) => JSON.parse(line)) };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.env.LOG_LEVEL = previous;
  }
}

describe("httpHandler", () => {
  test("passes the normalized request and logs one line per request", async () => {
    // Prepare
    const handler = httpHandler((request) => json(200, { route: request.routeKey }));
    const event = httpEvent({ method: "GET", resource: "/hello", requestId: "req-1" });
    // Act
    const { result, logs } = await withLogs(() => handler(event, { awsRequestId: "lambda-1" }));
    // Assess
    expect(parse(result).body).toEqual({ route: "GET /hello" });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: "info",
      message: "request",
      requestId: "req-1",
      awsRequestId: "lambda-1",
      format: "2.0",
      method: "GET",
      path: "/hello",
      statusCode: 200,
    });
    expect(typeof logs[0].durationMs).toBe("number");
  });

  test("a domain error becomes its status; the log line names the rejection", async () => {
    const handler = httpHandler(() => {
      throw new BadRequestError("name must be a string");
    });
    const { result, logs } = await withLogs(() => handler(restEvent()));
    expect(parse(result)).toMatchObject({ statusCode: 400, body: { message: "name must be a string" } });
    expect(logs).toEqual([expect.objectContaining({ statusCode: 400, rejection: "name must be a string" })]);
  });

  test("an unknown error is a generic 500; the stack is only in the log", async () => {
    // Prepare
    const handler = httpHandler(async () => {
      throw new Error("secret detail: table prod-items at 10.0.0.1");
    });
    // Act
    const { result, logs } = await withLogs(() => handler(restEvent()));
    // Assess
    expectValidProxyResult(result);
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"message":"Internal server error"}');
    expect(result.body).not.toContain("secret");
    const errorLine = logs.find((line) => line.level === "error");
    expect(JSON.stringify(errorLine)).toContain("secret detail");
    expect(JSON.stringify(errorLine)).toContain("at ");
  });

  test.each([
    ["undefined", undefined],
    ["a number", 42],
    ["an empty object", {}],
    ["a 2.0 event without requestContext", { version: "2.0" }],
    ["an object with wrong field types", { httpMethod: 1, path: ["x"], headers: "h", requestContext: 5 }],
  ])("a malformed event (%s) is a 400, never a throw", async (_case, event) => {
    const handler = httpHandler(() => json(200, {}));
    const { result } = await withLogs(() => handler(event));
    expectValidProxyResult(result);
    expect(parse(result)).toMatchObject({
      statusCode: 400,
      body: { message: expect.stringMatching(/^malformed/) },
    });
  });
});

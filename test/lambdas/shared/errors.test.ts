import {
  BadRequestError,
  errorResponse,
  ItemNotFoundError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  PreconditionRequiredError,
  quote,
  UnsupportedMediaTypeError,
  VersionConflictError,
} from "../../../lambdas/shared/errors";
import type { Logger } from "../../../lambdas/shared/log";

function recordingLogger(): Logger & { lines: [string, string, Record<string, unknown>?][] } {
  const lines: [string, string, Record<string, unknown>?][] = [];
  const logger = {
    lines,
    debug: (message: string, fields?: Record<string, unknown>) => lines.push(["debug", message, fields]),
    info: (message: string, fields?: Record<string, unknown>) => lines.push(["info", message, fields]),
    warn: (message: string, fields?: Record<string, unknown>) => lines.push(["warn", message, fields]),
    error: (message: string, fields?: Record<string, unknown>) => lines.push(["error", message, fields]),
    child: () => logger,
  };
  return logger;
}

describe("errorResponse", () => {
  test.each([
    [new BadRequestError("price must be a number >= 0"), 400],
    [new ItemNotFoundError("abc"), 404],
    [new PayloadTooLargeError("too big"), 413],
    [new UnsupportedMediaTypeError("not json"), 415],
    [new PreconditionRequiredError("send If-Match"), 428],
  ])("maps %p to %i with its message and logs nothing", (error, status) => {
    // Prepare
    const log = recordingLogger();
    // Act
    const result = errorResponse(error, log);
    // Assess
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(result.body)).toEqual({ message: error.message });
    expect(log.lines).toEqual([]);
  });

  test("ItemNotFoundError says which item", () => {
    expect(new ItemNotFoundError("abc").message).toBe("item abc not found");
  });

  test("a version conflict is a 409 whose body carries both versions", () => {
    const result = errorResponse(new VersionConflictError("abc", 4, 3), recordingLogger());
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body)).toEqual({
      message: "version conflict: item abc is at version 4, you sent 3",
      id: "abc",
      currentVersion: 4,
      sentVersion: 3,
    });
  });

  test("405 carries the allow header", () => {
    const result = errorResponse(
      new MethodNotAllowedError("PATCH", "/items/1", ["GET", "PUT"]),
      recordingLogger(),
    );
    expect(result.statusCode).toBe(405);
    expect(result.headers.allow).toBe("GET, PUT");
  });

  test.each([
    ["an Error", new Error("connect ECONNREFUSED 10.0.0.1:443 table secret-table")],
    ["a string", "boom"],
    ["undefined", undefined],
  ])("anything else (%s) is a generic 500; the detail goes to the log only", (_case, thrown) => {
    // Prepare
    const log = recordingLogger();
    // Act
    const result = errorResponse(thrown, log);
    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"message":"Internal server error"}');
    expect(log.lines).toEqual([["error", "unhandled error", { error: thrown }]]);
  });
});

test("quote shortens long client values and JSON-quotes them", () => {
  expect(quote("abc")).toBe('"abc"');
  expect(quote("x".repeat(50), 10)).toBe(`"${"x".repeat(10)}..."`);
});

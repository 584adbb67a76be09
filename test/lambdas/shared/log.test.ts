import { createLogger } from "../../../lambdas/shared/log";

function captureOutput(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, "write").mockImplementation(capture);
  const err = jest.spyOn(process.stderr, "write").mockImplementation(capture);
  return {
    lines: () =>
      written
        .join("")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}

describe("createLogger", () => {
  const previousLevel = process.env.LOG_LEVEL;
  afterEach(() => {
    process.env.LOG_LEVEL = previousLevel;
  });

  test("writes one JSON line with level, time, message, base and call fields", () => {
    // Prepare
    process.env.LOG_LEVEL = "info";
    const output = captureOutput();
    // Act
    createLogger({ requestId: "r-1" }).child({ route: "GET /x" }).info("request", { statusCode: 200 });
    output.restore();
    // Assess
    const [line] = output.lines();
    expect(line).toMatchObject({
      level: "info",
      message: "request",
      requestId: "r-1",
      route: "GET /x",
      statusCode: 200,
    });
    expect(Date.parse(line.time as string)).not.toBeNaN();
    expect(Object.keys(line).slice(0, 3)).toEqual(["level", "time", "message"]);
  });

  test("errors are logged with name, message and stack; fields cannot override the level", () => {
    process.env.LOG_LEVEL = "info";
    const output = captureOutput();
    createLogger().error("unhandled error", { error: new TypeError("bad"), level: "debug" });
    output.restore();
    const [line] = output.lines();
    expect(line.level).toBe("error");
    expect(line.error).toMatchObject({ name: "TypeError", message: "bad" });
    expect(String((line.error as { stack: string }).stack)).toContain("TypeError: bad");
  });

  test("LOG_LEVEL filters lower levels", () => {
    process.env.LOG_LEVEL = "warn";
    const output = captureOutput();
    const log = createLogger();
    log.info("hidden");
    log.warn("shown");
    output.restore();
    expect(output.lines().map((line) => line.message)).toEqual(["shown"]);
  });

  test("a circular field does not throw", () => {
    process.env.LOG_LEVEL = "info";
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const output = captureOutput();
    createLogger().info("x", { circular });
    output.restore();
    expect(output.lines()[0]).toMatchObject({ message: "x", logError: "fields not serializable" });
  });

  test("a call's field overrides the logger's in place; undefined and functions are left out", () => {
    process.env.LOG_LEVEL = "info";
    const output = captureOutput();
    createLogger({ a: 1, b: 2 }).info("x", { c: 3, b: "two", gone: undefined, fn: () => 1 });
    output.restore();
    const [line] = output.lines();
    expect(Object.keys(line)).toEqual(["level", "time", "message", "a", "b", "c"]);
    expect(line).toMatchObject({ a: 1, b: "two", c: 3 });
  });

  test("bigints are strings and errors inside objects keep their message, at any depth", () => {
    process.env.LOG_LEVEL = "info";
    const output = captureOutput();
    createLogger().info("x", { count: 10n, nested: { cause: new RangeError("deep"), ids: [1n] } });
    output.restore();
    const [line] = output.lines();
    expect(line.count).toBe("10");
    expect(line.nested).toMatchObject({ cause: { name: "RangeError", message: "deep" }, ids: ["1"] });
  });

  test("the message is escaped into valid JSON", () => {
    process.env.LOG_LEVEL = "info";
    const output = captureOutput();
    createLogger().info('quote " and \n newline', { 'key "with" quotes': "v" });
    output.restore();
    const [line] = output.lines();
    expect(line.message).toBe('quote " and \n newline');
    expect(line['key "with" quotes']).toBe("v");
  });

  test("a field whose toJSON returns nothing is left out, and the line stays valid JSON", () => {
    process.env.LOG_LEVEL = "info";
    const output = captureOutput();
    createLogger().info("x", { gone: { toJSON: () => undefined }, kept: 1 });
    output.restore();
    const [line] = output.lines();
    expect(Object.keys(line)).toEqual(["level", "time", "message", "kept"]);
  });
});

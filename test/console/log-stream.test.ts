/** The gateway log's live subscribers: what the console's SSE stream sends. */
import { GatewayLog, type LiveRequest } from "../../local/log";

const entry = { stack: "s", method: "GET", path: "/a", route: "GET /a", status: 200, durationMs: 1.5 };

describe("GatewayLog.subscribe", () => {
  test("nothing is recorded until someone subscribes; then each request carries its function's output", () => {
    const log = new GatewayLog({ sink: () => undefined });
    log.functionOutput("fn", "before\n");
    log.request({ ...entry, functionName: "fn", cold: true });
    const seen: LiveRequest[] = [];
    log.subscribe((e) => seen.push(e));
    expect(seen).toEqual([]);
    log.functionOutput("fn", "one\ntwo\n");
    log.functionOutput("other", "not mine");
    log.request({ ...entry, functionName: "fn", cold: false });
    log.request({ ...entry, status: 429, note: "throttled" });
    expect(seen.map((e) => [e.seq, e.status, e.output])).toEqual([
      [1, 200, ["one", "two"]],
      [2, 429, []],
    ]);
    expect(seen[0]).toMatchObject({ functionName: "fn", cold: false, route: "GET /a" });
  });

  test("a request gets its stack's other functions' lines (its authorizer), prefixed with their names", () => {
    const log = new GatewayLog({ sink: () => undefined });
    const seen: LiveRequest[] = [];
    log.subscribe((e) => seen.push(e));
    log.functionOutput("auth", "allowed ada", "s");
    log.functionOutput("fn", "hello", "s");
    log.functionOutput("fn2", "elsewhere", "t");
    log.request({ ...entry, stack: "s", functionName: "fn" });
    log.request({ ...entry, stack: "s", status: 403 });
    log.request({ ...entry, stack: "t", functionName: "fn2" });
    expect(seen.map((e) => e.output)).toEqual([["[auth] allowed ada", "hello"], [], ["elsewhere"]]);
  });

  test("a late subscriber gets the recent requests first; unsubscribe stops delivery", () => {
    const log = new GatewayLog({ requests: false, functions: false, sink: () => undefined });
    const first: LiveRequest[] = [];
    const stop = log.subscribe((e) => first.push(e));
    for (let i = 0; i < 250; i++) log.request({ ...entry, path: `/${i}` });
    const late: LiveRequest[] = [];
    log.subscribe((e) => late.push(e));
    expect(late).toHaveLength(200);
    expect(late[0].path).toBe("/50");
    stop();
    log.request(entry);
    expect(first).toHaveLength(250);
    expect(late).toHaveLength(201);
  });
});

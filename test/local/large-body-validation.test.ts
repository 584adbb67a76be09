/**
 * A hostile 10 MB REST body whose every element breaks the model (`tags: [1,1,...]` against an array of
 * strings, millions of errors when all are collected) is refused with a short 400 while the other APIs keep
 * answering, without gigabytes of memory, and its request-log line and live log entry stay small.
 */
import type { LiveRequest } from "../../local/log";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, startTestGateway, type TestGateway } from "./support/gateway";

const TEN_MB = 10 * 1024 * 1024;

/** `{"tags":[1,1,...]}` as close to 10 MB as it gets. */
function hostileBody(): string {
  const head = '{"tags":[';
  const count = Math.floor((TEN_MB - head.length - 2) / 2);
  return `${head}${"1,".repeat(count - 1)}1]}`;
}

describe("a 10 MB body against a REST model", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-http", "fixture-rest"] });
  });
  afterAll(() => gw?.close());

  test("400 with a short message; other APIs answer meanwhile; memory and log lines stay bounded", async () => {
    const live: LiveRequest[] = [];
    const stop = gw.gateway.log.subscribe((entry) => live.push(entry), false);
    const rest = gw.api("fixture-rest");
    const hello = `${gw.api("fixture-http").url}/echo`;
    expect((await call(hello)).status).toBe(200);
    const body = hostileBody();
    expect(body.length).toBeLessThanOrEqual(TEN_MB);
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;

    let done = false;
    const posted = call(`${rest.url}/tagged`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    }).finally(() => {
      done = true;
    });
    // Another API, called over and over while the body is read and validated: its slowest answer.
    let slowestMs = 0;
    let answered = 0;
    while (!done) {
      const started = performance.now();
      const reply = await call(hello);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      expect(reply.status).toBe(200);
      answered++;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const reply = await posted;
    stop();

    expect([reply.status, reply.json.message]).toEqual([400, "Invalid request body"]);
    expect(answered).toBeGreaterThan(0);
    expect(slowestMs).toBeLessThan(2_000);
    expect((peakRss - rssBefore) / 2 ** 20).toBeLessThan(600);
    gw.gateway.log.flush();
    const line = gw.lines.find((l) => l.startsWith("fixture-rest POST /test/tagged"));
    expect(line).toBeDefined();
    expect(Buffer.byteLength(line ?? "")).toBeLessThan(2_048);
    const entry = live.find((e) => e.stack === "fixture-rest" && e.method === "POST");
    expect(Buffer.byteLength(JSON.stringify(entry))).toBeLessThan(16 * 1024);
  }, 60_000);
});

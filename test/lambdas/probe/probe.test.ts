import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handler, probe, targetUrl } from "../../../lambdas/probe/index";

let server: Server;
let base: string;
const seen: { url?: string; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url, headers: request.headers });
    if (request.url === "/dev/hello") {
      response.writeHead(200, { "content-type": "application/json", "x-amzn-RequestId": "req-1" });
      response.end('{"message":"hello"}');
      return;
    }
    response.writeHead(403, { "content-type": "application/json" });
    response.end('{"message":"Forbidden"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("reports status, body, latency and the request id of a working API", async () => {
  const report = await probe(`${base}/hello`);
  expect(report).toMatchObject({ ok: true, status: 200, body: '{"message":"hello"}', requestId: "req-1" });
  expect(report.latencyMs).toBeGreaterThanOrEqual(0);
});

test("probes another path of the same stage with the given headers (e.g. an API key)", async () => {
  const report = await probe(`${base}/hello`, { path: "/items", headers: { "x-api-key": "k" } });
  expect(report).toMatchObject({ ok: false, status: 403, url: `${base}/items` });
  expect(seen.at(-1)?.headers["x-api-key"]).toBe("k");
  expect(() => targetUrl(`${base}/hello`, { path: "items?x=1" })).toThrow(/path "items\?x=1" is invalid/);
});

test("reports an unreachable API instead of throwing", async () => {
  const report = await probe("http://127.0.0.1:9/dev/hello");
  expect(report.ok).toBe(false);
  expect(report.status).toBeUndefined();
  expect(report.error).toBeDefined();
});

test("the handler needs PROBE_URL", async () => {
  delete process.env.PROBE_URL;
  await expect(handler()).rejects.toThrow(/PROBE_URL is not set/);
  process.env.PROBE_URL = `${base}/hello`;
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  await expect(handler()).resolves.toMatchObject({ ok: true, status: 200 });
  log.mockRestore();
  delete process.env.PROBE_URL;
});

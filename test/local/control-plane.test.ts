/**
 * The gateway's own endpoints against other origins: every `/_local/*` path and the console answer only
 * requests that name the gateway in `Host` (DNS rebinding gets 421, no API keys, no token), a request from
 * another site's page (its `Origin`) is refused before anything changes, same-origin and curl-style calls keep
 * working, and an oversized token request is the client's mistake (413).
 */
import { request } from "node:http";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, manualClock, startTestGateway, type TestGateway } from "./support/gateway";

interface RawReply {
  readonly status: number;
  readonly body: string;
}

/** A request with exactly these headers (fetch would not send a foreign Host). */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the control plane and other origins", () => {
  let gw: TestGateway;
  let port: string;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeFixtureStacks(),
      stacks: ["fixture-rest"],
      clock: manualClock().now,
    });
    port = new URL(gw.url).port;
  });
  afterAll(() => gw?.close());

  test("a rebound Host gets 421 on every path: no API keys, no token, no reset, no log", async () => {
    const evil = { host: `evil.example:${port}` };
    for (const [method, path] of [
      ["GET", "/_local/stacks"],
      ["GET", "/"],
      ["POST", "/_local/token"],
      ["POST", "/_local/reset"],
      ["GET", "/_local/log"],
      ["GET", "/_local/issuer/.well-known/jwks.json"],
      ["GET", "/_local/nothing"],
    ]) {
      const reply = await raw(`${gw.url}${path}`, method, evil, method === "POST" ? "{}" : undefined);
      expect([path, reply.status]).toEqual([path, 421]);
      expect(reply.body).not.toMatch(/"value"|"token"/);
      expect(JSON.parse(reply.body).message).toMatch(/answers on http:\/\/127\.0\.0\.1:\d+ only/);
    }
  });

  test("another site's page is refused (403) before a reset or a token; same origin and curl work", async () => {
    // The plan's throttle on GET /keyed (burst 5, the clock stands still): only a reset lets a sixth call in.
    const api = gw.api("fixture-rest");
    const key = api.apiKeys.find((k) => k.name === "good")?.value ?? "";
    const get = async () => (await call(`${api.url}/keyed`, { headers: { "x-api-key": key } })).status;
    const statuses = [];
    for (let index = 0; index < 6; index++) statuses.push(await get());
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    const host = { host: `127.0.0.1:${port}` };
    const form = { ...host, "content-type": "text/plain", origin: "http://evil.example" };
    expect((await raw(`${gw.url}/_local/reset`, "POST", form, "x=1")).status).toBe(403);
    expect(await get()).toBe(429);
    const minted = await raw(`${gw.url}/_local/token`, "POST", form, '{"scope":"items/admin"}');
    expect(minted.status).toBe(403);
    expect(minted.body).not.toContain("token");
    expect((await raw(`${gw.url}/_local/stacks`, "GET", { ...host, origin: "null" })).status).toBe(403);

    const same = { ...host, origin: gw.url, "content-type": "application/json" };
    expect((await raw(`${gw.url}/_local/token`, "POST", same, "{}")).status).toBe(200);
    expect((await call(`${gw.url}/_local/reset`, { method: "POST" })).status).toBe(204);
    expect(await get()).toBe(200);
    expect((await call(`${gw.url}/_local/stacks`)).json.stacks[0].apiKeys.length).toBeGreaterThan(0);
  });

  test("a token request over 64 KB is 413 with a message", async () => {
    const reply = await call(`${gw.url}/_local/token`, {
      method: "POST",
      body: JSON.stringify({ claims: { filler: "x".repeat(70 * 1024) } }),
    });
    expect(reply.status).toBe(413);
    expect(reply.json.message).toMatch(/larger than 65536 bytes/);
    expect((await call(`${gw.url}/_local/token`, { method: "POST", body: "{}" })).status).toBe(200);
  });
});

/**
 * The http-api stack served locally from its synthesized Terraform: payload 2.0, JWT authorizer against the
 * local issuer, CORS, route throttling, 404s — driven with fetch like any client.
 */
import { describeStack } from "../support/app-stacks";
import { call, manualClock, startTestGateway, type TestGateway } from "./support/gateway";

// The app's http-api stack on the local gateway; a fork without it gets one test saying so.
describeStack("http-api", () => {
  let gw: TestGateway;
  let base: string;
  const clock = manualClock();

  beforeAll(async () => {
    gw = await startTestGateway({ stacks: ["http-api"], clock: clock.now });
    base = gw.api("http-api").url;
  });
  afterAll(() => gw?.close());
  beforeEach(() => gw.gateway.reset());

  test("/_local/stacks lists the API with its variant, stage, URL and routes", () => {
    expect(gw.api("http-api")).toMatchObject({
      variant: "http",
      endpointType: "REGIONAL",
      stage: "$default",
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      routes: expect.arrayContaining(["GET /hello", "POST /items", "DELETE /items/{id}"]),
      apiKeys: [],
    });
  });

  test("GET /hello answers through payload 2.0 with the apigw-requestid header", async () => {
    const reply = await call(`${base}/hello?name=Ada`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ message: "Hello, Ada!", format: "2.0" });
    expect(reply.headers.get("apigw-requestid")).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(
      gw.lines.some((line) =>
        /^http-api GET \/hello\?name=Ada GET \/hello 200 [\d.]+ms apigw-dev-http-api-hello (cold|warm)$/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(gw.lines.some((line) => line.startsWith("[apigw-dev-http-api-hello] {"))).toBe(true);
  });

  test("items CRUD with a token from the local issuer", async () => {
    const writer = {
      authorization: `Bearer ${await gw.token({ sub: "ada", scope: "items/write items/admin" })}`,
    };
    const created = await call(`${base}/items`, {
      method: "POST",
      headers: { ...writer, "content-type": "application/json" },
      body: JSON.stringify({ name: "Lamp", price: 12.5, tags: ["home"] }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/items/${created.json.id}`);
    const id = created.json.id as string;
    const read = await call(`${base}/items/${id}`, { headers: writer });
    expect(read.json).toMatchObject({ id, name: "Lamp", price: 12.5, version: 1 });
    const updated = await call(`${base}/items/${id}`, {
      method: "PUT",
      headers: { ...writer, "content-type": "application/json", "if-match": '"1"' },
      body: JSON.stringify({ name: "Desk lamp", price: 15 }),
    });
    expect(updated.json).toMatchObject({ name: "Desk lamp", version: 2 });
    const list = await call(`${base}/items`, { headers: writer });
    expect(list.json.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await call(`${base}/items/${id}`, { method: "DELETE", headers: writer })).status).toBe(204);
    expect((await call(`${base}/items/${id}`, { headers: writer })).status).toBe(404);
  });

  test("JWT: no token, a bad token and a wrong audience are 401 with the invalid_token challenge", async () => {
    const none = await call(`${base}/items`);
    expect([none.status, none.text]).toEqual([401, '{"message":"Unauthorized"}']);
    const garbage = await call(`${base}/items`, { headers: { authorization: "Bearer not.a.jwt" } });
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get("www-authenticate")).toMatch(
      /^Bearer scope="" error="invalid_token" error_description=".+"$/,
    );
    const expired = await call(`${base}/items`, {
      headers: { authorization: `Bearer ${await gw.token({ expiresIn: -60 })}` },
    });
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("expired");
    const audience = await call(`${base}/items`, {
      headers: { authorization: `Bearer ${await gw.token({ clientId: "someone-else" })}` },
    });
    expect(audience.status).toBe(401);
    expect(audience.headers.get("www-authenticate")).toContain(
      'error_description="the token does not have a valid audience"',
    );
    const issuer = await call(`${base}/items`, {
      headers: { authorization: `Bearer ${await gw.token({ iss: "https://evil.example" })}` },
    });
    expect(issuer.status).toBe(401);
  });

  test("JWT: a valid token without the route's scope is 403 with the insufficient_scope challenge", async () => {
    const reader = `Bearer ${await gw.token({ sub: "reader", scope: "openid" })}`;
    expect((await call(`${base}/items`, { headers: { authorization: reader } })).status).toBe(200);
    const write = await call(`${base}/items`, {
      method: "POST",
      headers: { authorization: reader, "content-type": "application/json" },
      body: JSON.stringify({ name: "x", price: 1 }),
    });
    expect([write.status, write.text]).toEqual([403, '{"message":"Forbidden"}']);
    expect(write.headers.get("www-authenticate")).toBe(
      'Bearer scope="items/write" error="insufficient_scope" error_description="expected scopes: [items/write]"',
    );
  });

  test("CORS: the gateway answers preflights itself and decorates actual responses", async () => {
    const preflight = await call(`${base}/items`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(preflight.headers.get("access-control-max-age")).toBe("600");
    const stranger = await call(`${base}/items`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    const actual = await call(`${base}/hello`, { headers: { origin: "http://localhost:3000" } });
    expect(actual.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(actual.headers.get("access-control-expose-headers")).toBe("etag,location");
  });

  test("unknown routes and methods are 404 Not Found", async () => {
    for (const [method, path] of [
      ["GET", "/nope"],
      ["PATCH", "/items"],
      ["GET", "/"],
    ]) {
      const reply = await call(`${base}${path}`, { method });
      expect([reply.status, reply.text]).toEqual([404, '{"message":"Not Found"}']);
    }
  });

  test("route throttling: the stage's burst, then 429 Too Many Requests until tokens refill", async () => {
    // The stage allows 50 rps with a burst of 100; the clock stands still, so the bucket does not refill.
    const statuses: number[] = [];
    for (let index = 0; index < 101; index++) statuses.push((await fetch(`${base}/hello`)).status);
    expect(statuses.slice(0, 100).every((status) => status === 200)).toBe(true);
    const throttled = await call(`${base}/hello`);
    expect([throttled.status, throttled.text]).toEqual([429, '{"message":"Too Many Requests"}']);
    clock.advance(1000); // 50 tokens back
    expect((await call(`${base}/hello`)).status).toBe(200);
  });
});

/**
 * The four HTTP-style stacks served from their synthesized Terraform: the same hello and items CRUD through
 * every variant (payload 2.0 on the HTTP API, 1.0 on REST), each with its own authentication, then what the
 * REST stacks add: API keys, usage-plan throttles, validation, gateway responses, MOCK CORS preflights,
 * the edge stage cache and the private API's resource policy.
 */

import { sigv4Headers } from "../../local/sigv4";
import { describeStack } from "../support/app-stacks";
import { describeEachStack, httpStyleStackIds, servedKind } from "./support/app-served";
import { call, manualClock, type Reply, startTestGateway, type TestGateway } from "./support/gateway";

/** The registered stacks that serve the route table: a fork's dropped stacks have no tests here. */
const HTTP_STYLE = httpStyleStackIds();
type StackId = string;

/** What `/_local/stacks` says of each of the app's HTTP-style stacks: variant, endpoint type, stage. */
const DESCRIBED: Record<string, [string, string, string]> = {
  "http-api": ["http", "REGIONAL", "$default"],
  "rest-regional": ["rest", "REGIONAL", "dev"],
  "rest-edge": ["rest", "EDGE", "dev"],
  "rest-private": ["rest", "PRIVATE", "dev"],
};

describe("the HTTP-style stacks on the local gateway", () => {
  let gw: TestGateway;
  const clock = manualClock();

  beforeAll(async () => {
    if (HTTP_STYLE.length > 0) gw = await startTestGateway({ stacks: HTTP_STYLE, clock: clock.now });
  });
  afterAll(() => gw?.close());
  beforeEach(() => gw?.gateway.reset());

  const premiumKey = (stack: StackId) =>
    gw.api(stack).apiKeys.find((key) => key.name.endsWith("premium-demo"))?.value ?? "";
  const basicKey = (stack: StackId) =>
    gw.api(stack).apiKeys.find((key) => key.name.endsWith("basic-demo"))?.value ?? "";

  /** Calls a route the way a client of that stack must: key, token or signature as the route requires. */
  async function request(
    stack: StackId,
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Reply> {
    const url = `${gw.api(stack).url}${path}`;
    const token = await gw.token({ sub: "ada", scope: "items/write items/admin" });
    const headers: Record<string, string> = { ...extra };
    if (body !== undefined) headers["content-type"] = "application/json";
    const rest = servedKind(stack) === "rest";
    if (path !== "/hello" || !rest) headers.authorization = `Bearer ${token}`;
    if (rest && path !== "/hello") {
      headers["x-api-key"] ??= premiumKey(stack);
      if (method === "DELETE") {
        delete headers.authorization;
        Object.assign(headers, await sigv4Headers(url, { method, at: clock.now() }));
      }
    }
    return call(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  describeEachStack("stacks serving the route table", HTTP_STYLE, (stack) => {
    test("/_local/stacks describes its variant with its endpoint type and stage URL", () => {
      const api = gw.api(stack);
      expect([api.variant, api.endpointType, api.stage]).toEqual(DESCRIBED[stack]);
      if (api.variant === "rest") {
        expect(api.apiKeys.map((key) => key.usagePlans[0])).toEqual([
          `apigw-dev-${stack}-basic`,
          `apigw-dev-${stack}-premium`,
        ]);
      }
    });

    test("hello and items CRUD give the same answers as everywhere else", async () => {
      const hello = await request(stack, "GET", "/hello?name=Ada");
      expect([hello.status, hello.json]).toEqual([
        200,
        { message: "Hello, Ada!", format: servedKind(stack) === "http" ? "2.0" : "1.0" },
      ]);

      const created = await request(stack, "POST", "/items", { name: "Lamp", price: 12.5, tags: ["home"] });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ name: "Lamp", price: 12.5, tags: ["home"], version: 1 });
      const id = created.json.id as string;
      expect(created.headers.get("location")).toBe(`/items/${id}`);

      const read = await request(stack, "GET", `/items/${id}`);
      expect([read.status, read.json]).toEqual([200, created.json]);
      const updated = await request(
        stack,
        "PUT",
        `/items/${id}`,
        { name: "Desk lamp", price: 15 },
        { "if-match": '"1"' },
      );
      expect([updated.status, updated.json.version, updated.json.name]).toEqual([200, 2, "Desk lamp"]);
      const stale = await request(
        stack,
        "PUT",
        `/items/${id}`,
        { name: "Old", price: 1 },
        { "if-match": '"1"' },
      );
      expect(stale.status).toBe(409);
      const list = await request(stack, "GET", "/items");
      expect(list.json.items.map((item: { id: string }) => item.id)).toContain(id);
      const deleted = await request(stack, "DELETE", `/items/${id}`);
      expect(deleted.status).toBe(204);
      const gone = await request(stack, "GET", "/items/00000000-0000-4000-8000-000000000000");
      expect(gone.status).toBe(404);
    });
  });

  describeStack("rest-regional", () => {
    const base = () => gw.api("rest-regional").url;

    test("no key or an unknown key: 403 Forbidden through the API's DEFAULT_4XX template", async () => {
      const token = await gw.token({ scope: "items/write" });
      for (const key of [undefined, "wrong-key"]) {
        const reply = await call(`${base()}/items`, {
          headers: { authorization: `Bearer ${token}`, ...(key ? { "x-api-key": key } : {}) },
        });
        expect(reply.status).toBe(403);
        expect(reply.json).toEqual({
          message: "Forbidden",
          requestId: reply.headers.get("x-amzn-requestid"),
        });
        expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
      }
    });

    test("the Lambda authorizer: a valid token passes with its claims, a bad one is 401", async () => {
      const ok = await request("rest-regional", "GET", "/items");
      expect(ok.status).toBe(200);
      const bad = await call(`${base()}/items`, {
        headers: { authorization: "Bearer a.b.c", "x-api-key": premiumKey("rest-regional") },
      });
      expect([bad.status, bad.json.message]).toEqual([401, "Unauthorized"]);
      const expired = await call(`${base()}/items`, {
        headers: {
          authorization: `Bearer ${await gw.token({ expiresIn: -3600 })}`,
          "x-api-key": premiumKey("rest-regional"),
        },
      });
      expect(expired.status).toBe(401);
    });

    test("the basic plan's write throttle (burst 2): the third POST in a burst is 429", async () => {
      const statuses = [];
      for (let index = 0; index < 3; index++) {
        statuses.push(
          (
            await request(
              "rest-regional",
              "POST",
              "/items",
              { name: `n${index}`, price: 1 },
              { "x-api-key": basicKey("rest-regional") },
            )
          ).status,
        );
      }
      expect(statuses).toEqual([201, 201, 429]);
    });

    test("request validation against the model: 400 Invalid request body", async () => {
      const reply = await request("rest-regional", "POST", "/items", { name: "no price" });
      expect([reply.status, reply.json.message]).toEqual([400, "Invalid request body"]);
      // A price in cents passes the model's multipleOf 0.01 despite float division (19.99 / 0.01 != 1999).
      const cents = await request("rest-regional", "POST", "/items", { name: "Desk lamp", price: 19.99 });
      expect(cents.status).toBe(201);
      const fraction = await request("rest-regional", "POST", "/items", { name: "Too fine", price: 1.234 });
      expect(fraction.status).toBe(400);
    });

    test("an unknown route is 403 Missing Authentication Token; OPTIONS is the MOCK preflight", async () => {
      const unknown = await call(`${base()}/nope`);
      expect([unknown.status, unknown.json.message]).toEqual([403, "Missing Authentication Token"]);
      const preflight = await call(`${base()}/items`, {
        method: "OPTIONS",
        headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
      });
      expect([preflight.status, preflight.headers.get("access-control-allow-methods")]).toEqual([
        204,
        "GET,POST,OPTIONS",
      ]);
    });

    test("DELETE is AWS_IAM: unsigned requests are refused", async () => {
      const reply = await call(`${base()}/items/00000000-0000-4000-8000-000000000000`, {
        method: "DELETE",
        headers: { "x-api-key": premiumKey("rest-regional") },
      });
      expect([reply.status, reply.json.message]).toEqual([403, "Missing Authentication Token"]);
    });
  });

  describeStack("rest-edge", () => {
    test("GET /items/{id} is served from the stage cache for its TTL", async () => {
      const created = await request("rest-edge", "POST", "/items", { name: "Cached", price: 1 });
      const id = created.json.id as string;
      expect((await request("rest-edge", "GET", `/items/${id}`)).json.version).toBe(1);
      await request("rest-edge", "PUT", `/items/${id}`, { name: "Changed", price: 2 }, { "if-match": '"1"' });
      expect((await request("rest-edge", "GET", `/items/${id}`)).json).toMatchObject({
        name: "Cached",
        version: 1,
      });
      expect((await request("rest-edge", "GET", `/items/${id}?version=2`)).json.version).toBe(2); // another cache key
      clock.advance(61_000);
      expect((await request("rest-edge", "GET", `/items/${id}`)).json).toMatchObject({
        name: "Changed",
        version: 2,
      });
    });
  });

  describeStack("rest-private", () => {
    test("calls through the stack's VPC endpoint pass, any other source is denied by the resource policy", async () => {
      const base = gw.api("rest-private").url;
      expect((await call(`${base}/hello`)).status).toBe(200);
      const other = await call(`${base}/hello`, {
        headers: { "x-apigw-local-source-vpce": "vpce-0123456789abcdef0" },
      });
      expect(other.status).toBe(403);
      expect(other.json.message).toMatch(
        /^User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}0000:[a-z0-9]{10}\/dev\/GET\/hello with an explicit deny$/,
      );
      expect(other.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");
    });
  });
});

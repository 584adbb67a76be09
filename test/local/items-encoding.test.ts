/**
 * Items bodies that are not UTF-8, through the gateway with real bytes, on every registered stack that serves
 * the route table: the HTTP API passes bytes that are not valid UTF-8 to the function base64-encoded, so the
 * function sees them and answers 400; a body declaring another charset is 415 from the function (a REST method
 * that validates bodies refuses it first, 400). Nothing is stored either way. (A REST API without binary
 * media types decodes the body to text itself, replacing such bytes with U+FFFD before the function runs, as
 * AWS does: there the function cannot tell.)
 */
import { describeEachStack, httpStyleStackIds, servedKind } from "./support/app-served";
import { call, startTestGateway, type TestGateway } from "./support/gateway";

const STACKS = httpStyleStackIds();

describe("items bodies that are not UTF-8", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    if (STACKS.length > 0) gw = await startTestGateway({ stacks: STACKS });
  });
  afterAll(() => gw?.close());

  const send = async (stack: string, body: Uint8Array | string, contentType: string) => {
    const api = gw.api(stack);
    const token = await gw.token({ sub: "ada", scope: "items/write" });
    const key = api.apiKeys.find((k) => k.name.endsWith("premium-demo"))?.value;
    return call(`${api.url}/items`, {
      method: "POST",
      body,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": contentType,
        ...(key ? { "x-api-key": key } : {}),
      },
    });
  };
  const names = async (stack: string) => {
    const api = gw.api(stack);
    const token = await gw.token({ sub: "ada" });
    const key = api.apiKeys.find((k) => k.name.endsWith("premium-demo"))?.value;
    const reply = await call(`${api.url}/items?limit=100`, {
      headers: { authorization: `Bearer ${token}`, ...(key ? { "x-api-key": key } : {}) },
    });
    return (reply.json.items as { name: string }[]).map((item) => item.name);
  };

  describeEachStack("stacks serving the route table", STACKS, (stack) => {
    if (servedKind(stack) === "http") {
      test("HTTP API: invalid UTF-8 bytes are 400 with a message; nothing is stored", async () => {
        const bytes = Buffer.concat([
          Buffer.from('{"name":"bad'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('","price":1}'),
        ]);
        const reply = await send(stack, bytes, "application/json");
        expect([reply.status, reply.json]).toEqual([400, { message: "the body is not valid UTF-8" }]);
        expect((await names(stack)).filter((name) => name.startsWith("bad"))).toEqual([]);
      });
    }

    // On REST the method's request validator reads the body first: UTF-16 bytes are not JSON to it (400).
    const [status, message] =
      servedKind(stack) === "http"
        ? [415, 'the body must be UTF-8 JSON (got charset "utf-16")']
        : [400, "Invalid request body"];
    test(`a body declared UTF-16 is ${status} with a message; nothing is stored`, async () => {
      const utf16 = Buffer.from('{"name":"wide","price":1}', "utf16le");
      const reply = await send(stack, utf16, "application/json; charset=utf-16");
      expect([reply.status, reply.json.message]).toEqual([status, message]);
      expect(await names(stack)).not.toContain("wide");
      const good = await send(stack, '{"name":"fine","price":1}', "application/json; charset=utf-8");
      expect(good.status).toBe(201);
    });
  });
});

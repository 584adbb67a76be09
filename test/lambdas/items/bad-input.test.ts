/**
 * Every client mistake gets its 4xx and a message naming what is wrong, on every payload format;
 * none of them is a 5xx. Runs against dynalite so that unknown ids really are looked up.
 */
import { ITEM_LIMITS } from "../../../api/items-schema";
import type { LambdaHttpHandler } from "../../../lambdas/shared/handler";
import { type LocalDynamoDb, startDynamoDb } from "../fixtures/dynamodb";
import { type EventOptions, eventBuilders } from "../fixtures/events";
import { expectValidProxyResult, parse, silenceLogs } from "../fixtures/results";

silenceLogs();

let db: LocalDynamoDb;
let handler: LambdaHttpHandler;

beforeAll(async () => {
  db = await startDynamoDb("items-bad-input-test");
  handler = (await import("../../../lambdas/items/index")).handler;
});

afterAll(() => db.stop());

const UNKNOWN_ID = "0b7e3c1a-5f2d-4c8e-9a41-3d2f1e0c9b8a";
const valid = { name: "Lamp", price: 10 };

const post = (body: unknown, headers?: Record<string, string>): EventOptions => ({
  method: "POST",
  resource: "/items",
  body,
  headers,
});
const put = (
  body: unknown,
  headers: Record<string, string> = { "If-Match": '"1"' },
  id = UNKNOWN_ID,
): EventOptions => ({
  method: "PUT",
  resource: "/items/{id}",
  pathParameters: { id },
  body,
  headers,
});
const onItem = (method: string, id: string): EventOptions => ({
  method,
  resource: "/items/{id}",
  pathParameters: { id },
});
const listing = (query: Record<string, string>): EventOptions => ({
  method: "GET",
  resource: "/items",
  query,
});

/** [case, request, status, message (exact text or pattern)] */
const cases: [string, EventOptions, number, string | RegExp][] = [
  ["malformed JSON", post('{"name": "Lamp",'), 400, /^body is not valid JSON: /],
  ["JSON with a trailing comma", post('{"name":"Lamp","price":1,}'), 400, /^body is not valid JSON: /],
  ["an array body", post("[]"), 400, "body must be a JSON object (got array)"],
  ["a string body", post('"Lamp"'), 400, "body must be a JSON object (got string)"],
  ["a null body", post("null"), 400, "body must be a JSON object (got null)"],
  ["no body", post(undefined), 400, "request body is required: a JSON object"],
  ["missing fields", post({}), 400, "name is required; price is required"],
  ["a missing price", post({ name: "Lamp" }), 400, "price is required"],
  ["an unknown field", post({ ...valid, color: "red" }), 400, /^unknown field "color"/],
  ["a name of the wrong type", post({ ...valid, name: 42 }), 400, "name must be a string (got number)"],
  ["a price of the wrong type", post({ ...valid, price: "10" }), 400, "price must be a number (got string)"],
  [
    "tags of the wrong type",
    post({ ...valid, tags: "a,b" }),
    400,
    "tags must be an array of strings (got string)",
  ],
  ["a negative price", post({ ...valid, price: -1 }), 400, "price must be a number >= 0"],
  ["a too large price", post({ ...valid, price: 1e10 }), 400, "price must be a number <= 1000000000"],
  [
    "an overflowing price",
    post('{"name":"Lamp","price":1e400}'),
    400,
    "price must be a number <= 1000000000",
  ],
  [
    "a price below a cent",
    post('{"name":"Lamp","price":1e-200}'),
    400,
    /^price must have at most 2 decimal places/,
  ],
  ["an empty name", post({ ...valid, name: "" }), 400, "name must be 1 to 200 characters long (got 0)"],
  ["a too long name", post({ ...valid, name: "n".repeat(201) }), 400, /^name must be 1 to 200 characters/],
  [
    "a too long description",
    post({ ...valid, description: "d".repeat(2001) }),
    400,
    /^description must be at most/,
  ],
  [
    "too many tags",
    post({ ...valid, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }),
    400,
    /^tags must have at most 20/,
  ],
  ["duplicate tags", post({ ...valid, tags: ["a", "a"] }), 400, /^tags must not contain duplicates/],
  ["a lone surrogate", post('{"name":"\\ud800","price":1}'), 400, /unpaired UTF-16 surrogate/],
  [
    "bytes that are not UTF-8 (a base64 body)",
    post(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","price":1}')])),
    400,
    "the body is not valid UTF-8",
  ],
  [
    "a body declared UTF-16",
    post('{"name":"Lamp","price":1}', { "Content-Type": "application/json; charset=utf-16" }),
    415,
    'the body must be UTF-8 JSON (got charset "utf-16")',
  ],
  [
    "an oversized body",
    post({ ...valid, description: "x".repeat(ITEM_LIMITS.maxBodyBytes) }),
    413,
    /^request body is \d+ bytes; the limit is 16384 bytes$/,
  ],
  [
    "a non-JSON content type",
    post("name=Lamp", { "Content-Type": "application/x-www-form-urlencoded" }),
    415,
    /^content-type must be application\/json/,
  ],
  ["an unknown id", onItem("GET", UNKNOWN_ID), 404, `item ${UNKNOWN_ID} not found`],
  ["an id that is not a UUID", onItem("GET", "abc"), 400, /^id must be an item id/],
  ["an upper-case id", onItem("GET", UNKNOWN_ID.toUpperCase()), 400, /^id must be an item id/],
  ["a bad id on DELETE", onItem("DELETE", "1"), 400, /^id must be an item id/],
  ["a bad id on PUT", put(valid, undefined, "1"), 400, /^id must be an item id/],
  ["limit 0", listing({ limit: "0" }), 400, 'limit must be an integer from 1 to 100 (got "0")'],
  ["limit 101", listing({ limit: "101" }), 400, 'limit must be an integer from 1 to 100 (got "101")'],
  ["a fractional limit", listing({ limit: "2.5" }), 400, /^limit must be an integer/],
  ["a text limit", listing({ limit: "ten" }), 400, /^limit must be an integer/],
  ["a garbage cursor", listing({ cursor: "not-a-cursor" }), 400, /^invalid cursor/],
  [
    "a cursor with a bad key",
    listing({ cursor: Buffer.from('{"id":"x"}').toString("base64url") }),
    400,
    /^invalid cursor/,
  ],
  [
    "PATCH on an item",
    onItem("PATCH", UNKNOWN_ID),
    405,
    /^method PATCH is not allowed on \/items\/.*allowed: DELETE, GET, PUT$/,
  ],
  ["DELETE on the collection", { method: "DELETE", resource: "/items" }, 405, /allowed: GET, POST$/],
  ["an unknown path", { method: "GET", resource: "/nothing" }, 404, 'no route for GET "/nothing"'],
  [
    "PUT without any version",
    put(valid, {}),
    428,
    /^the item version is required: send the version you read as header If-Match/,
  ],
  [
    "If-Match and body version disagreeing",
    put({ ...valid, version: 2 }),
    400,
    /^If-Match \(1\) and body field version \(2\) disagree/,
  ],
  [
    "a malformed If-Match",
    put(valid, { "If-Match": "*" }),
    400,
    /^If-Match must be the item version you read/,
  ],
  ["a body version of 0", put({ ...valid, version: 0 }, {}), 400, "version must be an integer >= 1"],
  ["PUT on an unknown id", put(valid), 404, `item ${UNKNOWN_ID} not found`],
  ["DELETE on an unknown id", onItem("DELETE", UNKNOWN_ID), 404, `item ${UNKNOWN_ID} not found`],
];

describe.each(eventBuilders)("via %s", (_format, build) => {
  const rows = cases.map(([name, options, status, message]) => ({ name, options, status, message }));
  test.each(rows)("$name → $status", async ({ options, status, message }) => {
    // Act
    const result = await handler(build(options));
    // Assess
    expectValidProxyResult(result);
    const { statusCode, headers, body } = parse(result);
    expect(statusCode).toBe(status);
    expect(headers["content-type"]).toBe("application/json");
    if (typeof message === "string") expect(body.message).toBe(message);
    else expect(body.message).toMatch(message);
  });

  test("405 carries the allow header", async () => {
    const result = await handler(build(onItem("PATCH", UNKNOWN_ID)));
    expect(result.headers.allow).toBe("DELETE, GET, PUT");
  });

  test("a base64-encoded JSON body is read like a text body", async () => {
    const result = parse(await handler(build(post(Buffer.from(JSON.stringify({ name: "Zoë", price: 1 }))))));
    expect(result).toMatchObject({ statusCode: 201, body: { name: "Zoë" } });
  });

  test("a 200-character unicode name within the byte limit is fine", async () => {
    const name = "語".repeat(ITEM_LIMITS.nameMaxLength);
    const result = parse(await handler(build(post({ name, price: 0.01 }))));
    expect(result).toMatchObject({ statusCode: 201, body: { name, price: 0.01 } });
  });
});

/** The items function against a real DynamoDB API (dynalite on loopback), on every payload format. */
import type { LambdaHttpHandler } from "../../../lambdas/shared/handler";
import { type LocalDynamoDb, startDynamoDb } from "../fixtures/dynamodb";
import { type EventOptions, eventBuilders } from "../fixtures/events";
import { expectValidProxyResult, parse, silenceLogs } from "../fixtures/results";

silenceLogs();

let db: LocalDynamoDb;
let handler: LambdaHttpHandler;

beforeAll(async () => {
  db = await startDynamoDb();
  // Imported after the environment is set: the module creates its DynamoDB client at load time.
  handler = (await import("../../../lambdas/items/index")).handler;
});

afterAll(() => db.stop());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(eventBuilders)("items CRUD via %s", (_format, build) => {
  const call = async (options: EventOptions) => {
    const result = await handler(build(options));
    expectValidProxyResult(result);
    return parse(result);
  };
  const create = (body: unknown) => call({ method: "POST", resource: "/items", body });
  const get = (id: string) => call({ method: "GET", resource: "/items/{id}", pathParameters: { id } });
  const put = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    call({ method: "PUT", resource: "/items/{id}", pathParameters: { id }, body, headers });
  const remove = (id: string, headers: Record<string, string> = {}) =>
    call({ method: "DELETE", resource: "/items/{id}", pathParameters: { id }, headers });

  test("POST creates the item: 201, Location, ETag, server fields", async () => {
    // Act
    const created = await create({
      name: "Desk lamp",
      description: "LED",
      price: 19.99,
      tags: ["home", "light"],
    });
    // Assess
    expect(created.statusCode).toBe(201);
    const item = created.body;
    expect(item).toEqual({
      id: expect.stringMatching(UUID),
      name: "Desk lamp",
      description: "LED",
      price: 19.99,
      tags: ["home", "light"],
      createdAt: expect.any(String),
      updatedAt: item.createdAt,
      version: 1,
    });
    expect(new Date(item.createdAt).toISOString()).toBe(item.createdAt);
    expect(created.headers).toMatchObject({ location: `/items/${item.id}`, etag: '"1"' });
  });

  test("GET returns what POST stored, unicode included", async () => {
    const { body: item } = await create({ name: "Zoë's 茶碗 😀", description: "", price: 0, tags: ["ü"] });
    const fetched = await get(item.id);
    expect(fetched).toMatchObject({ statusCode: 200, body: item, headers: { etag: '"1"' } });
  });

  test("PUT with If-Match replaces the fields, bumps the version, keeps createdAt", async () => {
    // Prepare
    const { body: item } = await create({ name: "Chair", description: "wood", price: 50, tags: ["a"] });
    // Act
    const updated = await put(item.id, { name: "Chair v2", price: 55.5 }, { "If-Match": '"1"' });
    // Assess
    expect(updated.statusCode).toBe(200);
    expect(updated.body).toEqual({
      id: item.id,
      name: "Chair v2",
      price: 55.5,
      tags: [],
      createdAt: item.createdAt,
      updatedAt: expect.any(String),
      version: 2,
    });
    expect(updated.body.updatedAt >= item.updatedAt).toBe(true);
    expect(updated.headers.etag).toBe('"2"');
    expect((await get(item.id)).body).toEqual(updated.body);
  });

  test("PUT takes the version from the body too, and W/ etags", async () => {
    const { body: item } = await create({ name: "Table", price: 1 });
    expect((await put(item.id, { name: "Table", price: 2, version: 1 })).body.version).toBe(2);
    expect((await put(item.id, { name: "Table", price: 3 }, { "If-Match": 'W/"2"' })).body.version).toBe(3);
  });

  test("PUT with a stale version is a 409 naming both versions", async () => {
    const { body: item } = await create({ name: "Shelf", price: 1 });
    await put(item.id, { name: "Shelf", price: 2 }, { "If-Match": '"1"' });
    const stale = await put(item.id, { name: "Shelf", price: 3 }, { "If-Match": '"1"' });
    expect(stale).toMatchObject({
      statusCode: 409,
      body: { message: `version conflict: item ${item.id} is at version 2, you sent 1`, currentVersion: 2 },
    });
  });

  test("two concurrent updates with the same version: exactly one wins, the other gets 409", async () => {
    // Prepare
    const { body: item } = await create({ name: "Race", price: 1 });
    // Act
    const results = await Promise.all(
      ["left", "right"].map((name) => put(item.id, { name, price: 1 }, { "If-Match": '"1"' })),
    );
    // Assess
    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((result) => result.statusCode === 200)?.body;
    expect((await get(item.id)).body).toEqual(winner);
    expect(winner.version).toBe(2);
  });

  test("PUT and DELETE on an unknown id are 404", async () => {
    const unknown = "0b7e3c1a-5f2d-4c8e-9a41-3d2f1e0c9b8a";
    expect(await put(unknown, { name: "x", price: 1 }, { "If-Match": '"1"' })).toMatchObject({
      statusCode: 404,
      body: { message: `item ${unknown} not found` },
    });
    expect((await remove(unknown)).statusCode).toBe(404);
    expect((await remove(unknown, { "If-Match": '"1"' })).statusCode).toBe(404);
  });

  test("DELETE: 204 with an empty body, then 404; If-Match honoured", async () => {
    // Prepare
    const { body: item } = await create({ name: "Old", price: 1 });
    // Act / Assess: a stale If-Match is refused and the item stays
    expect(await remove(item.id, { "If-Match": '"7"' })).toMatchObject({
      statusCode: 409,
      body: { message: `version conflict: item ${item.id} is at version 1, you sent 7` },
    });
    expect((await get(item.id)).statusCode).toBe(200);
    // Act / Assess: the right version deletes
    const deleted = await handler(
      build({
        method: "DELETE",
        resource: "/items/{id}",
        pathParameters: { id: item.id },
        headers: { "If-Match": '"1"' },
      }),
    );
    expect(deleted).toEqual({ statusCode: 204, headers: {}, body: "" });
    expect((await get(item.id)).statusCode).toBe(404);
    expect((await remove(item.id)).statusCode).toBe(404);
  });

  test("behind a catch-all route the function routes on method and path", async () => {
    const { body: item } = await create({ name: "Proxy", price: 1 });
    const viaProxy = await call({
      method: "GET",
      resource: "/{proxy+}",
      path: `/items/${item.id}`,
      routeKey: "$default",
    });
    expect(viaProxy).toMatchObject({ statusCode: 200, body: { id: item.id } });
  });
});

test("without TABLE_NAME every request is a generic 500 and the reason is logged", async () => {
  // Prepare
  const previous = process.env.TABLE_NAME;
  delete process.env.TABLE_NAME;
  let misconfigured: LambdaHttpHandler | undefined;
  jest.isolateModules(() => {
    misconfigured = require("../../../lambdas/items/index").handler;
  });
  process.env.TABLE_NAME = previous;
  const { restEvent } = await import("../fixtures/events");
  // Act
  const result = await misconfigured?.(restEvent({ method: "GET", resource: "/items" }));
  // Assess
  expect(result).toEqual({
    statusCode: 500,
    headers: { "content-type": "application/json" },
    body: '{"message":"Internal server error"}',
  });
});

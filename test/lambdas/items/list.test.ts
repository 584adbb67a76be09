/** GET /items pages through the whole table: every item exactly once, whatever the page size and API type. */
import type { LambdaHttpHandler } from "../../../lambdas/shared/handler";
import { type LocalDynamoDb, startDynamoDb } from "../fixtures/dynamodb";
import { eventBuilders, httpEvent, restEvent } from "../fixtures/events";
import { parse, silenceLogs } from "../fixtures/results";

silenceLogs();

let db: LocalDynamoDb;
let handler: LambdaHttpHandler;

beforeAll(async () => {
  db = await startDynamoDb("items-list-test");
  handler = (await import("../../../lambdas/items/index")).handler;
});

afterAll(() => db.stop());

type EventBuilder = (typeof eventBuilders)[number][1];

const list = async (query: Record<string, string>, build: EventBuilder = restEvent) =>
  parse(await handler(build({ method: "GET", resource: "/items", query })));

test("an empty table is an empty page without cursor", async () => {
  expect(await list({})).toMatchObject({ statusCode: 200, body: { items: [] } });
  expect((await list({})).body).not.toHaveProperty("cursor");
});

describe("with 45 items", () => {
  let createdIds: string[];

  beforeAll(async () => {
    const created = await Promise.all(
      Array.from({ length: 45 }, (_, index) =>
        handler(
          restEvent({ method: "POST", resource: "/items", body: { name: `item ${index}`, price: index } }),
        ),
      ),
    );
    createdIds = created.map((result) => JSON.parse(result.body).id).sort();
  });

  test.each([[1], [7], [10], [45], [100]])("pages of %i return every item exactly once", async (limit) => {
    // Prepare
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    // Act: follow the cursor, switching API type every page (cursors do not depend on it)
    do {
      const build = eventBuilders[pages % eventBuilders.length][1];
      const page = await list({ limit: String(limit), ...(cursor ? { cursor } : {}) }, build);
      expect(page.statusCode).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.cursor;
      pages += 1;
    } while (cursor !== undefined && pages < 100);
    // Assess
    expect(seen.sort()).toEqual(createdIds);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(45 / limit));
  });

  test("the default page size is 20", async () => {
    const page = await list({}, httpEvent);
    expect(page.body.items).toHaveLength(20);
    expect(typeof page.body.cursor).toBe("string");
  });

  test("items in a page have the full item shape", async () => {
    const { body } = await list({ limit: "1" });
    expect(Object.keys(body.items[0]).sort()).toEqual(
      ["createdAt", "id", "name", "price", "tags", "updatedAt", "version"].sort(),
    );
  });
});

/** Property tests through the whole items function on dynalite: no input from a client ends in a 5xx. */
import fc from "fast-check";
import { ITEM_LIMITS } from "../../../api/items-schema";
import { validateItemCreate } from "../../../lambdas/items/validation";
import type { LambdaHttpHandler } from "../../../lambdas/shared/handler";
import { type LocalDynamoDb, startDynamoDb } from "../fixtures/dynamodb";
import { httpEvent, httpEventV1, restEvent } from "../fixtures/events";
import { anyItemBody, validItemBody } from "../fixtures/items";
import { parse, proxyResultProblems, silenceLogs } from "../fixtures/results";

silenceLogs();

let db: LocalDynamoDb;
let handler: LambdaHttpHandler;

beforeAll(async () => {
  db = await startDynamoDb("items-property-test");
  handler = (await import("../../../lambdas/items/index")).handler;
});

afterAll(() => db.stop());

const builder = fc.constantFrom(restEvent, httpEvent, httpEventV1);

function accepted(body: unknown): boolean {
  try {
    validateItemCreate(body);
    return true;
  } catch {
    return false;
  }
}

test("POST of any body: 201 exactly when the validator accepts it, otherwise 4xx; never 5xx", async () => {
  await fc.assert(
    fc.asyncProperty(
      builder,
      fc.oneof(
        anyItemBody.map((body) => JSON.stringify(body)),
        fc.string(),
      ),
      async (build, text) => {
        // Act
        const result = await handler(build({ method: "POST", resource: "/items", body: text }));
        // Assess
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = Symbol("not JSON");
        }
        const fits = Buffer.byteLength(text) <= ITEM_LIMITS.maxBodyBytes;
        const expected = fits && accepted(parsed) ? [201] : [400, 413];
        return proxyResultProblems(result).length === 0 && expected.includes(result.statusCode);
      },
    ),
    { numRuns: 100 },
  );
});

/** The fields the server sets. */
const serverFields = ({ id, createdAt, updatedAt, version }: Record<string, unknown>) => ({
  id,
  createdAt,
  updatedAt,
  version,
});

test("a valid item survives the round trip POST → GET unchanged", async () => {
  await fc.assert(
    fc.asyncProperty(builder, validItemBody, async (build, body) => {
      const created = parse(await handler(build({ method: "POST", resource: "/items", body })));
      expect(created.statusCode).toBe(201);
      const fetched = parse(
        await handler(
          build({ method: "GET", resource: "/items/{id}", pathParameters: { id: created.body.id } }),
        ),
      );
      expect(fetched.body).toEqual({ ...body, tags: body.tags ?? [], ...serverFields(created.body) });
    }),
    { numRuns: 25 },
  );
});

test("any request line, header or query a client can send is answered below 500", async () => {
  await fc.assert(
    fc.asyncProperty(
      builder,
      fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
      fc.oneof(
        fc.constantFrom("/items", "/items/", "/"),
        fc.string().map((s) => `/items/${encodeURIComponent(s)}`),
      ),
      fc.dictionary(fc.constantFrom("limit", "cursor", "x"), fc.string()),
      fc.dictionary(fc.constantFrom("If-Match", "Content-Type", "X-Other"), fc.string()),
      fc.option(fc.string(), { nil: undefined }),
      async (build, method, path, query, headers, body) => {
        const result = await handler(build({ method, path, routeKey: "$default", query, headers, body }));
        return proxyResultProblems(result).length === 0 && result.statusCode < 500;
      },
    ),
    { numRuns: 100 },
  );
});

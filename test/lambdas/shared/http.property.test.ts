/** Property tests: the normalizer reads any input without crashing, and reads back what the builders encode. */
import fc from "fast-check";
import { BadRequestError } from "../../../lambdas/shared/errors";
import { httpHandler } from "../../../lambdas/shared/handler";
import { type HttpRequest, json, normalizeEvent } from "../../../lambdas/shared/http";
import { httpEvent, httpEventV1, restEvent } from "../fixtures/events";
import { proxyResultProblems, silenceLogs } from "../fixtures/results";
import { unicodeString } from "../fixtures/unicode";

silenceLogs();

const builders = [restEvent, httpEvent, httpEventV1] as const;

/** Realistic events with any one top-level or requestContext field replaced by an arbitrary value. */
const damagedEvent = fc
  .record({
    build: fc.constantFrom(...builders),
    field: fc.constantFrom(
      "version",
      "httpMethod",
      "path",
      "rawPath",
      "routeKey",
      "headers",
      "queryStringParameters",
      "rawQueryString",
      "pathParameters",
      "body",
      "isBase64Encoded",
      "requestContext",
    ),
    value: fc.anything(),
  })
  .map(({ build, field, value }) => ({ ...build({ method: "POST", body: "{}" }), [field]: value }));

const anyInput = fc.oneof(fc.anything(), damagedEvent);

const isStringMap = (map: object) =>
  Object.values(map).every((value) => typeof value === "string") &&
  Object.getPrototypeOf(map) === Object.prototype;

/** Plain booleans instead of expect() in hot properties: jest's expect costs about 0.2 ms a call. */
function isWellFormed(request: HttpRequest): boolean {
  return (
    ["1.0", "2.0"].includes(request.format) &&
    typeof request.method === "string" &&
    typeof request.path === "string" &&
    [request.headers, request.query, request.pathParameters, request.claims].every(isStringMap) &&
    Object.keys(request.headers).every((name) => name === name.toLowerCase()) &&
    (request.body === undefined || typeof request.body === "string")
  );
}

test("normalizeEvent returns a well-typed request or throws BadRequestError, for any input", () => {
  fc.assert(
    fc.property(anyInput, (event) => {
      try {
        return isWellFormed(normalizeEvent(event));
      } catch (error) {
        return error instanceof BadRequestError;
      }
    }),
    { numRuns: 300 },
  );
});

test("a wrapped handler never throws and never answers 5xx for a bad event", async () => {
  const handler = httpHandler(() => json(200, { ok: true }));
  await fc.assert(
    fc.asyncProperty(anyInput, async (event) => {
      const result = await handler(event);
      return proxyResultProblems(result).length === 0 && result.statusCode < 500;
    }),
    { numRuns: 200 },
  );
});

const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);

test("round trip: method, query, headers and body the builders encode are read back, on every format", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...builders),
      fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
      fc.array(fc.tuple(token, fc.string()), { maxLength: 5 }),
      // Lower-case names: two names differing only in case would be one header.
      fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), fc.string({ minLength: 1 }), { maxKeys: 4 }),
      fc.option(unicodeString({ minLength: 1 }), { nil: undefined }),
      fc.boolean(),
      (build, method, queryPairs, headers, text, binary) => {
        // Prepare
        const rawQuery = queryPairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
        const body = text !== undefined && binary ? Buffer.from(text, "utf8") : text;
        // Act
        const request = normalizeEvent(build({ method, path: "/a/b", rawQuery, headers, body }));
        // Assess: one expect per run (jest's expect costs about 0.2 ms)
        const sentHeaders = Object.fromEntries(
          Object.keys(headers).map((name) => [name, request.headers[name]]),
        );
        expect({ ...request, headers: sentHeaders }).toMatchObject({
          method,
          path: "/a/b",
          query: Object.fromEntries(queryPairs),
          headers,
          body: text,
        });
      },
    ),
  );
});

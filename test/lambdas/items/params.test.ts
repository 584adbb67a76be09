import fc from "fast-check";
import { decodeCursor, encodeCursor } from "../../../lambdas/items/cursor";
import { expectedVersionOf, ifMatchVersion, itemIdOf, listQueryOf } from "../../../lambdas/items/params";
import { BadRequestError, PreconditionRequiredError } from "../../../lambdas/shared/errors";
import { normalizeEvent } from "../../../lambdas/shared/http";
import { httpEvent } from "../fixtures/events";

const ID = "0b7e3c1a-5f2d-4c8e-9a41-3d2f1e0c9b8a";
const withQuery = (query: Record<string, string>) => normalizeEvent(httpEvent({ resource: "/items", query }));
const withIfMatch = (value?: string) =>
  normalizeEvent(httpEvent({ method: "PUT", headers: value === undefined ? {} : { "If-Match": value } }));
const base64url = (text: string) => Buffer.from(text).toString("base64url");

describe("cursor", () => {
  test("round trip: any item key decodes to itself", () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), (id) =>
        expect(decodeCursor(encodeCursor({ id }))).toEqual({ id }),
      ),
    );
  });

  test.each([
    ["not base64url", "!!!"],
    ["base64url of no JSON", base64url("hello")],
    ["a key that is not an item id", base64url('{"id":"x"}')],
    ["a key with an extra attribute", base64url(`{"id":"${ID}","price":1}`)],
    ["a JSON array", base64url(`["${ID}"]`)],
    ["null", base64url("null")],
  ])("refuses %s with 400 invalid cursor", (_case, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadRequestError);
    expect(() => decodeCursor(cursor)).toThrow(/^invalid cursor/);
  });

  test("any string either decodes to a valid item key or is refused with 400", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.jsonValue().map((v) => base64url(JSON.stringify(v))),
        ),
        (cursor) => {
          try {
            expect(decodeCursor(cursor).id).toMatch(/^[0-9a-f-]{36}$/);
          } catch (error) {
            expect(error).toBeInstanceOf(BadRequestError);
          }
        },
      ),
    );
  });
});

describe("listQueryOf", () => {
  test("defaults to 20 items from the start", () => {
    expect(listQueryOf(withQuery({}))).toEqual({ limit: 20 });
  });

  test.each([["1"], ["100"], ["020"]])("accepts limit %p", (limit) => {
    expect(listQueryOf(withQuery({ limit })).limit).toBe(Number(limit));
  });

  test.each([["0"], ["101"], ["-1"], ["1.5"], ["abc"], [""], ["1e2"], [" 5"], ["0x10"], ["9999999999"]])(
    "refuses limit %p",
    (limit) => {
      expect(() => listQueryOf(withQuery({ limit }))).toThrow(
        `limit must be an integer from 1 to 100 (got "${limit}")`,
      );
    },
  );

  test("decodes the cursor into the start key", () => {
    expect(listQueryOf(withQuery({ cursor: encodeCursor({ id: ID }) })).startAfter).toEqual({ id: ID });
  });
});

describe("item id", () => {
  test.each([["abc"], [ID.toUpperCase()], [`${ID}x`], [""], ["../etc"]])("refuses %p with 400", (id) => {
    const request = normalizeEvent(httpEvent({ resource: "/items/{id}", pathParameters: { id } }));
    expect(() => itemIdOf(request)).toThrow(/^id must be an item id \(a lower-case UUID/);
  });
});

describe("expected version", () => {
  test.each([['"3"'], ["3"], ['W/"3"'], [' "3" ']])("If-Match %p is version 3", (value) => {
    expect(ifMatchVersion(withIfMatch(value))).toBe(3);
  });

  test.each([["*"], ['"abc"'], ['"3", "4"'], ['"0"'], ['"3'], ["W/3"], ['"03"'], [""]])(
    "If-Match %p is refused with 400",
    (value) => {
      expect(() => ifMatchVersion(withIfMatch(value))).toThrow(/^If-Match must be the item version you read/);
    },
  );

  test("header or body; both must agree; neither is a 428 saying how to send it", () => {
    expect(expectedVersionOf(withIfMatch('"2"'), undefined)).toBe(2);
    expect(expectedVersionOf(withIfMatch(), 2)).toBe(2);
    expect(expectedVersionOf(withIfMatch('"2"'), 2)).toBe(2);
    expect(() => expectedVersionOf(withIfMatch('"2"'), 3)).toThrow(
      "If-Match (2) and body field version (3) disagree; send one, or the same in both",
    );
    expect(() => expectedVersionOf(withIfMatch(), undefined)).toThrow(PreconditionRequiredError);
    expect(() => expectedVersionOf(withIfMatch(), undefined)).toThrow(
      /If-Match: "<version>".*body field "version"/,
    );
  });
});

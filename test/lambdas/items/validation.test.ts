import { ITEM_LIMITS } from "../../../api/items-schema";
import { validateItemCreate, validateItemUpdate } from "../../../lambdas/items/validation";
import { BadRequestError } from "../../../lambdas/shared/errors";

const valid = { name: "Desk lamp", price: 19.99 };

function problemOf(body: unknown, validate = validateItemCreate): string {
  try {
    validate(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(body)} to be refused`);
}

describe("validateItemCreate", () => {
  test("keeps the item fields only, with tags defaulting to []", () => {
    expect(validateItemCreate(valid)).toEqual({ name: "Desk lamp", price: 19.99, tags: [] });
    expect(validateItemCreate({ ...valid, description: "", tags: ["a"] })).toEqual({
      ...valid,
      description: "",
      tags: ["a"],
    });
  });

  test("limits count characters: 200 emoji are a valid name, 201 are not", () => {
    expect(validateItemCreate({ ...valid, name: "😀".repeat(200) }).name).toHaveLength(400);
    expect(problemOf({ ...valid, name: "😀".repeat(201) })).toBe(
      "name must be 1 to 200 characters long (got 201)",
    );
  });

  test.each([
    [[1], "body must be a JSON object (got array)"],
    ["x", "body must be a JSON object (got string)"],
    [null, "body must be a JSON object (got null)"],
    [{}, "name is required; price is required"],
    [{ price: 1 }, "name is required"],
    [{ ...valid, color: "red" }, 'unknown field "color" (allowed: name, description, price, tags)'],
    [{ ...valid, version: 1 }, 'unknown field "version" (allowed: name, description, price, tags)'],
    [{ ...valid, name: 5 }, "name must be a string (got number)"],
    [{ ...valid, name: "" }, "name must be 1 to 200 characters long (got 0)"],
    [{ ...valid, name: "x".repeat(201) }, "name must be 1 to 200 characters long (got 201)"],
    [{ ...valid, description: null }, "description must be a string (got null)"],
    [
      { ...valid, description: "x".repeat(2001) },
      "description must be at most 2000 characters long (got 2001)",
    ],
    [{ ...valid, price: "10" }, "price must be a number (got string)"],
    [{ ...valid, price: -0.01 }, "price must be a number >= 0"],
    [{ ...valid, price: ITEM_LIMITS.maxPrice + 1 }, "price must be a number <= 1000000000"],
    [{ ...valid, price: Number.POSITIVE_INFINITY }, "price must be a number <= 1000000000"],
    [{ ...valid, price: Number.NaN }, "price must be a number >= 0"],
    [{ ...valid, price: 1.005 }, "price must have at most 2 decimal places (got 1.005)"],
    [{ ...valid, price: 1e-200 }, "price must have at most 2 decimal places (got 1e-200)"],
    [{ ...valid, tags: "a,b" }, "tags must be an array of strings (got string)"],
    [{ ...valid, tags: ["a", 1] }, "tags[1] must be a string (got number)"],
    [{ ...valid, tags: [""] }, "tags[0] must be 1 to 50 characters long (got 0)"],
    [{ ...valid, tags: ["x".repeat(51)] }, "tags[0] must be 1 to 50 characters long (got 51)"],
    [{ ...valid, tags: ["a", "b", "a"] }, 'tags must not contain duplicates ("a" appears more than once)'],
    [
      { ...valid, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      "tags must have at most 20 entries (got 21)",
    ],
  ])("refuses %j: %s", (body, message) => {
    expect(problemOf(body)).toBe(message);
  });

  test("reports every broken rule at once", () => {
    expect(problemOf({ name: 1, price: -1, extra: true })).toBe(
      'unknown field "extra" (allowed: name, description, price, tags); name must be a string (got number); price must be a number >= 0',
    );
  });

  test("a __proto__ field is an unknown field, not a prototype", () => {
    expect(problemOf(JSON.parse('{"name":"x","price":1,"__proto__":{"admin":true}}'))).toMatch(
      /^unknown field "__proto__"/,
    );
  });

  test.each([[0], [0.5], [19.99], [ITEM_LIMITS.maxPrice], [999_999_999.99]])("accepts price %p", (price) => {
    expect(validateItemCreate({ ...valid, price }).price).toBe(price);
  });
});

describe("validateItemUpdate", () => {
  test("accepts an optional version and returns it apart", () => {
    expect(validateItemUpdate({ ...valid, version: 3 })).toEqual({ ...valid, tags: [], version: 3 });
    expect(validateItemUpdate(valid)).toEqual({ ...valid, tags: [] });
  });

  test.each([[0], [1.5], ["3"], [null]])("refuses version %p", (version) => {
    expect(problemOf({ ...valid, version }, validateItemUpdate)).toBe("version must be an integer >= 1");
  });
});

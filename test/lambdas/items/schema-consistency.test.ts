/**
 * The hand-written validator and the JSON Schemas (published as API Gateway request models) must accept
 * exactly the same bodies. ajv (draft-04) is the reference here, in tests only: it stays out of the bundle.
 */
import Ajv from "ajv-draft-04";
import fc from "fast-check";
import { bodySchemas, ITEM_LIMITS, itemCreateSchema, itemUpdateSchema } from "../../../api/items-schema";
import { validateItemCreate, validateItemUpdate } from "../../../lambdas/items/validation";
import { anyItemBody } from "../fixtures/items";

// ajv divides floats for multipleOf; this tolerance accepts every price with 2 decimals up to the maximum.
const ajv = new Ajv({ allErrors: true, multipleOfPrecision: 4 });
const schemaAccepts = {
  create: ajv.compile(itemCreateSchema),
  update: ajv.compile(itemUpdateSchema),
};

function validatorAccepts(validate: (body: unknown) => unknown, body: unknown): boolean {
  try {
    validate(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * Prices within ajv's float tolerance of a cent but with more decimals (e.g. 0.010000001, 1e-200): ajv
 * accepts them, an exact decimal check (ours, and API Gateway's) does not. Those bodies are not compared.
 */
function floatAmbiguousPrice(body: unknown): boolean {
  const price = (body as { price?: unknown } | null)?.price;
  if (typeof price !== "number") return false;
  const cents = price * 10 ** ITEM_LIMITS.priceDecimals;
  const hasTwoDecimals = !String(price).includes("e") && (String(price).split(".")[1] ?? "").length <= 2;
  return !hasTwoDecimals && Math.abs(Math.round(cents) - cents) < 1e-4;
}

/** What the handler sees: the body after a trip through JSON text. */
const asJson = (body: unknown): unknown => JSON.parse(JSON.stringify(body) ?? "null");

test.each([
  ["create", validateItemCreate],
  ["update", validateItemUpdate],
] as const)("%s: the validator and the schema agree on every generated body", (kind, validate) => {
  fc.assert(
    fc.property(
      anyItemBody.map(asJson).filter((body) => !floatAmbiguousPrice(body)),
      fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
      (generated, version) => {
        // Prepare: update bodies may also carry a version
        const body =
          kind === "update" && version !== undefined && typeof generated === "object" && generated !== null
            ? { ...generated, version }
            : generated;
        // Act / Assess: a boolean, not expect(), keeps 600 runs fast; fast-check prints the counterexample
        return validatorAccepts(validate, body) === schemaAccepts[kind](body);
      },
    ),
    { numRuns: 600 },
  );
});

test("the schemas use only keywords the validator implements", () => {
  // A new keyword in schema.ts must be implemented in validation.ts before this list is extended.
  const fieldKeywords = (schema: object) =>
    Object.values((schema as { properties: Record<string, object> }).properties).flatMap((field) => [
      ...Object.keys(field),
      ...Object.keys((field as { items?: object }).items ?? {}),
    ]);
  const used = new Set([...fieldKeywords(itemCreateSchema), ...fieldKeywords(itemUpdateSchema)]);
  expect([...used].sort()).toEqual(
    [
      "items",
      "maxItems",
      "maxLength",
      "maximum",
      "minLength",
      "minimum",
      "multipleOf",
      "type",
      "uniqueItems",
    ].sort(),
  );
  expect(Object.keys(bodySchemas)).toEqual(["ItemCreate", "ItemUpdate"]);
  expect(itemCreateSchema.properties.price.multipleOf).toBe(0.01);
});

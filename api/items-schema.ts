/**
 * JSON Schema (draft 4, the dialect API Gateway models use) of the items request bodies. The items handler
 * validates against the same rules, and the REST stacks publish these as request models, so API Gateway and
 * the Lambda agree on what a valid body is.
 */

export const ITEM_LIMITS = {
  nameMaxLength: 200,
  descriptionMaxLength: 2000,
  maxTags: 20,
  tagMaxLength: 50,
  /** Largest request body the handler accepts, in bytes (UTF-8). */
  maxBodyBytes: 16 * 1024,
  maxPrice: 1_000_000_000,
  /** Prices are money: at most this many decimal places (and DynamoDB cannot store e.g. 1e-200). */
  priceDecimals: 2,
} as const;

const itemFields = {
  name: { type: "string", minLength: 1, maxLength: ITEM_LIMITS.nameMaxLength },
  description: { type: "string", maxLength: ITEM_LIMITS.descriptionMaxLength },
  price: {
    type: "number",
    minimum: 0,
    maximum: ITEM_LIMITS.maxPrice,
    multipleOf: 1 / 10 ** ITEM_LIMITS.priceDecimals,
  },
  tags: {
    type: "array",
    maxItems: ITEM_LIMITS.maxTags,
    uniqueItems: true,
    items: { type: "string", minLength: 1, maxLength: ITEM_LIMITS.tagMaxLength },
  },
} as const;

export const itemCreateSchema = {
  $schema: "http://json-schema.org/draft-04/schema#",
  title: "ItemCreate",
  type: "object",
  properties: itemFields,
  required: ["name", "price"],
  additionalProperties: false,
} as const;

/** PUT replaces the mutable fields; `version` may carry the optimistic-lock version instead of If-Match. */
export const itemUpdateSchema = {
  $schema: "http://json-schema.org/draft-04/schema#",
  title: "ItemUpdate",
  type: "object",
  properties: { ...itemFields, version: { type: "integer", minimum: 1 } },
  required: ["name", "price"],
  additionalProperties: false,
} as const;

export const bodySchemas = { ItemCreate: itemCreateSchema, ItemUpdate: itemUpdateSchema } as const;

/**
 * Hand-written checks of the item bodies, rule for rule the JSON Schemas in `api/items-schema.ts` (no schema engine in
 * the bundle). Every broken rule is reported, each naming its field and the rule.
 * test/lambdas/items/schema-consistency.test.ts compares this file with the schemas on generated bodies.
 */

import { ITEM_LIMITS, itemCreateSchema, itemUpdateSchema } from "../../api/items-schema";
import { BadRequestError, quote } from "../shared/errors";
import { clientFields, type ItemFields } from "./item";

export type ItemUpdateFields = ItemFields & {
  /** The version the client read, when sent in the body instead of If-Match. */
  version?: number;
};

type Body = Record<string, unknown>;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** JSON Schema counts characters (code points), not UTF-16 units: "😀" is 1 character. */
function characters(value: string): number {
  return [...value].length;
}

function checkName(value: unknown): string[] {
  if (typeof value !== "string") return [`name must be a string (got ${kindOf(value)})`];
  const length = characters(value);
  return length < 1 || length > ITEM_LIMITS.nameMaxLength
    ? [`name must be 1 to ${ITEM_LIMITS.nameMaxLength} characters long (got ${length})`]
    : [];
}

function checkDescription(value: unknown): string[] {
  if (typeof value !== "string") return [`description must be a string (got ${kindOf(value)})`];
  const length = characters(value);
  return length > ITEM_LIMITS.descriptionMaxLength
    ? [`description must be at most ${ITEM_LIMITS.descriptionMaxLength} characters long (got ${length})`]
    : [];
}

/** At most `priceDecimals` decimal places; exponent forms (1e-7) have more, large ones exceed the maximum. */
function hasAllowedDecimals(price: number): boolean {
  const [, fraction = ""] = String(price).split(".");
  return !String(price).includes("e") && fraction.length <= ITEM_LIMITS.priceDecimals;
}

function checkPrice(value: unknown): string[] {
  if (typeof value !== "number") return [`price must be a number (got ${kindOf(value)})`];
  // Written so that NaN (which JSON cannot carry, but a caller might) fails too.
  if (!(value >= 0)) return ["price must be a number >= 0"];
  if (value > ITEM_LIMITS.maxPrice) return [`price must be a number <= ${ITEM_LIMITS.maxPrice}`];
  return hasAllowedDecimals(value)
    ? []
    : [`price must have at most ${ITEM_LIMITS.priceDecimals} decimal places (got ${value})`];
}

function checkTags(value: unknown): string[] {
  if (!Array.isArray(value)) return [`tags must be an array of strings (got ${kindOf(value)})`];
  const problems: string[] = [];
  if (value.length > ITEM_LIMITS.maxTags) {
    problems.push(`tags must have at most ${ITEM_LIMITS.maxTags} entries (got ${value.length})`);
  }
  const seen = new Set<string>();
  for (const [index, tag] of value.entries()) {
    if (typeof tag !== "string") {
      problems.push(`tags[${index}] must be a string (got ${kindOf(tag)})`);
      continue;
    }
    const length = characters(tag);
    if (length < 1 || length > ITEM_LIMITS.tagMaxLength) {
      problems.push(
        `tags[${index}] must be 1 to ${ITEM_LIMITS.tagMaxLength} characters long (got ${length})`,
      );
    }
    if (seen.has(tag)) {
      problems.push(`tags must not contain duplicates (${quote(tag)} appears more than once)`);
    }
    seen.add(tag);
  }
  return problems;
}

function checkVersion(value: unknown): string[] {
  return typeof value === "number" && Number.isInteger(value) && value >= 1
    ? []
    : ["version must be an integer >= 1"];
}

type UpdateField = keyof typeof itemUpdateSchema.properties;

/** One check per property of the schemas: a property added there without its check here does not compile. */
const fieldChecks: { readonly [Field in UpdateField]: (value: unknown) => string[] } = {
  name: checkName,
  description: checkDescription,
  price: checkPrice,
  tags: checkTags,
  version: checkVersion,
};

interface ObjectSchema {
  readonly properties: Readonly<Record<string, unknown>>;
  readonly required: readonly string[];
}

/** The body as a record once every rule of `schema` holds; otherwise one 400 listing every problem. */
function checkBody(body: unknown, schema: ObjectSchema): Body {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadRequestError(`body must be a JSON object (got ${kindOf(body)})`);
  }
  const record = body as Body;
  const allowed = Object.keys(schema.properties);
  const problems: string[] = [];
  for (const field of Object.keys(record)) {
    if (!allowed.includes(field))
      problems.push(`unknown field ${quote(field)} (allowed: ${allowed.join(", ")})`);
  }
  for (const field of schema.required) {
    if (!Object.hasOwn(record, field)) problems.push(`${field} is required`);
  }
  for (const field of allowed) {
    if (Object.hasOwn(record, field)) problems.push(...fieldChecks[field as UpdateField](record[field]));
  }
  if (problems.length > 0) throw new BadRequestError(problems.join("; "), { details: { errors: problems } });
  return record;
}

/** Only the item fields are kept: the stored item never carries anything the schema does not name. */
export function validateItemCreate(body: unknown): ItemFields {
  return clientFields(checkBody(body, itemCreateSchema));
}

export function validateItemUpdate(body: unknown): ItemUpdateFields {
  const record = checkBody(body, itemUpdateSchema);
  return {
    ...clientFields(record),
    ...(record.version === undefined ? {} : { version: record.version as number }),
  };
}

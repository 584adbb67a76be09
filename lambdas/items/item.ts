/**
 * The item as clients see it and as it is stored (one DynamoDB item per item, key `id`). The fields a client
 * writes come from the body schema in `api/items-schema.ts`: a field added there is typed, copied, stored and
 * replaced by PUT without further code here or in the repository (validation.ts needs its check).
 */
import { itemCreateSchema } from "../../api/items-schema";

type Properties = typeof itemCreateSchema.properties;
type RequiredField = (typeof itemCreateSchema.required)[number];
/** The TypeScript type of a value a JSON Schema property accepts. */
type ValueOf<Schema> = Schema extends { type: "string" }
  ? string
  : Schema extends { type: "number" | "integer" }
    ? number
    : Schema extends { type: "boolean" }
      ? boolean
      : Schema extends { type: "array"; items: infer Items }
        ? ValueOf<Items>[]
        : never;
/** List fields are always stored: empty when the body leaves them out. */
type ListField = {
  [Field in keyof Properties]: Properties[Field] extends { type: "array" } ? Field : never;
}[keyof Properties];
type OptionalField = Exclude<keyof Properties, RequiredField | ListField>;

/** The fields a client writes (POST creates them, PUT replaces them). */
export type ItemFields = { [Field in RequiredField | ListField]: ValueOf<Properties[Field]> } & {
  [Field in OptionalField]?: ValueOf<Properties[Field]>;
};

export type Item = ItemFields & {
  /** Server-generated, lower-case UUID. */
  id: string;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  /** Starts at 1, +1 per update; the optimistic-lock token (ETag / If-Match). */
  version: number;
};

/** The names of the fields a client writes, in the schema's order. */
export const ITEM_FIELDS = Object.keys(itemCreateSchema.properties) as (keyof Properties)[];

/**
 * Only the client fields of `record`, in the schema's order: anything the schema does not name is dropped, an
 * absent optional field stays absent and an absent list is empty.
 */
export function clientFields(record: Readonly<Record<string, unknown>>): ItemFields {
  const fields: Record<string, unknown> = {};
  for (const field of ITEM_FIELDS) {
    const value = record[field];
    if (value !== undefined) fields[field] = value;
    else if (itemCreateSchema.properties[field].type === "array") fields[field] = [];
  }
  return fields as ItemFields;
}

/** The table's primary key: DynamoDB's ExclusiveStartKey / LastEvaluatedKey. */
export interface ItemKey {
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isItemId(value: unknown): value is string {
  return typeof value === "string" && uuid.test(value);
}

/** The item as clients see it and as it is stored (one DynamoDB item per item, key `id`). */

/** The fields a client writes (POST creates them, PUT replaces them). */
export interface ItemFields {
  name: string;
  description?: string;
  price: number;
  tags: string[];
}

export interface Item extends ItemFields {
  /** Server-generated, lower-case UUID. */
  id: string;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  /** Starts at 1, +1 per update; the optimistic-lock token (ETag / If-Match). */
  version: number;
}

/** The table's primary key: DynamoDB's ExclusiveStartKey / LastEvaluatedKey. */
export interface ItemKey {
  id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isItemId(value: unknown): value is string {
  return typeof value === "string" && uuid.test(value);
}

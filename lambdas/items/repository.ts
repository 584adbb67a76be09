/**
 * Items in DynamoDB (hash key `id`, nothing else). Conditional writes enforce existence and the optimistic
 * lock; when a condition fails, one consistent read tells "gone" (404) from "changed meanwhile" (409).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { ItemNotFoundError, VersionConflictError } from "../shared/errors";
import { clientFields, ITEM_FIELDS, type Item, type ItemFields, type ItemKey } from "./item";

export interface ItemPage {
  items: Item[];
  /** Present when the scan stopped before the end of the table. */
  lastKey?: ItemKey;
}

/** Only the item's own attributes, in a stable order, whatever else the stored record holds. */
function toItem(record: Record<string, unknown>): Item {
  return {
    id: record.id as string,
    ...clientFields(record),
    createdAt: record.createdAt as string,
    updatedAt: record.updatedAt as string,
    version: record.version as number,
  };
}

/**
 * The update of a PUT, built from the names of the client fields (the schema's, by default): each field the
 * body has is set, each it lacks is removed, then the timestamp and the next version; the condition is the
 * optimistic lock. Placeholders are numbered, so any property name of the schema is safe in the expression.
 */
export function replaceUpdate(
  fields: Readonly<Record<string, unknown>>,
  expectedVersion: number,
  updatedAt: string,
  fieldNames: readonly string[] = ITEM_FIELDS,
): Pick<
  UpdateCommandInput,
  "UpdateExpression" | "ConditionExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"
> {
  const names: Record<string, string> = { "#id": "id", "#updatedAt": "updatedAt", "#version": "version" };
  const values: Record<string, unknown> = {
    ":updatedAt": updatedAt,
    ":next": expectedVersion + 1,
    ":expected": expectedVersion,
  };
  const set: string[] = [];
  const remove: string[] = [];
  fieldNames.forEach((field, index) => {
    names[`#f${index}`] = field;
    if (fields[field] === undefined) remove.push(`#f${index}`);
    else {
      values[`:f${index}`] = fields[field];
      set.push(`#f${index} = :f${index}`);
    }
  });
  set.push("#updatedAt = :updatedAt", "#version = :next");
  return {
    UpdateExpression: `SET ${set.join(", ")}${remove.length > 0 ? ` REMOVE ${remove.join(", ")}` : ""}`,
    ConditionExpression: "attribute_exists(#id) AND #version = :expected",
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export class ItemRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a new item; the condition guards against an id collision overwriting another item. */
  async create(item: Item): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: "attribute_not_exists(#id)",
        ExpressionAttributeNames: { "#id": "id" },
      }),
    );
  }

  async get(id: string, options: { consistent?: boolean } = {}): Promise<Item | undefined> {
    const { Item: record } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: options.consistent }),
    );
    return record ? toItem(record) : undefined;
  }

  async list(limit: number, startAfter?: ItemKey): Promise<ItemPage> {
    const page = await this.client.send(
      new ScanCommand({ TableName: this.tableName, Limit: limit, ExclusiveStartKey: startAfter }),
    );
    const lastKey = page.LastEvaluatedKey as ItemKey | undefined;
    return { items: (page.Items ?? []).map(toItem), ...(lastKey ? { lastKey: { id: lastKey.id } } : {}) };
  }

  /** Replaces the client fields if the item is at `expectedVersion`; returns the item at the next version. */
  async replace(id: string, fields: ItemFields, expectedVersion: number, updatedAt: string): Promise<Item> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          ...replaceUpdate(fields, expectedVersion, updatedAt),
          ReturnValues: "ALL_NEW",
        }),
      );
      return toItem(Attributes ?? {});
    } catch (error) {
      throw await this.explainFailedCondition(error, id, expectedVersion);
    }
  }

  /** Deletes the item if it exists (and, given `expectedVersion`, is at that version). */
  async delete(id: string, expectedVersion?: number): Promise<void> {
    const checksVersion = expectedVersion !== undefined;
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { id },
          ConditionExpression: checksVersion
            ? "attribute_exists(#id) AND #version = :expected"
            : "attribute_exists(#id)",
          ExpressionAttributeNames: { "#id": "id", ...(checksVersion ? { "#version": "version" } : {}) },
          ...(checksVersion ? { ExpressionAttributeValues: { ":expected": expectedVersion } } : {}),
        }),
      );
    } catch (error) {
      throw await this.explainFailedCondition(error, id, expectedVersion);
    }
  }

  /** A failed condition becomes 404 or 409 from the item's current state; other errors pass through. */
  private async explainFailedCondition(
    error: unknown,
    id: string,
    expectedVersion?: number,
  ): Promise<unknown> {
    // By name, not instanceof: robust to two copies of the SDK in one process.
    if ((error as { name?: unknown } | null)?.name !== "ConditionalCheckFailedException") return error;
    const current = expectedVersion === undefined ? undefined : await this.get(id, { consistent: true });
    if (current === undefined || expectedVersion === undefined) return new ItemNotFoundError(id);
    return new VersionConflictError(id, current.version, expectedVersion);
  }
}

/**
 * Adding an item field (docs/forking.md) is a change to the body schema in api/items-schema.ts plus the
 * field's check in lambdas/items/validation.ts: the item's type, the copy of a body's fields and the PUT update
 * all follow from the schema. Here the update runs against a real DynamoDB API (dynalite on loopback).
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { itemCreateSchema } from "../../api/items-schema";
import { clientFields, ITEM_FIELDS } from "../../lambdas/items/item";
import { replaceUpdate } from "../../lambdas/items/repository";
import { type LocalDynamo, startLocalDynamo } from "../support/local-dynamo";

const SERVER_FIELDS = ["id", "updatedAt", "version"];
const TIME = "2025-01-02T03:04:05.000Z";

test("the item's client fields are the schema's properties, in its order", () => {
  expect(ITEM_FIELDS).toEqual(Object.keys(itemCreateSchema.properties));
  // Unknown properties are dropped; a list the body leaves out is empty; other optional fields stay absent.
  expect(clientFields({ price: 2, name: "lamp", extra: true })).toEqual({ name: "lamp", price: 2, tags: [] });
});

test("the PUT update names every schema field: sets those given, removes those left out", () => {
  const update = replaceUpdate({ name: "lamp", price: 2, tags: ["home"] }, 4, TIME);
  const names = update.ExpressionAttributeNames ?? {};
  expect(Object.values(names).filter((name) => !SERVER_FIELDS.includes(name))).toEqual(ITEM_FIELDS);
  const placeholder = (field: string) => Object.keys(names).find((key) => names[key] === field);
  expect(update.UpdateExpression).toContain(`REMOVE ${placeholder("description")}`);
  for (const field of ["name", "price", "tags"])
    expect(update.UpdateExpression).toMatch(`${placeholder(field)} = :`);
  expect(update.ExpressionAttributeValues).toMatchObject({ ":next": 5, ":expected": 4, ":updatedAt": TIME });
});

describe("a field added to the schema, against DynamoDB", () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBDocumentClient;
  const TableName = "items";
  // "size" is a DynamoDB reserved word and "unit-price" no identifier: both must be safe in the expression.
  const fieldNames = [...ITEM_FIELDS, "size", "unit-price"];

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    const raw = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await raw.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    client = DynamoDBDocumentClient.from(raw);
  });
  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  const replace = async (fields: Record<string, unknown>, expected: number) =>
    (
      await client.send(
        new UpdateCommand({
          TableName,
          Key: { id: "a" },
          ...replaceUpdate(fields, expected, TIME, fieldNames),
          ReturnValues: "ALL_NEW",
        }),
      )
    ).Attributes;

  test("is stored by PUT, replaced, and removed when a later PUT leaves it out", async () => {
    await client.send(
      new PutCommand({
        TableName,
        Item: { id: "a", name: "lamp", price: 2, tags: [], createdAt: TIME, updatedAt: TIME, version: 1 },
      }),
    );
    const given = { name: "lamp", price: 3, tags: ["home"], size: "L", "unit-price": 1.5 };
    expect(await replace(given, 1)).toEqual({
      id: "a",
      ...given,
      createdAt: TIME,
      updatedAt: TIME,
      version: 2,
    });
    const without = await replace({ name: "lamp", price: 3, tags: [] }, 2);
    expect(without).not.toHaveProperty("size");
    expect(without).not.toHaveProperty("unit-price");
    expect(without).toMatchObject({ version: 3 });
    // The optimistic lock still holds: a PUT at an old version changes nothing.
    await expect(replace(given, 2)).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
  });
});

/** The embedded DynamoDB: declared tables are created once, and the TTL sweeper deletes expired items. */

import {
  createTables,
  type LocalDynamo,
  startLocalDynamo,
  startTtlSweeper,
  type TableDefinition,
} from "../../local/dynamo";
import { DynamoApiError, dynamoCall } from "../../local/dynamo-api";

const connections: TableDefinition = {
  name: "test-connections",
  hashKey: "connectionId",
  attributes: [
    { name: "connectionId", type: "S" },
    { name: "room", type: "S" },
  ],
  globalIndexes: [{ name: "by-room", hashKey: "room", projectionType: "ALL" }],
  localIndexes: [],
  ttlAttribute: "expiresAt",
};

describe("local DynamoDB", () => {
  let dynamo: LocalDynamo;
  const call = <T = Record<string, unknown>>(operation: string, input: object) =>
    dynamoCall<T>(dynamo.endpoint, "us-east-1", operation, input);

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
  });
  afterAll(() => dynamo.stop());

  test("creates each declared table with its index once", async () => {
    expect(await createTables(dynamo, [connections])).toEqual(["test-connections"]);
    expect(await createTables(dynamo, [connections])).toEqual([]);
    const { Table } = await call<{
      Table: { KeySchema: unknown; GlobalSecondaryIndexes: { IndexName: string }[] };
    }>("DescribeTable", { TableName: "test-connections" });
    expect(Table.KeySchema).toEqual([{ AttributeName: "connectionId", KeyType: "HASH" }]);
    expect(Table.GlobalSecondaryIndexes.map((index) => index.IndexName)).toEqual(["by-room"]);
  });

  test("an error answer rejects with the exception name and message", async () => {
    await expect(call("DescribeTable", { TableName: "missing" })).rejects.toThrow(DynamoApiError);
    await expect(call("DescribeTable", { TableName: "missing" })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: expect.stringContaining("not found"),
    });
  });

  test("the sweeper deletes items whose TTL has passed and keeps the others", async () => {
    await createTables(dynamo, [connections]);
    const now = 1_900_000_000_000;
    const put = (id: string, expiresAt: number) =>
      call("PutItem", {
        TableName: "test-connections",
        Item: { connectionId: { S: id }, room: { S: "r" }, expiresAt: { N: String(expiresAt) } },
      });
    await put("expired", now / 1000 - 1);
    await put("alive", now / 1000 + 3600);
    const stop = startTtlSweeper(dynamo, [connections], 20, () => now);
    try {
      const ids = async () =>
        (
          await call<{ Items: { connectionId: { S: string } }[] }>("Scan", { TableName: "test-connections" })
        ).Items.map((item) => item.connectionId.S);
      const deadline = Date.now() + 5_000;
      while ((await ids()).includes("expired") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await ids()).toEqual(["alive"]);
    } finally {
      stop();
    }
  });
});

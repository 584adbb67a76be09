import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { CONNECTION_TTL_SECONDS } from "../../../api/connections-table";
import { ConnectionStore } from "../../../lambdas/websocket/store";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamo";
import { createConnectionsTable, localDocumentClient } from "./support/connections-table";

const TABLE = "connections-store-test";

describe("ConnectionStore on a real DynamoDB API", () => {
  let dynamo: LocalDynamo;
  let client: ReturnType<typeof localDocumentClient>;
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  let store: ConnectionStore;

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    await createConnectionsTable(dynamo, TABLE);
    client = localDocumentClient(dynamo);
    store = new ConnectionStore(client, TABLE, () => now);
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  const connection = (connectionId: string, room: string, connectedAt = now) => ({
    connectionId,
    room,
    userId: `user-${connectionId}`,
    userName: `name-${connectionId}`,
    connectedAt,
  });

  test("a connection expires 2 h after API Gateway accepted it (the TTL attribute, in epoch seconds)", async () => {
    const added = await store.add(connection("ttl-1", "lobby", now + 999));
    expect(added.expiresAt).toBe(Math.floor((now + 999) / 1000) + CONNECTION_TTL_SECONDS);
    const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { connectionId: "ttl-1" } }));
    expect(Item).toEqual({ ...connection("ttl-1", "lobby", now + 999), expiresAt: added.expiresAt });
  });

  test("get, listRoom and moveToRoom treat a record past its TTL as gone, though DynamoDB still returns it", async () => {
    // Prepare: one live and one expired record in the same room (TTL deletion is lazy).
    await store.add(connection("live", "expiry"));
    await client.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...connection("stale", "expiry"), expiresAt: Math.floor(now / 1000) - 1 },
      }),
    );
    // Act and assess
    expect(await store.get("stale")).toBeUndefined();
    expect((await store.get("live"))?.room).toBe("expiry");
    expect((await store.listRoom("expiry")).map((c) => c.connectionId)).toEqual(["live"]);
    expect(await store.moveToRoom("stale", "lobby")).toBeUndefined();
    const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { connectionId: "stale" } }));
    expect(Item?.room).toBe("expiry");
  });

  test("a connection is live until the second its TTL names", async () => {
    const added = await store.add(connection("edge", "edge"));
    const saved = now;
    try {
      now = added.expiresAt * 1000 - 1;
      expect(await store.get("edge")).toBeDefined();
      now = added.expiresAt * 1000;
      expect(await store.get("edge")).toBeUndefined();
      expect(await store.listRoom("edge")).toEqual([]);
    } finally {
      now = saved;
    }
  });

  test("moveToRoom returns the room left; listRoom sees the move", async () => {
    await store.add(connection("mover", "a-room"));
    expect(await store.moveToRoom("mover", "b-room")).toBe("a-room");
    expect((await store.listRoom("a-room")).map((c) => c.connectionId)).not.toContain("mover");
    expect((await store.listRoom("b-room")).map((c) => c.connectionId)).toContain("mover");
  });

  test("moveToRoom on an unknown connection is undefined, and creates nothing", async () => {
    expect(await store.moveToRoom("never-connected", "lobby")).toBeUndefined();
    const { Item } = await client.send(
      new GetCommand({ TableName: TABLE, Key: { connectionId: "never-connected" } }),
    );
    expect(Item).toBeUndefined();
  });

  test("remove forgets a connection; removing an unknown one is fine", async () => {
    await store.add(connection("leaver", "lobby"));
    await store.remove("leaver");
    expect(await store.get("leaver")).toBeUndefined();
    await expect(store.remove("leaver")).resolves.toBeUndefined();
  });

  test("listRoom reads every page of a big room", async () => {
    // 400 records of ~3 KB exceed DynamoDB's 1 MB page, so the query takes several pages.
    const padding = "x".repeat(3_000);
    await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        client.send(
          new PutCommand({
            TableName: TABLE,
            Item: {
              ...connection(`big-${i}`, "big"),
              userName: padding,
              expiresAt: Math.floor(now / 1000) + 60,
            },
          }),
        ),
      ),
    );
    const firstPage = await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: "byRoom",
        KeyConditionExpression: "room = :room",
        ExpressionAttributeValues: { ":room": "big" },
      }),
    );
    expect(firstPage.LastEvaluatedKey).toBeDefined();
    const members = await store.listRoom("big");
    expect(new Set(members.map((c) => c.connectionId)).size).toBe(400);
  });
});

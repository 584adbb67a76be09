/**
 * The route handlers with realistic events, against a real DynamoDB API (dynalite) and a local @connections
 * API: registration, rooms, broadcast, acks, stale connections, and every kind of bad frame.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { WebSocketEvent, WebSocketResult } from "../../../lambdas/websocket/event";
import { websocketHandler } from "../../../lambdas/websocket/handler";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamo";
import { silenceLogs } from "../fixtures/results";
import { createConnectionsTable, localDocumentClient } from "./support/connections-table";
import { type ConnectionOptions, connectEvent, disconnectEvent, messageEvent } from "./support/events";
import { type ManagementApi, startManagementApi } from "./support/management-api";

silenceLogs();

type Handler = (event: unknown) => Promise<WebSocketResult>;
const TABLE = "connections-handlers-test";
const MAX_MESSAGE_BYTES = 64;

const handlers = {} as Record<"connect" | "disconnect" | "sendMessage" | "joinRoom" | "fallback", Handler>;
let dynamo: LocalDynamo;
let api: ManagementApi;
let client: ReturnType<typeof localDocumentClient>;
/** Frames the local @connections API delivered, by connection id. */
const inbox = new Map<string, unknown[]>();
/** Connection ids the local @connections API knows (the others answer 410). */
const open = new Set<string>();
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await createConnectionsTable(dynamo, TABLE);
  client = localDocumentClient(dynamo);
  api = await startManagementApi({
    deliver: (id, data) => {
      if (!open.has(id)) return false;
      inbox.set(id, [...(inbox.get(id) ?? []), JSON.parse(data)]);
      return true;
    },
  });
  Object.assign(process.env, dynamo.clientEnvironment, {
    CONNECTIONS_TABLE: TABLE,
    CONNECTIONS_ENDPOINT: api.endpoint,
    MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
  });
  // The handlers read their environment when loaded, as in Lambda.
  handlers.connect = (await import("../../../lambdas/websocket/connect")).handler;
  handlers.disconnect = (await import("../../../lambdas/websocket/disconnect")).handler;
  handlers.sendMessage = (await import("../../../lambdas/websocket/send-message")).handler;
  handlers.joinRoom = (await import("../../../lambdas/websocket/join-room")).handler;
  handlers.fallback = (await import("../../../lambdas/websocket/default")).handler;
});

afterAll(async () => {
  process.env = savedEnv;
  client.destroy();
  await api.stop();
  await dynamo.stop();
});

beforeEach(() => {
  inbox.clear();
  api.requests.length = 0;
});

const record = async (connectionId: string) =>
  (await client.send(new GetCommand({ TableName: TABLE, Key: { connectionId } }))).Item;

const frameOf = (result: WebSocketResult) => JSON.parse(result.body ?? "null");

/** Connects a user the way API Gateway does after the authorizer allowed it. */
async function connect(name: string, room?: string): Promise<ConnectionOptions> {
  const connection = {
    connectionId: `${name}-${Math.random().toString(36).slice(2, 8)}=`,
    authorizer: { sub: `sub-${name}`, name },
  };
  const result = await handlers.connect(
    connectEvent({ ...connection, query: room ? { token: "jwt", room } : { token: "jwt" } }),
  );
  expect(result.statusCode).toBe(200);
  open.add(connection.connectionId);
  return connection;
}

describe("$connect", () => {
  test("registers the authorized user in the lobby by default, with a 2 h TTL", async () => {
    // Prepare
    const event = connectEvent({
      connectionId: "c1=",
      authorizer: { sub: "sub-1", name: "ada" },
      connectedAt: 1_700_000_000_123,
    });
    // Act
    const result = await handlers.connect(event);
    // Assess
    expect(result.statusCode).toBe(200);
    expect(await record("c1=")).toEqual({
      connectionId: "c1=",
      room: "lobby",
      userId: "sub-1",
      userName: "ada",
      connectedAt: 1_700_000_000_123,
      expiresAt: 1_700_000_000 + 7_200,
    });
  });

  test("joins the room named in the query string", async () => {
    await handlers.connect(
      connectEvent({
        connectionId: "c2=",
        authorizer: { sub: "s", name: "n" },
        query: { token: "t", room: "random" },
      }),
    );
    expect((await record("c2="))?.room).toBe("random");
  });

  test("a bad room rejects the handshake with 400 and registers nothing", async () => {
    const result = await handlers.connect(
      connectEvent({
        connectionId: "c3=",
        authorizer: { sub: "s", name: "n" },
        query: { room: "Not A Room" },
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(frameOf(result)).toMatchObject({ type: "error", error: "invalid_room" });
    expect(await record("c3=")).toBeUndefined();
  });

  test("without the authorizer's context the handshake is rejected with 401", async () => {
    const result = await handlers.connect(connectEvent({ connectionId: "c4=" }));
    expect(result.statusCode).toBe(401);
    expect(await record("c4=")).toBeUndefined();
  });
});

describe("$disconnect", () => {
  test("forgets the connection; an unknown one is fine too", async () => {
    const alice = await connect("alice-d");
    expect((await handlers.disconnect(disconnectEvent(alice))).statusCode).toBe(200);
    expect(await record(alice.connectionId as string)).toBeUndefined();
    expect((await handlers.disconnect(disconnectEvent({ connectionId: "never=" }))).statusCode).toBe(200);
  });
});

describe("sendMessage", () => {
  test("broadcasts to everyone in the sender's room, sender included, and acks the sender with the message id", async () => {
    // Prepare
    const alice = await connect("alice", "lobby-1");
    const bob = await connect("bob", "lobby-1");
    const carol = await connect("carol", "random-1");
    const event = messageEvent(
      "sendMessage",
      { action: "sendMessage", room: "lobby-1", text: "hi all 👋" },
      alice,
    );
    // Act
    const result = await handlers.sendMessage(event);
    // Assess
    const sentAt = new Date(event.requestContext.requestTimeEpoch).toISOString();
    const id = event.requestContext.messageId;
    expect(result.statusCode).toBe(200);
    expect(frameOf(result)).toEqual({
      type: "ack",
      action: "sendMessage",
      id,
      room: "lobby-1",
      sentAt,
      delivered: 2,
    });
    const message = { type: "message", id, room: "lobby-1", from: "alice", text: "hi all 👋", sentAt };
    expect(inbox.get(alice.connectionId as string)).toEqual([message]);
    expect(inbox.get(bob.connectionId as string)).toEqual([message]);
    expect(inbox.get(carol.connectionId as string)).toBeUndefined();
  });

  test("without a room it goes to the sender's current room", async () => {
    const dan = await connect("dan", "quiet");
    const result = await handlers.sendMessage(
      messageEvent("sendMessage", { action: "sendMessage", text: "anyone?" }, dan),
    );
    expect(frameOf(result)).toMatchObject({ type: "ack", room: "quiet", delivered: 1 });
  });

  test("a stale connection (410) is deleted from the table; the broadcast still reaches the others", async () => {
    // Prepare: a record whose connection API Gateway no longer knows ($disconnect never arrived).
    const erin = await connect("erin", "stale-room");
    await client.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          connectionId: "ghost=",
          room: "stale-room",
          userId: "g",
          userName: "g",
          connectedAt: Date.now(),
          expiresAt: Math.floor(Date.now() / 1000) + 600,
        },
      }),
    );
    // Act
    const result = await handlers.sendMessage(
      messageEvent("sendMessage", { action: "sendMessage", text: "boo" }, erin),
    );
    // Assess
    expect(frameOf(result)).toMatchObject({ type: "ack", delivered: 1 });
    expect(await record("ghost=")).toBeUndefined();
    expect(await record(erin.connectionId as string)).toBeDefined();
    expect(inbox.get(erin.connectionId as string)).toHaveLength(1);
  });

  test.each([
    ["no text", { action: "sendMessage" }, "invalid_message", /text is required/],
    ["text that is not a string", { action: "sendMessage", text: 7 }, "invalid_message", /must be a string/],
    ["blank text", { action: "sendMessage", text: "   " }, "invalid_message", /blank/],
    [
      "text over the limit",
      { action: "sendMessage", text: "é".repeat(33) },
      "invalid_message",
      /66 bytes, over the 64/,
    ],
    ["a control character", { action: "sendMessage", text: "\u0007ding" }, "invalid_message", /control/],
    [
      "a malformed room",
      { action: "sendMessage", room: "../etc", text: "hi" },
      "invalid_room",
      /room "..\/etc"/,
    ],
    [
      "another room than the sender's",
      { action: "sendMessage", room: "elsewhere", text: "hi" },
      "not_in_room",
      /joinRoom/,
    ],
  ])(
    "%s gets an error frame for the sender only, and nothing is pushed",
    async (_label, body, code, message) => {
      const frank = await connect("frank", "checks");
      await connect("grace", "checks");
      api.requests.length = 0;
      const result = await handlers.sendMessage(messageEvent("sendMessage", body, frank));
      expect(result.statusCode).toBe(200);
      expect(frameOf(result)).toMatchObject({
        type: "error",
        error: code,
        message: expect.stringMatching(message),
      });
      expect(api.requests).toHaveLength(0);
    },
  );

  test("a frame that is not JSON (routed here by a client) gets an error frame", async () => {
    const henry = await connect("henry");
    const result = await handlers.sendMessage(messageEvent("sendMessage", '{"action":"sendMessage",', henry));
    expect(frameOf(result)).toMatchObject({ type: "error", error: "invalid_frame" });
  });

  test("a connection the table does not know is told to reconnect", async () => {
    const result = await handlers.sendMessage(
      messageEvent("sendMessage", { action: "sendMessage", text: "hi" }, { connectionId: "unknown=" }),
    );
    expect(frameOf(result)).toMatchObject({
      type: "error",
      error: "unknown_connection",
      message: expect.stringMatching(/reconnect/),
    });
    expect(api.requests).toHaveLength(0);
  });
});

describe("joinRoom", () => {
  test("moves the connection: the answer names both rooms and later broadcasts follow", async () => {
    const ivy = await connect("ivy", "before");
    const jack = await connect("jack", "after");
    const joined = await handlers.joinRoom(
      messageEvent("joinRoom", { action: "joinRoom", room: "after" }, ivy),
    );
    expect(frameOf(joined)).toEqual({ type: "joined", room: "after", previousRoom: "before" });
    const result = await handlers.sendMessage(
      messageEvent("sendMessage", { action: "sendMessage", text: "hey" }, jack),
    );
    expect(frameOf(result)).toMatchObject({ room: "after", delivered: 2 });
    expect(inbox.get(ivy.connectionId as string)).toEqual([
      expect.objectContaining({ text: "hey", from: "jack" }),
    ]);
  });

  test.each([
    ["no room", { action: "joinRoom" }, "invalid_room"],
    ["a bad room", { action: "joinRoom", room: "UPPER" }, "invalid_room"],
    ["a room that is not a string", { action: "joinRoom", room: 1 }, "invalid_room"],
  ])("%s is refused", async (_label, body, code) => {
    const kim = await connect("kim");
    expect(frameOf(await handlers.joinRoom(messageEvent("joinRoom", body, kim)))).toMatchObject({
      type: "error",
      error: code,
    });
  });

  test("an unknown connection is told to reconnect", async () => {
    const result = await handlers.joinRoom(
      messageEvent("joinRoom", { action: "joinRoom", room: "x" }, { connectionId: "nobody=" }),
    );
    expect(frameOf(result)).toMatchObject({ error: "unknown_connection" });
  });
});

describe("$default", () => {
  test("answers ping with pong", async () => {
    expect(frameOf(await handlers.fallback(messageEvent("$default", { action: "ping" })))).toEqual({
      type: "pong",
    });
  });

  test.each([
    ["an unknown action", { action: "dance" }, "unknown_action", /unknown action "dance"/],
    ["no action", { text: "hi" }, "unknown_action", /no action/],
    ["plain text", "hello?", "invalid_frame", /not JSON/],
    ["a JSON array", "[1,2]", "invalid_frame", /JSON object/],
    ["an empty frame", "", "invalid_frame", /empty/],
  ])("answers %s with an error frame that shows every action", async (_label, body, code, message) => {
    const event = messageEvent("$default", body);
    const result = await handlers.fallback(event);
    expect(result.statusCode).toBe(200);
    expect(frameOf(result)).toEqual({
      type: "error",
      error: code,
      message: expect.stringMatching(message),
      requestId: event.requestContext.requestId,
      actions: {
        sendMessage: { action: "sendMessage", room: "lobby", text: "hello" },
        joinRoom: { action: "joinRoom", room: "random" },
        ping: { action: "ping" },
      },
    });
  });

  test("a binary frame gets an error frame", async () => {
    const result = await handlers.fallback(messageEvent("$default", "AAEC", { isBase64Encoded: true }));
    expect(frameOf(result)).toMatchObject({
      error: "invalid_frame",
      message: expect.stringMatching(/binary/),
    });
  });
});

describe("the handler wrapper", () => {
  test("an event that is not a WebSocket event is a 500, never a throw", async () => {
    for (const event of [
      undefined,
      null,
      {},
      { requestContext: {} },
      "text",
      { requestContext: { connectionId: "" } },
    ]) {
      expect(await handlers.fallback(event)).toEqual({ statusCode: 500 });
    }
  });

  test("an unexpected failure is a generic error frame with status 500; the detail stays in the log", async () => {
    const failing = websocketHandler(async () => {
      throw new Error("ResourceNotFoundException: table secret-table-name");
    });
    const result = await failing(
      messageEvent("sendMessage", { action: "sendMessage", text: "x" }) as WebSocketEvent,
    );
    expect(result.statusCode).toBe(500);
    expect(frameOf(result)).toMatchObject({
      type: "error",
      error: "internal_error",
      message: "internal error: try again later",
    });
    expect(result.body).not.toMatch(/secret-table-name/);
  });
});

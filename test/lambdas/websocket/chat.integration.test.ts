/**
 * End to end with real protocols: the synthesized zips (each in its own process, with the environment the
 * Terraform declares), a DynamoDB API (dynalite) with the table created from the synthesized
 * `aws_dynamodb_table`, a JWKS issuer, and real WebSocket clients (`ws`) talking to a loopback gateway whose
 * `@connections` API answers POST 200, unknown id 410, DELETE 204.
 */
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import WebSocket from "ws";
import { WebSocketStack } from "../../../stacks/websocket/stack";
import { ArtifactProcess, unzipArtifact } from "../../support/artifact";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamo";
import { resolveReference, resourcesOf, synthStack, type TerraformJson } from "../../support/synth";
import { createTableFromTerraform, localDocumentClient } from "./support/connections-table";
import { type Gateway, startGateway } from "./support/gateway";
import { type LocalIssuer, startLocalIssuer } from "./support/issuer";

const CLIENT_ID = "chat-client";
type Frame = Record<string, unknown>;

/** A chat client on a real WebSocket. */
class ChatClient {
  readonly frames: Frame[] = [];
  /** The connection id the gateway gave this socket. */
  id = "";
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Opens a connection, or rejects with the handshake's HTTP status. */
  static open(url: string, query: Record<string, string>): Promise<ChatClient> {
    const socket = new WebSocket(`${url}?${new URLSearchParams(query)}`);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new ChatClient(socket)));
      socket.once("unexpected-response", (_request, response) =>
        reject(new HandshakeRejected(response.statusCode ?? 0)),
      );
      socket.once("error", reject);
    });
  }

  send(frame: Frame | string): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first frame (received so far or later) matching `fields`, removed from the inbox. */
  async next(fields: Frame, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((frame) =>
        Object.entries(fields).every(([k, v]) => frame[k] === v),
      );
      if (index >= 0) return this.frames.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no frame like ${JSON.stringify(fields)}; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close(1000);
    });
  }
}

class HandshakeRejected extends Error {
  constructor(readonly status: number) {
    super(`handshake rejected with ${status}`);
  }
}

async function handshakeStatus(url: string, query: Record<string, string>): Promise<number> {
  try {
    const client = await ChatClient.open(url, query);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof HandshakeRejected) return error.status;
    throw error;
  }
}

/** The declared environment with `${aws_x.y.attr}` references resolved to the synthesized literal. */
function declaredEnvironment(json: TerraformJson, fn: Record<string, unknown>): Record<string, string> {
  const variables = (fn.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {};
  return Object.fromEntries(
    Object.entries(variables).map(([key, value]) => {
      const attribute = /^\$\{[a-z0-9_]+\.[^.]+\.([a-z_]+)\}$/.exec(value)?.[1];
      return [key, attribute ? String(resolveReference(json, value)[attribute]) : value];
    }),
  );
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("websocket chat end to end", () => {
  let dynamo: LocalDynamo;
  let idp: LocalIssuer;
  let gateway: Gateway;
  let tableName: string;
  let documents: ReturnType<typeof localDocumentClient>;
  const processes: ArtifactProcess[] = [];
  const clients: ChatClient[] = [];

  const token = (sub: string, name: string, options?: { expiresIn?: number }) =>
    idp.sign({ sub, aud: CLIENT_ID, "cognito:username": name, token_use: "id" }, options);
  const joinAs = async (name: string, room?: string) => {
    const before = new Set(gateway.connectionIds());
    const client = await ChatClient.open(gateway.url, {
      token: await token(`sub-${name}`, name),
      ...(room ? { room } : {}),
    });
    client.id = gateway.connectionIds().find((id) => !before.has(id)) ?? "";
    clients.push(client);
    return client;
  };
  const record = async (connectionId: string) =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: { connectionId } }))).Item;

  beforeAll(async () => {
    const { json, stackDir } = synthStack((app, settings) => new WebSocketStack(app, settings));
    dynamo = await startLocalDynamo();
    tableName = await createTableFromTerraform(dynamo, json);
    documents = localDocumentClient(dynamo);
    idp = await startLocalIssuer();

    // The gateway's @connections endpoint exists only once it runs, so functions resolve it lazily.
    let connectionsEndpoint = "";
    const byName = new Map<string, () => ArtifactProcess>();
    for (const fn of resourcesOf(json, "aws_lambda_function")) {
      let started: ArtifactProcess | undefined;
      byName.set(String(fn.function_name), () => {
        if (started) return started;
        const env = {
          ...declaredEnvironment(json, fn),
          ...dynamo.clientEnvironment,
          CONNECTIONS_ENDPOINT: connectionsEndpoint,
          ...(fn.function_name === "apigw-dev-websocket-authorizer"
            ? { JWT_ISSUER: idp.issuer, JWT_AUDIENCE: CLIENT_ID }
            : {}),
          LOG_LEVEL: "warn",
        };
        started = new ArtifactProcess(
          unzipArtifact(join(stackDir, String(fn.filename))),
          String(fn.handler),
          env,
        );
        processes.push(started);
        return started;
      });
    }
    const invoke = (functionName: string) => async (event: unknown) => {
      const start = byName.get(functionName);
      if (!start) throw new Error(`the stack has no function ${functionName}`);
      const outcome = await start().invoke(event);
      if (outcome.error !== undefined) throw new Error(outcome.error);
      return outcome.result;
    };
    gateway = await startGateway({
      stage: "dev",
      identityQueryParameter: "token",
      authorizer: invoke("apigw-dev-websocket-authorizer"),
      routes: {
        $connect: { invoke: invoke("apigw-dev-websocket-connect"), twoWay: false },
        $disconnect: { invoke: invoke("apigw-dev-websocket-disconnect"), twoWay: false },
        sendMessage: { invoke: invoke("apigw-dev-websocket-send-message"), twoWay: true },
        joinRoom: { invoke: invoke("apigw-dev-websocket-join-room"), twoWay: true },
        $default: { invoke: invoke("apigw-dev-websocket-default"), twoWay: true },
      },
    });
    connectionsEndpoint = gateway.management.endpoint;
  });

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await gateway?.stop();
    for (const fn of processes) fn.close();
    documents?.destroy();
    await idp?.stop();
    await dynamo?.stop();
  });

  test("three users in two rooms: a broadcast reaches exactly its room, a stale id is forgotten, the sender gets its ack", async () => {
    // Prepare: alice and bob in the lobby, carol in another room, and a lobby record whose connection is gone.
    const alice = await joinAs("alice");
    const bob = await joinAs("bob", "lobby");
    const carol = await joinAs("carol", "random");
    const now = Math.floor(Date.now() / 1000);
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          connectionId: "GoneGoneGone=",
          room: "lobby",
          userId: "x",
          userName: "x",
          connectedAt: Date.now(),
          expiresAt: now + 600,
        },
      }),
    );

    // Act
    alice.send({ action: "sendMessage", room: "lobby", text: "hello, lobby ✨" });

    // Assess
    const ack = await alice.next({ type: "ack" });
    expect(ack).toMatchObject({ action: "sendMessage", room: "lobby", delivered: 2 });
    expect(typeof ack.id).toBe("string");
    const expected = {
      type: "message",
      id: ack.id,
      room: "lobby",
      from: "alice",
      text: "hello, lobby ✨",
      sentAt: ack.sentAt,
    };
    expect(await alice.next({ type: "message" })).toEqual(expected);
    expect(await bob.next({ type: "message" })).toEqual(expected);
    expect(await record("GoneGoneGone=")).toBeUndefined();
    const pushes = gateway.management.requests.filter((request) => request.method === "POST");
    expect(pushes.map((request) => request.connectionId).sort()).toEqual(
      [alice.id, bob.id, "GoneGoneGone="].sort(),
    );
    expect(pushes.every((request) => request.signed)).toBe(true);
    // carol is in another room: nothing for her (give a stray frame the time to arrive).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(carol.frames).toEqual([]);
  });

  test("joinRoom moves a connection; $default answers pings and explains bad frames", async () => {
    const dora = await joinAs("dora", "kitchen");
    const eve = await joinAs("eve", "garden");
    eve.send({ action: "joinRoom", room: "kitchen" });
    expect(await eve.next({ type: "joined" })).toEqual({
      type: "joined",
      room: "kitchen",
      previousRoom: "garden",
    });
    dora.send({ action: "sendMessage", text: "dinner!" });
    expect(await eve.next({ type: "message" })).toMatchObject({
      from: "dora",
      room: "kitchen",
      text: "dinner!",
    });
    expect(await dora.next({ type: "ack" })).toMatchObject({ delivered: 2 });

    eve.send({ action: "ping" });
    expect(await eve.next({ type: "pong" })).toEqual({ type: "pong" });
    eve.send("just some text");
    const help = await eve.next({ type: "error" });
    expect(help).toMatchObject({
      error: "invalid_frame",
      actions: { sendMessage: { action: "sendMessage" } },
    });
    eve.send({ action: "sendMessage", text: "" });
    expect(await eve.next({ type: "error" })).toMatchObject({ error: "invalid_message" });
    eve.send({ action: "sendMessage", room: "garden", text: "hi" });
    expect(await eve.next({ type: "error" })).toMatchObject({ error: "not_in_room" });
  });

  test("closing the socket runs $disconnect, which forgets the connection", async () => {
    const frank = await joinAs("frank");
    expect(await record(frank.id)).toMatchObject({ userName: "frank", room: "lobby" });
    await frank.close();
    await waitFor(async () => ((await record(frank.id)) === undefined ? true : undefined));
  });

  test("the handshake: no token 401, bad or expired token 403, a bad room 400", async () => {
    expect(await handshakeStatus(gateway.url, {})).toBe(401);
    expect(await handshakeStatus(gateway.url, { token: "garbage" })).toBe(403);
    expect(await handshakeStatus(gateway.url, { token: await token("s", "n", { expiresIn: -60 }) })).toBe(
      403,
    );
    expect(
      await handshakeStatus(gateway.url, {
        token: await idp.sign({ sub: "s", aud: "another-client" }),
      }),
    ).toBe(403);
    expect(await handshakeStatus(gateway.url, { token: await token("s", "n"), room: "No Such Room" })).toBe(
      400,
    );
    expect(await handshakeStatus(gateway.url, { token: await token("s", "n"), room: "fine" })).toBe(101);
  });
});

/**
 * The websocket stack served from its synthesized Terraform: the `$connect` authorizer and integration on the
 * handshake, route selection, route responses, `$disconnect`, pushes through the local `@connections` API
 * (the chat function runs unchanged), stale connections, and the protocol limits.
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { sigv4Headers } from "../../local/sigv4";
import { describeStack } from "../support/app-stacks";
import { call, eventually, startTestGateway, type TestGateway } from "./support/gateway";
import { Client } from "./support/ws-client";

// The app's websocket stack on the local gateway; a fork without it gets one test saying so.
describeStack("websocket", () => {
  let gw: TestGateway;
  let url: string;
  let dynamo: DynamoDBClient;
  const clients: Client[] = [];
  const TABLE = "apigw-dev-websocket-connections";

  beforeAll(async () => {
    gw = await startTestGateway({ stacks: ["websocket"] });
    url = gw.api("websocket").url;
    dynamo = new DynamoDBClient({
      endpoint: gw.gateway.dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
  });
  afterAll(async () => {
    for (const client of clients) client.ws.terminate();
    dynamo?.destroy();
    await gw?.close();
  });

  async function join(user: string, room: string): Promise<Client> {
    const token = await gw.token({ sub: user, claims: { preferred_username: user } });
    const client = await Client.open(`${url}?token=${token}&room=${room}`);
    clients.push(client);
    return client;
  }

  const handshakeStatus = (target: string) =>
    Client.open(target).then(
      () => 101,
      (error: { status?: number }) => error.status,
    );

  test("/_local/stacks: a ws:// URL with the stage, and the routes", () => {
    expect(gw.api("websocket")).toMatchObject({
      variant: "websocket",
      stage: "dev",
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/dev$/),
      routes: expect.arrayContaining(["$connect", "$disconnect", "$default", "sendMessage", "joinRoom"]),
    });
  });

  test("the handshake: no token 401, a bad token 403, a refused $connect keeps its status", async () => {
    expect(await handshakeStatus(url)).toBe(401);
    expect(await handshakeStatus(`${url}?token=${await gw.token({ expiresIn: -60 })}`)).toBe(403);
    expect(await handshakeStatus(`${url}?token=${await gw.token({ sub: "x" })}&room=Not%20A%20Room!`)).toBe(
      400,
    );
    expect(await handshakeStatus(url.replace(/\/dev$/, "/prod"))).toBe(403);
  });

  test("a chat between three clients in two rooms, with a disconnect and a stale connection", async () => {
    const alice = await join("alice", "lobby");
    const bob = await join("bob", "lobby");
    const carol = await join("carol", "random");

    alice.send({ action: "sendMessage", text: "hello lobby" });
    const [atAlice, atBob, ack] = await Promise.all([
      alice.next("message"),
      bob.next("message"),
      alice.next("ack"),
    ]);
    expect(atAlice).toMatchObject({ room: "lobby", from: "alice", text: "hello lobby" });
    expect(atBob).toEqual(atAlice);
    expect(ack).toMatchObject({ action: "sendMessage", delivered: 2 });
    expect(carol.messages.filter((m) => m.type === "message")).toEqual([]);

    carol.send({ action: "joinRoom", room: "lobby" });
    expect(await carol.next("joined")).toMatchObject({ room: "lobby", previousRoom: "random" });

    await bob.close();
    // $disconnect is best effort, after the close.
    await eventually(() =>
      gw.lines.some((line) =>
        /^websocket CLOSE \/dev \$disconnect 1005 .*apigw-dev-websocket-disconnect/.test(line),
      ),
    );

    // A stale record: a connection the table still lists but that is gone (its $disconnect never ran).
    const items = await dynamo.send(new ScanCommand({ TableName: TABLE }));
    const template = items.Items?.find((item) => item.room?.S === "lobby");
    expect(template).toBeDefined();
    const staleId = "StaleConnId0000=";
    await dynamo.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...template, connectionId: { S: staleId } } }),
    );

    carol.send({ action: "sendMessage", text: "who is here?" });
    const [toCarol, toAlice, carolAck] = await Promise.all([
      carol.next("message"),
      alice.next("message"),
      carol.next("ack"),
    ]);
    expect(toCarol.text).toBe("who is here?");
    expect(toAlice).toEqual(toCarol);
    expect(carolAck.delivered).toBe(2);
    expect(bob.frames.filter((frame) => frame.includes("who is here?"))).toEqual([]);
    // The push to the stale connection got 410 Gone from the local @connections API, so its record is gone.
    expect(
      gw.lines.some(
        (line) => line.includes(`/@connections/${encodeURIComponent(staleId)}`) && / 410 /.test(line),
      ),
    ).toBe(true);
    const stale = await dynamo.send(
      new GetItemCommand({ TableName: TABLE, Key: { connectionId: { S: staleId } } }),
    );
    expect(stale.Item).toBeUndefined();
    await dynamo.send(new DeleteItemCommand({ TableName: TABLE, Key: { connectionId: { S: staleId } } }));
  });

  test("route selection: unknown actions and non-JSON frames go to $default, whose answer is sent back", async () => {
    const dave = await join("dave", "lobby");
    dave.send("not json");
    expect(await dave.next("error")).toMatchObject({ error: "invalid_frame" });
    dave.send({ action: "dance" });
    expect(await dave.next("error")).toMatchObject({ error: "unknown_action" });
    dave.send({ action: "ping" });
    expect(await dave.next("pong")).toEqual({ type: "pong" });
  });

  /** A SigV4-signed @connections call with the local key, as the functions' SDK client makes it. */
  const signed = async (target: string, init: { method?: string; body?: string } = {}) =>
    call(target, {
      ...init,
      headers: await sigv4Headers(target, { method: init.method ?? "GET", body: init.body }),
    });

  test("@connections: GET describes a connection, unknown ids are 410, malformed ones 400, DELETE closes it", async () => {
    const erin = await join("erin", "lobby");
    const connections = `${url.replace(/^ws/, "http")}/@connections`;
    const scan = await dynamo.send(new ScanCommand({ TableName: TABLE }));
    const id = scan.Items?.find((item) => JSON.stringify(item).includes("erin"))?.connectionId?.S ?? "";
    expect(id).toMatch(/^[A-Za-z0-9]{15}=$/);
    const info = await signed(`${connections}/${encodeURIComponent(id)}`);
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      connectedAt: expect.stringMatching(/Z$/),
      identity: { sourceIp: "127.0.0.1" },
      lastActiveAt: expect.any(String),
    });
    const pushed = await signed(`${connections}/${encodeURIComponent(id)}`, {
      method: "POST",
      body: "from the server",
    });
    expect(pushed.status).toBe(200);
    await erin.until((client) => client.frames.includes("from the server"));
    const unknown = await signed(`${connections}/AAAAAAAAAAAAAAA=`, { method: "POST", body: "x" });
    expect([unknown.status, unknown.headers.get("x-amzn-errortype")]).toEqual([410, "GoneException"]);
    const malformed = await signed(`${connections}/${encodeURIComponent("not a valid id!")}`, {
      method: "POST",
      body: "x",
    });
    expect([malformed.status, malformed.headers.get("x-amzn-errortype")]).toEqual([
      400,
      "BadRequestException",
    ]);
    const tooBig = await signed(`${connections}/${encodeURIComponent(id)}`, {
      method: "POST",
      body: "x".repeat(128 * 1024 + 1),
    });
    expect([tooBig.status, tooBig.headers.get("x-amzn-errortype")]).toEqual([
      413,
      "PayloadTooLargeException",
    ]);
    const deleted = await signed(`${connections}/${encodeURIComponent(id)}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    await erin.until((client) => client.closed !== undefined);
    expect((await signed(`${connections}/${encodeURIComponent(id)}`)).status).toBe(410);
  });

  test("@connections needs SigV4: unsigned or wrongly signed calls are 403 and change nothing", async () => {
    const fay = await join("fay", "lobby");
    const scan = await dynamo.send(new ScanCommand({ TableName: TABLE }));
    const id = scan.Items?.find((item) => JSON.stringify(item).includes("fay"))?.connectionId?.S ?? "";
    const target = `${url.replace(/^ws/, "http")}/@connections/${encodeURIComponent(id)}`;
    for (const method of ["POST", "GET", "DELETE"]) {
      const unsigned = await call(target, { method, ...(method === "POST" ? { body: "unsigned" } : {}) });
      expect([method, unsigned.status, unsigned.json]).toEqual([
        method,
        403,
        { message: "Missing Authentication Token" },
      ]);
      expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    }
    const forged = await call(target, {
      method: "POST",
      body: "forged",
      headers: await sigv4Headers(target, { method: "POST", body: "forged", secret: "not-the-secret" }),
    });
    expect([forged.status, forged.headers.get("x-amzn-errortype")]).toEqual([
      403,
      "InvalidSignatureException",
    ]);
    expect(forged.json.message).toMatch(/^The request signature we calculated does not match/);
    // Nothing reached the client and the connection is still open: a signed push arrives.
    expect((await signed(target, { method: "POST", body: "signed" })).status).toBe(200);
    await fay.until((client) => client.frames.includes("signed"));
    expect(fay.frames).not.toContain("unsigned");
    expect(fay.frames).not.toContain("forged");
    expect(fay.closed).toBeUndefined();
  });

  test("limits: a message over 128 KB closes with 1009, a binary frame with 1003", async () => {
    const big = await join("frank", "lobby");
    big.send("x".repeat(128 * 1024 + 1));
    await big.until((client) => client.closed !== undefined);
    expect(big.closed?.code).toBe(1009);
    const binary = await join("gina", "lobby");
    binary.ws.send(Buffer.from([1, 2, 3]));
    await binary.until((client) => client.closed !== undefined);
    expect(binary.closed?.code).toBe(1003);
  });
});

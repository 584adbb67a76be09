/**
 * WebSocket behavior on a hand-made stack without `$default`: the Forbidden frame for unmatched routes, error
 * and timeout frames (the connection stays open), routes without a route response, MESSAGE events without
 * headers, `$connect` answers (a refusal keeps its status, a throw is 502, returned headers and subprotocol).
 */
import { writeFixtureStacks } from "./support/fixture-stacks";
import { eventually, startTestGateway, type TestGateway } from "./support/gateway";
import { Client } from "./support/ws-client";

describe("WebSocket behavior (fixture stack)", () => {
  let gw: TestGateway;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    gw = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-ws"] });
    url = gw.api("fixture-ws").url;
  });
  afterAll(async () => {
    for (const client of clients) client.ws.terminate();
    await gw?.close();
  });

  const open = async (query = "") => {
    const client = await Client.open(`${url}${query}`);
    clients.push(client);
    return client;
  };

  test("$connect: a non-2xx answer refuses the handshake with that status, a throw is 502", async () => {
    await expect(open("?mode=refuse")).rejects.toMatchObject({ status: 401 });
    await expect(open("?mode=throw")).rejects.toMatchObject({ status: 502 });
  });

  test("$connect headers are returned on the handshake; the subprotocol is the one $connect chose", async () => {
    const client = await new Promise<import("ws").WebSocket>((resolve, reject) => {
      const { WebSocket } = require("ws") as typeof import("ws");
      const ws = new WebSocket(`${url}?mode=protocol`, ["chat", "other"]);
      ws.on("upgrade", (response) => expect(response.headers["x-extra"]).toBe("1"));
      ws.on("open", () => resolve(ws));
      ws.on("error", reject);
    });
    expect(client.protocol).toBe("chat");
    client.close();
  });

  test("a routed message gets the route response; MESSAGE events have no headers", async () => {
    const client = await open();
    client.send({ action: "echo" });
    await client.until((c) => c.messages.length === 1);
    expect(client.messages[0]).toMatchObject({
      routeKey: "echo",
      eventType: "MESSAGE",
      hasHeaders: false,
      stage: "live",
      messageId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
    });
  });

  test("no matching route and no $default: a Forbidden frame, the connection stays open", async () => {
    const client = await open();
    client.send({ action: "nothing" });
    client.send("not json");
    await client.until((c) => c.frames.length === 2);
    for (const frame of client.frames) {
      expect(frame).toMatch(
        /^\{"message": "Forbidden", "connectionId":"[A-Za-z0-9]{15}=", "requestId":"[A-Za-z0-9+/]{15}="\}$/,
      );
    }
    client.send({ action: "echo" });
    await client.until((c) => c.frames.length === 3);
    expect(client.closed).toBeUndefined();
  });

  test("a route without a route response sends nothing back", async () => {
    const client = await open();
    client.send({ action: "quiet" });
    client.send({ action: "echo" });
    await client.until((c) => c.frames.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.messages.map((m) => m.routeKey)).toEqual(["echo"]);
  });

  test("a throwing integration and a timed-out one send error frames; the connection stays open", async () => {
    const client = await open();
    client.send({ action: "boom" });
    await client.until((c) => c.frames.length === 1);
    expect(client.messages[0]).toMatchObject({ message: "Internal server error" });
    client.send({ action: "slow" });
    await client.until((c) => c.frames.length === 2);
    expect(client.messages[1]).toMatchObject({ message: "Endpoint request timed out" });
    expect(client.closed).toBeUndefined();
  });

  test("$disconnect receives the client's close code", async () => {
    const client = await open();
    await client.close(4000);
    await eventually(() => gw.lines.some((line) => /^\[fixture-ws-handler\] disconnect 4000 /.test(line)));
  });
});

describe("WebSocket idle timeout", () => {
  test("an idle connection is closed with 1001 and $disconnect runs", async () => {
    const gw = await startTestGateway({
      outdir: writeFixtureStacks(),
      stacks: ["fixture-ws"],
      websocket: { idleTimeoutMs: 400 },
    });
    try {
      const client = await Client.open(gw.api("fixture-ws").url);
      client.send({ action: "echo" });
      await client.until((c) => c.frames.length === 1);
      await client.until((c) => c.closed !== undefined, 5000);
      expect(client.closed?.code).toBe(1001);
      await eventually(() =>
        gw.lines.some((line) =>
          /^\[fixture-ws-handler\] disconnect 1001 Going away: idle timeout/.test(line),
        ),
      );
    } finally {
      await gw.close();
    }
  });
});

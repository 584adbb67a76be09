/**
 * A function's result with a header HTTP cannot carry (a character outside Latin-1, CR/LF, NUL, a name with a
 * space or no name, a cookie or multi-value header with a newline) is answered as AWS answers a malformed
 * result, for that one request: HTTP API 500 `{"message":"Internal Server Error"}`, REST 502
 * `{"message":"Internal server error"}`, a refused WebSocket handshake; the header never reaches the client
 * and the gateway answers the next request.
 */
import { connect } from "node:net";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, startTestGateway, type TestGateway } from "./support/gateway";
import { Client } from "./support/ws-client";

/** Header maps no HTTP response can carry, each as a function could return it. */
const BAD_HEADERS: Record<string, string>[] = [
  { "Content-Disposition": 'attachment; filename="résumé☃.pdf"' },
  { "X-Split": "a\r\nSet-Cookie: injected=1" },
  { "X-Nul": "a\u0000b" },
  { "Bad Name": "x" },
  { "": "x" },
];

describe("malformed function results", () => {
  let gw: TestGateway;
  let http: string;
  let rest: string;
  let ws: string;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeFixtureStacks(),
      stacks: ["fixture-http", "fixture-rest", "fixture-ws"],
    });
    http = gw.api("fixture-http").url;
    rest = gw.api("fixture-rest").url;
    ws = gw.api("fixture-ws").url;
  });
  afterAll(() => gw?.close());

  const result = (base: string, value: unknown) =>
    call(`${base}/behave?mode=result`, {
      method: "POST",
      body: JSON.stringify(value),
      headers: { "content-type": "application/json" },
    });
  const stillServing = async () => {
    expect((await call(`${http}/behave`)).text).toBe("ok");
    expect((await call(`${rest}/behave`)).text).toBe("ok");
  };

  test("HTTP API: 500 Internal Server Error, and the next request is served", async () => {
    const results = [
      ...BAD_HEADERS.map((headers) => ({ statusCode: 200, headers, body: "x" })),
      { statusCode: 200, cookies: ["a=1\r\nSet-Cookie: injected=1"], body: "x" },
    ];
    for (const value of results) {
      const reply = await result(http, value);
      expect([reply.status, reply.json]).toEqual([500, { message: "Internal Server Error" }]);
      expect(reply.headers.get("set-cookie")).toBeNull();
      await stillServing();
    }
  });

  test("REST: 502 Internal server error, and the next request is served", async () => {
    const results = [
      ...BAD_HEADERS.map((headers) => ({ statusCode: 200, headers, body: "x" })),
      { statusCode: 200, multiValueHeaders: { "X-Many": ["fine", "not\nfine"] }, body: "x" },
    ];
    for (const value of results) {
      const reply = await result(rest, value);
      expect([reply.status, reply.json]).toEqual([502, { message: "Internal server error" }]);
      expect(reply.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
      await stillServing();
    }
  });

  test("WebSocket: $connect headers with CR/LF refuse the handshake; no injected header reaches the client", async () => {
    const { port, pathname } = new URL(ws.replace(/^ws/, "http"));
    const headers = encodeURIComponent(JSON.stringify({ "X-A": "a\r\nSet-Cookie: injected=1" }));
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () =>
        socket.write(
          `GET ${pathname}?mode=headers&h=${headers} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        ),
      );
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString("latin1");
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
      setTimeout(() => socket.destroy(), 5_000).unref();
    });
    expect(response).toMatch(/^HTTP\/1\.1 502 /);
    expect(response).not.toMatch(/^set-cookie:/im);
    const client = await Client.open(ws);
    client.send({ action: "echo" });
    await client.until((c) => c.frames.length === 1);
    client.ws.terminate();
    await stillServing();
  });
});

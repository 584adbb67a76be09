/**
 * The embedded DynamoDB against web pages: a request carrying an `Origin` (any page, preflight included) or a
 * `Host` that is not a loopback name (a DNS-rebound name) is refused with 403 and gets no CORS header, a
 * client that hangs up mid-request does not stop the gateway, and the functions (through the gateway's
 * APIs) and SDK clients on loopback still read and write.
 */
import { request } from "node:http";
import { connect } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, startTestGateway, type TestGateway } from "./support/gateway";

interface RawReply {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the embedded DynamoDB and web pages", () => {
  let gw: TestGateway;
  let endpoint: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-http"] });
    endpoint = (await call(`${gw.url}/_local/stacks`)).json.dynamodb;
  });
  afterAll(() => gw?.close());

  const listTables = {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": "DynamoDB_20120810.ListTables",
    authorization:
      "AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    "x-amz-date": "20240101T000000Z",
  };

  test("a page's request (Origin) and its preflight get 403 and no CORS header", async () => {
    const fromPage = await raw(endpoint, "POST", { ...listTables, origin: "http://evil.example" }, "{}");
    const preflight = await raw(endpoint, "OPTIONS", {
      origin: "http://evil.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "x-amz-target,content-type",
    });
    for (const reply of [fromPage, preflight]) {
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body).message).toMatch(/does not answer web pages/);
      expect(Object.keys(reply.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
      expect(reply.body).not.toContain("TableNames");
    }
  });

  test("a rebound Host gets 403", async () => {
    const rebound = await raw(endpoint, "POST", { ...listTables, host: "evil.example" }, "{}");
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain("TableNames");
  });

  test("a client that hangs up in the middle of a body does not stop the gateway", async () => {
    const { port } = new URL(endpoint);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-amz-json-1.0\r\n` +
            "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{",
          () => setTimeout(() => socket.destroy(), 50),
        );
      });
      socket.on("close", () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await call(`${gw.api("fixture-http").url}/echo`)).status).toBe(200);
  });

  test("SDK clients on loopback and the functions behind the APIs still use it", async () => {
    const client = new DynamoDBClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    try {
      const tables = await client.send(new ListTablesCommand({}));
      expect(tables.TableNames?.length).toBeGreaterThan(0);
    } finally {
      client.destroy();
    }
    const api = gw.api("fixture-http").url;
    expect((await call(`${api}/store/lamp`, { method: "PUT", body: "Lamp" })).status).toBe(204);
    expect((await call(`${api}/store/lamp`)).text).toBe("Lamp");
  });
});

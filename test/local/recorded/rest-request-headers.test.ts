/**
 * The request headers a REST API passes to a Lambda proxy integration, compared with events recorded on AWS
 * (test/fixtures/aws/rest-request-headers.json): hop-by-hop headers, `Content-Length`, `Content-MD5`, `Expect`,
 * `Max-Forwards`, `Proxy-Authenticate`, `Server` and `WWW-Authenticate` never reach the function.
 */
import { request } from "node:http";
import { isPlaceholder, recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { proxyEchoStack, writeRecordedStacks } from "./stacks";

const fixture = recorded("rest-request-headers");
const STAGE = "test";

/** The echoed event of a request sent with exactly these headers (Node adds `Host` only) and this body. */
function echoed(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; event: Record<string, never> }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, event: JSON.parse(Buffer.concat(chunks).toString("utf8")) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("REST request headers against recorded AWS events", () => {
  let gw: TestGateway;
  const origin = (stack: string) => new URL(gw.api(stack).url).origin;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({
        "recorded-headers-regional": (dir) => proxyEchoStack(dir, STAGE, fixture.remapping.endpoint),
        "recorded-headers-edge": (dir) => proxyEchoStack(dir, STAGE, fixture.body.endpoint),
      }),
      stacks: ["recorded-headers-regional", "recorded-headers-edge"],
    });
  });
  afterAll(() => gw?.close());

  test("of every header the recording sent, the function gets the recorded ones, with their values", async () => {
    const { request: sent, received } = fixture.remapping;
    // Act
    const reply = await echoed(
      `${origin("recorded-headers-regional")}/${STAGE}${sent.path}`,
      sent.method,
      sent.headers,
    );
    // Assess
    expect(reply.status).toBe(200);
    const headers = reply.event.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(Object.keys(received).sort());
    for (const [name, value] of Object.entries(received as Record<string, string>))
      if (!isPlaceholder(value)) expect([name, headers[name]]).toEqual([name, value]);
  });

  test("a request with a body: no Content-Length in the event, the body and query maps as recorded", async () => {
    const { request: sent } = fixture.body;
    const body = JSON.stringify(sent.json);
    // Act: python-requests sends the Accept and Accept-Encoding defaults and the body's Content-Length.
    const reply = await echoed(
      `${origin("recorded-headers-edge")}/${STAGE}${sent.path}`,
      sent.method,
      {
        Accept: "*/*",
        "Accept-Encoding": "gzip, deflate",
        "Content-Length": String(Buffer.byteLength(body)),
        ...sent.headers,
      },
      body,
    );
    // Assess
    expect(reply.status).toBe(200);
    const { event } = reply;
    expect(Object.keys(event.headers).sort()).toEqual([...fixture.body.receivedHeaderNames].sort());
    expect(Object.keys(event.multiValueHeaders).sort()).toEqual([...fixture.body.receivedHeaderNames].sort());
    expect(event.body).toBe(body);
    expect(event.multiValueQueryStringParameters).toEqual(fixture.body.multiValueQueryStringParameters);
    expect(event.queryStringParameters).toEqual(fixture.body.queryStringParameters);
  });
});

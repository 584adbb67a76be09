/**
 * The WebSocket `$connect` event compared with one recorded on AWS (test/fixtures/aws/websocket-events.json):
 * the handshake's headers as API Gateway forwards them, with `X-Amzn-Trace-Id` and `X-Forwarded-*` added and
 * the hop-by-hop `Connection` and `Upgrade` dropped.
 */
import { recorded } from "../fixtures/aws";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { eventually, startTestGateway, type TestGateway } from "./support/gateway";
import { Client } from "./support/ws-client";

const events = recorded("websocket-events");

describe("WebSocket $connect against a recorded event", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-ws"] });
  });
  afterAll(() => gw?.close());

  test("the event's headers are the recorded ones: client headers, X-Amzn-Trace-Id, X-Forwarded-*", async () => {
    const want = events.connect.multiValueHeaders as Record<string, string[]>;
    // Act: the `ws` client sends what a browser sends (Host, Sec-WebSocket-*, Connection, Upgrade).
    const client = await Client.open(gw.api("fixture-ws").url);
    const line = () => gw.lines.find((text) => text.includes("connect-event "));
    await eventually(() => line() !== undefined);
    await client.close();
    // Assess
    const event = JSON.parse((line() ?? "").slice((line() ?? "").indexOf("connect-event ") + 14));
    expect(Object.keys(event.multiValueHeaders).sort()).toEqual(Object.keys(want).sort());
    expect(Object.keys(event.headers).sort()).toEqual(Object.keys(want).sort());
    for (const name of ["Sec-WebSocket-Extensions", "Sec-WebSocket-Version"])
      expect([name, event.multiValueHeaders[name]]).toEqual([name, want[name]]);
    expect(event.headers["X-Amzn-Trace-Id"]).toMatch(/^Root=/);
    expect(event.requestContext).toMatchObject({
      eventType: events.connect.requestContext.eventType,
      routeKey: events.connect.requestContext.routeKey,
      messageDirection: events.connect.requestContext.messageDirection,
    });
  });
});

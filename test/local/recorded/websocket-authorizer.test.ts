/**
 * The WebSocket `$connect` Lambda-authorizer event compared with one recorded on AWS
 * (test/fixtures/aws/websocket-authorizer-event.json): a handshake without a query string still gets the query
 * maps, empty, and the authorizer sees the handshake's `Connection` and `Upgrade` headers.
 */
import WebSocket from "ws";
import { recorded } from "../../fixtures/aws";
import { eventually, startTestGateway, type TestGateway } from "../support/gateway";
import { writeRecordedStacks } from "./stacks";
import { webSocketAuthorizerStack } from "./v2-stacks";

const fixture = recorded("websocket-authorizer-event");
const want = fixture.recorded;
const STACK = "recorded-ws-authorizer";
const MARK = "authorizer-event ";

const keys = (value: object) => Object.keys(value).sort();

describe("WebSocket $connect authorizer against a recorded event", () => {
  let gw: TestGateway;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON is read field by field.
  let got: any;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({ [STACK]: (dir) => webSocketAuthorizerStack(dir, fixture) }),
      stacks: [STACK],
    });
    // Act: a handshake like the recorded one (no query string, an Authorization header).
    const ws = new WebSocket(gw.api(STACK).url, { headers: { Authorization: want.headers.Authorization } });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const line = () => gw.lines.find((text) => text.includes(MARK));
    await eventually(() => line() !== undefined);
    ws.close();
    const text = line() ?? "";
    got = JSON.parse(text.slice(text.indexOf(MARK) + MARK.length));
  });
  afterAll(() => gw?.close());

  test("the event has the recorded fields; without a query string the query maps are there, empty", () => {
    expect(keys(got)).toEqual(keys(want));
    expect(got.queryStringParameters).toEqual(want.queryStringParameters);
    expect(got.multiValueQueryStringParameters).toEqual(want.multiValueQueryStringParameters);
    expect(got.stageVariables).toEqual(want.stageVariables);
    expect(keys(got.requestContext)).toEqual(keys(want.requestContext));
    expect(got.type).toBe(want.type);
    expect(got.methodArn.slice(got.methodArn.indexOf("/"))).toBe(
      want.methodArn.slice(want.methodArn.indexOf("/")),
    );
  });

  test("the headers are the handshake's as the authorizer gets them: Connection and Upgrade kept", () => {
    const multi = keys(got.multiValueHeaders).map((name) => name.toLowerCase());
    expect(multi).toEqual(keys(want.multiValueHeaders).map((name) => name.toLowerCase()));
    expect(keys(got.headers).map((name) => name.toLowerCase())).toEqual(
      keys(want.headers).map((name) => name.toLowerCase()),
    );
    // `Connection` carries the client's own spelling (`upgrade` from the recorded browser, `Upgrade` from `ws`).
    expect(got.headers.Connection.toLowerCase()).toBe(want.headers.Connection);
    for (const name of ["Upgrade", "Authorization", "content-length"])
      expect([name, got.headers[name]]).toEqual([name, want.headers[name]]);
  });
});

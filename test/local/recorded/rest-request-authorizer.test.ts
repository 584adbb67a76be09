/**
 * The event a REST REQUEST Lambda authorizer receives, compared with recorded ones: the keys and the empty
 * `pathParameters` of AWS's sample on a resource without path parameters
 * (test/fixtures/aws/rest-request-authorizer-event.json), and the empty query and stage-variable maps a
 * REQUEST authorizer gets without a query string or stage variables, as recorded on a WebSocket `$connect`
 * (test/fixtures/aws/websocket-authorizer-event.json; no REST recording without them is stored).
 */
import { recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { rawRequest } from "../support/raw-request";
import { restAuthorizerEventStack } from "./authorizer-stacks";
import { writeRecordedStacks } from "./stacks";

const rest = recorded("rest-request-authorizer-event").recorded;
const webSocket = recorded("websocket-authorizer-event").recorded;
const STACK = "recorded-rest-request-authorizer";

const keys = (value: object) => Object.keys(value).sort();

describe("REST REQUEST Lambda-authorizer event against recorded events", () => {
  let gw: TestGateway;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON is read field by field.
  let got: any;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({
        [STACK]: (dir) =>
          restAuthorizerEventStack(dir, rest.requestContext.stage, rest.resource.slice(1), "REQUEST"),
      }),
      stacks: [STACK],
    });
    // Act: the recorded method and path, without a query string; the stage has no variables.
    const reply = await rawRequest(
      new URL(gw.api(STACK).url).origin,
      `/${rest.requestContext.stage}${rest.path}`,
      { Authorization: "recorded" },
      rest.httpMethod,
    );
    expect(reply.status).toBe(200);
    got = JSON.parse(reply.json.requestContext.authorizer.event);
  });
  afterAll(() => gw?.close());

  test("the event has the recorded keys, and an empty pathParameters map on a resource without parameters", () => {
    expect(keys(got)).toEqual(keys(rest));
    expect([got.type, got.resource, got.path, got.httpMethod]).toEqual([
      rest.type,
      rest.resource,
      rest.path,
      rest.httpMethod,
    ]);
    expect(got.pathParameters).toEqual(rest.pathParameters);
  });

  test("without a query string or stage variables their maps are there, empty", () => {
    expect(got.queryStringParameters).toEqual(webSocket.queryStringParameters);
    expect(got.multiValueQueryStringParameters).toEqual(webSocket.multiValueQueryStringParameters);
    expect(got.stageVariables).toEqual(webSocket.stageVariables);
  });
});

/**
 * An HTTP API's payload 2.0 Lambda authorizer compared with an event recorded on AWS
 * (test/fixtures/aws/http-lambda-authorizer-event.json): `GET /dev/` on an API whose only route is
 * `ANY /{proxy+}` reaches that route with `proxy` empty, and the authorizer event has the recorded fields.
 */
import { recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { rawRequest } from "../support/raw-request";
import { writeRecordedStacks } from "./stacks";
import { httpLambdaAuthorizerStack } from "./v2-stacks";

const fixture = recorded("http-lambda-authorizer-event");
const want = fixture.recorded;
const STACK = "recorded-http-authorizer";

const keys = (value: object) => Object.keys(value).sort();

describe("HTTP API Lambda authorizer against a recorded event", () => {
  let gw: TestGateway;
  let origin: string;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({ [STACK]: (dir) => httpLambdaAuthorizerStack(dir, fixture) }),
      stacks: [STACK],
    });
    origin = new URL(gw.api(STACK).url).origin;
  });
  afterAll(() => gw?.close());

  /** The recorded request, with its own authorization value; the echoed event and the authorizer's. */
  async function recordedRequest() {
    const reply = await rawRequest(origin, fixture.request.path, { Authorization: "recorded-token" });
    const event = reply.json;
    return {
      reply,
      event,
      authorizerEvent: JSON.parse(event?.requestContext?.authorizer?.lambda?.event ?? "{}"),
    };
  }

  test("the stage's root with a trailing slash is served by `ANY /{proxy+}`, with `proxy` empty", async () => {
    // Act
    const { reply, event } = await recordedRequest();
    // Assess
    expect(reply.status).toBe(200);
    expect([event.routeKey, event.rawPath, event.pathParameters]).toEqual([
      want.routeKey,
      want.rawPath,
      want.pathParameters,
    ]);
  });

  test("the authorizer event has the recorded fields, route ARN and identity source", async () => {
    // Act
    const { authorizerEvent: got } = await recordedRequest();
    // Assess
    expect(keys(got)).toEqual(keys(want));
    expect(keys(got.requestContext)).toEqual(keys(want.requestContext));
    expect(keys(got.requestContext.http)).toEqual(keys(want.requestContext.http));
    for (const field of ["version", "type", "routeKey", "rawPath", "rawQueryString", "pathParameters"])
      expect([field, got[field]]).toEqual([field, want[field]]);
    expect(got.identitySource).toEqual(["recorded-token"]);
    expect(got.headers.authorization).toBe("recorded-token");
    // `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{method}{path}`: the part after the API id.
    const tail = (arn: string) => arn.slice(arn.indexOf("/"));
    expect(tail(got.routeArn)).toBe(tail(want.routeArn));
    expect(got.requestContext.http.path).toBe(want.requestContext.http.path);
    expect([got.requestContext.stage, got.requestContext.routeKey]).toEqual([
      want.requestContext.stage,
      want.requestContext.routeKey,
    ]);
  });
});

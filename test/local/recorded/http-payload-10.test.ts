/**
 * An HTTP API's payload format 1.0 event compared with one captured on AWS (test/fixtures/aws/http-v1-capture.json):
 * header names keep their case (not lower-cased as in 2.0), `Content-Length` is added, `resourceId` is the
 * route key, `identity` has `cognitoAmr` and there is no `deploymentId`.
 */
import { recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { rawRequest } from "../support/raw-request";
import { writeRecordedStacks } from "./stacks";
import { httpPayload10Stack } from "./v2-stacks";

const fixture = recorded("http-v1-capture");
const want = fixture.recorded;
const STACK = "recorded-http-payload-10";

const keys = (value: object) => Object.keys(value).sort();

describe("HTTP API payload format 1.0 against a captured event", () => {
  let gw: TestGateway;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON is read field by field.
  let got: any;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({ [STACK]: (dir) => httpPayload10Stack(dir, fixture) }),
      stacks: [STACK],
    });
    // Act: the recorded request as curl sent it over HTTP/2, header names in lower case (Node adds `Host`).
    const reply = await rawRequest(
      new URL(gw.api(STACK).url).origin,
      fixture.request.path,
      { "user-agent": want.headers["User-Agent"], accept: want.headers.accept },
      fixture.request.method,
    );
    expect(reply.status).toBe(200);
    got = reply.json;
  });
  afterAll(() => gw?.close());

  test("the event has the recorded fields, route and path parameters", () => {
    expect(keys(got)).toEqual(keys(want));
    for (const field of ["version", "resource", "path", "httpMethod", "pathParameters", "body"])
      expect([field, got[field]]).toEqual([field, want[field]]);
  });

  test("header names as recorded: Host, User-Agent, Content-Length capitalized, accept as sent", () => {
    expect(keys(got.headers)).toEqual(keys(want.headers));
    expect(keys(got.multiValueHeaders)).toEqual(keys(want.multiValueHeaders));
    for (const name of ["Content-Length", "User-Agent", "accept"])
      expect([name, got.headers[name]]).toEqual([name, want.headers[name]]);
  });

  test("requestContext: the recorded keys, `resourceId` the route key, `identity` with `cognitoAmr`", () => {
    expect(keys(got.requestContext)).toEqual(keys(want.requestContext));
    expect(keys(got.requestContext.identity)).toEqual(keys(want.requestContext.identity));
    for (const field of ["resourceId", "resourcePath", "path", "stage", "httpMethod"])
      expect([field, got.requestContext[field]]).toEqual([field, want.requestContext[field]]);
    expect(got.requestContext.requestId).toBe(got.requestContext.extendedRequestId);
  });
});

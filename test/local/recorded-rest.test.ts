/**
 * The REST API compared with requests recorded on AWS (test/fixtures/aws, each with its source): the event an
 * edge-optimized API sends (header casing, the headers API Gateway and CloudFront add), where the stage and the
 * path begin with doubled slashes, the headers CloudFront puts on answers, and what a Cognito authorizer
 * passes. The fixture stack mirrors the API the recordings were made on.
 */
import { isPlaceholder, type Recorded, recorded, shape } from "../fixtures/aws";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { manualClock, startTestGateway, type TestGateway } from "./support/gateway";
import { rawRequest } from "./support/raw-request";

const event = recorded("rest-proxy-event");
const slashes = recorded("rest-path-slashes");
const edge = recorded("rest-edge-responses");
const cognito = recorded("rest-cognito-authorizer");

/** What python-requests sends besides the test's own headers (its defaults), as in the recording. */
const PYTHON_REQUESTS_DEFAULTS = { Accept: "*/*", "Accept-Encoding": "gzip, deflate" };
/** Values that describe the local transport (plain HTTP on a local port), not API Gateway's behavior. */
const TRANSPORT = new Set(["CloudFront-Forwarded-Proto"]);

const sorted = (value: object) => Object.keys(value).sort();
/** Headers the HTTP layer writes wherever it likes (Node after the gateway's, AWS before). */
const FRAMING = new Set(["content-length", "date", "connection"]);
const ordered = (headers: readonly (readonly string[])[]) =>
  headers.map(([name]) => name).filter((name) => !FRAMING.has(name.toLowerCase()));

describe("REST API against recorded AWS events and answers", () => {
  let gw: TestGateway;
  let origin: string;

  beforeAll(async () => {
    // The recorded Cognito token was issued at this instant (its auth_time).
    const clock = manualClock(Number(cognito.recorded.requestContext.authorizer.claims.auth_time) * 1000);
    gw = await startTestGateway({
      outdir: writeFixtureStacks(),
      stacks: ["fixture-recorded-rest"],
      clock: clock.now,
    });
    origin = new URL(gw.api("fixture-recorded-rest").url).origin;
  });
  afterAll(() => gw?.close());

  const send = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(origin, path, { ...PYTHON_REQUESTS_DEFAULTS, ...event.request.headers, ...headers });

  test("the proxy event has the recorded keys, header names (Authorization capitalized) and null fields", async () => {
    // Act
    const reply = await send(event.request.path);
    // Assess
    expect(reply.status).toBe(200);
    const got = reply.json.event;
    const want = event.recorded;
    expect(sorted(got)).toEqual(sorted(want));
    expect(sorted(got.headers)).toEqual(sorted(want.headers));
    expect(sorted(got.multiValueHeaders)).toEqual(sorted(want.multiValueHeaders));
    for (const [name, value] of Object.entries(want.headers)) {
      if (!isPlaceholder(value) && !TRANSPORT.has(name))
        expect([name, got.headers[name]]).toEqual([name, value]);
    }
    expect(sorted(got.requestContext)).toEqual(sorted(want.requestContext));
    expect(sorted(got.requestContext.identity)).toEqual(sorted(want.requestContext.identity));
    for (const [name, value] of Object.entries(want.requestContext.identity)) {
      if (value === null) expect([name, got.requestContext.identity[name]]).toEqual([name, null]);
    }
    for (const name of [
      "path",
      "resource",
      "pathParameters",
      "httpMethod",
      "queryStringParameters",
      "body",
    ]) {
      expect([name, got[name]]).toEqual([name, want[name]]);
    }
    for (const name of ["path", "resourcePath", "stage", "httpMethod", "protocol"]) {
      expect([name, got.requestContext[name]]).toEqual([name, want.requestContext[name]]);
    }
    // X-Forwarded-For: the client (identity.sourceIp), then CloudFront, as the earlier recording shows.
    const hops = got.headers["X-Forwarded-For"].split(", ");
    expect(hops).toHaveLength(event.forwardedFor.value.split(", ").length);
    expect(hops[0]).toBe(got.requestContext.identity.sourceIp);
  });

  const cases: [string, Recorded][] = slashes.cases.map((c: Recorded) => [c.snapshot, c]);
  test.each(cases)(
    "doubled slashes around the stage (%s) reach the resource AWS served",
    async (_name, recordedCase) => {
      // Act
      const reply = await send(recordedCase.sent);
      // Assess
      expect(reply.status).toBe(200);
      const got = reply.json.event;
      const want = recordedCase.recorded;
      expect({
        resource: got.resource,
        path: got.path,
        pathParameters: got.pathParameters,
        requestContext: { path: got.requestContext.path, resourcePath: got.requestContext.resourcePath },
      }).toEqual(want);
    },
  );

  test("an answer carries CloudFront's headers last, in the recorded order and formats", async () => {
    const [ok] = edge.answers;
    const recordedTail = ordered(ok.headers).slice(-4);
    // Both recordings agree on the tail.
    expect(ordered(edge.answers[1].headers).slice(-4)).toEqual(recordedTail);
    // Act
    const reply = await send(event.request.path);
    // Assess
    const names = ordered(reply.headers);
    expect(names.slice(-4)).toEqual(recordedTail);
    const value = (name: string, headers: [string, string][]) =>
      headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? "";
    expect(value("X-Cache", reply.headers)).toBe(value("X-Cache", ok.headers));
    for (const name of ["Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id"]) {
      expect(shape(value(name, edge.answers[1].headers))).toBe(shape(value(name, ok.headers)));
      expect([name, shape(value(name, reply.headers))]).toEqual([name, shape(value(name, ok.headers))]);
    }
    // Every recorded header is there (any casing: the function chooses its content type's).
    const lower = new Set(reply.headers.map(([name]) => name.toLowerCase()));
    for (const [name] of ok.headers) expect([name, lower.has(name.toLowerCase())]).toEqual([name, true]);
    // The request ids and the trace id come before CloudFront's, as recorded.
    const at = (name: string) => names.indexOf(name);
    expect(at("x-amzn-RequestId")).toBeLessThan(at("x-amz-apigw-id"));
    expect(at("x-amz-apigw-id")).toBeLessThan(at("X-Amzn-Trace-Id"));
    expect(at("X-Amzn-Trace-Id")).toBeLessThan(at("X-Cache"));
  });

  test("a refusal carries the recorded headers, CloudFront's `Error from cloudfront` and body", async () => {
    const refused = edge.answers[1];
    // Act: the Cognito method without a token.
    const reply = await rawRequest(origin, "/stage/cognito");
    // Assess
    expect(reply.status).toBe(refused.status);
    expect(reply.text).toBe(refused.body);
    expect(reply.headers.map(([name]) => name).sort()).toEqual(
      refused.headers.map(([name]: string[]) => name).sort(),
    );
    const got = Object.fromEntries(reply.headers);
    const want = Object.fromEntries(refused.headers);
    expect([got["x-amzn-ErrorType"], got["X-Cache"]]).toEqual([want["x-amzn-ErrorType"], want["X-Cache"]]);
  });

  test("a Cognito authorizer passes {claims} only, exp and iat as dates, other times as epoch strings", async () => {
    const want = cognito.recorded.requestContext.authorizer;
    const { claims } = want;
    const token = await gw.token({
      sub: claims.sub,
      aud: claims.aud,
      claims: {
        auth_time: Number(claims.auth_time),
        email: claims.email,
        "cognito:username": claims["cognito:username"],
      },
    });
    // Act
    const reply = await rawRequest(origin, "/stage/cognito", { Authorization: token });
    // Assess
    expect(reply.status).toBe(200);
    const got = reply.json.event.requestContext.authorizer;
    expect(sorted(got)).toEqual(sorted(want));
    for (const name of ["exp", "iat", "auth_time", "token_use", "sub", "aud", "email", "cognito:username"]) {
      expect([name, got.claims[name]]).toEqual([name, claims[name]]);
    }
  });
});

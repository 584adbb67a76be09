/**
 * The HTTP API compared with events and answers recorded on AWS (test/fixtures/aws, each with its source): a
 * browser request with cookies (they move from the `cookie` header to `cookies`) and the JWT authorizer's
 * refusals with their `www-authenticate` challenges.
 */
import { recorded } from "../fixtures/aws";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { startTestGateway, type TestGateway } from "./support/gateway";
import { rawRequest } from "./support/raw-request";

const browser = recorded("http-v2-event");
const challenges = recorded("http-jwt-challenges");

/** Headers API Gateway adds or computes; the rest of the recorded ones the browser sent. */
const ADDED = new Set([
  "content-length",
  "host",
  "x-amzn-trace-id",
  "x-forwarded-for",
  "x-forwarded-port",
  "x-forwarded-proto",
]);
/** In the 2020 recording only; later recordings and AWS's docs have no `routeId` (docs §8.2). */
const NOT_SENT = new Set(["routeId"]);

const sorted = (value: object, drop: ReadonlySet<string> = new Set()) =>
  Object.keys(value)
    .filter((key) => !drop.has(key))
    .sort();

describe("HTTP API against recorded AWS events and answers", () => {
  let gw: TestGateway;
  let origin: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-recorded-http"] });
    origin = gw.api("fixture-recorded-http").url;
  });
  afterAll(() => gw?.close());

  test("cookies reach the function in `cookies` and no `cookie` header is left, as recorded", async () => {
    const want = browser.recorded;
    const sent = Object.fromEntries(
      Object.entries(want.headers as Record<string, string>).filter(([name]) => !ADDED.has(name)),
    );
    // Act: the recorded browser's headers, with its cookies as the browser sent them.
    const reply = await rawRequest(origin, "/nodejs-apig-function", {
      ...sent,
      Cookie: want.cookies.join("; "),
    });
    // Assess
    expect(reply.status).toBe(200);
    const got = reply.json.event;
    expect(got.cookies).toEqual(want.cookies);
    expect(sorted(got.headers)).toEqual(sorted(want.headers));
    expect(sorted(got)).toEqual(sorted(want));
    expect(sorted(got.requestContext)).toEqual(sorted(want.requestContext, NOT_SENT));
    expect(sorted(got.requestContext.http)).toEqual(sorted(want.requestContext.http));
  });

  test("no token: 401 with the bare `www-authenticate: Bearer` challenge", async () => {
    const want = challenges.answers.find((answer: { case: string }) => answer.case === "no token");
    // Act
    const reply = await rawRequest(origin, "/jwt");
    // Assess
    expect(reply.status).toBe(want.status);
    expect(reply.text).toBe(want.body);
    const got = new Map(reply.headers.map(([name, value]) => [name.toLowerCase(), value]));
    for (const [name, value] of want.headers as [string, string][]) {
      if (name === "apigw-requestid") expect(got.get(name)).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      else expect([name, got.get(name)]).toEqual([name, value]);
    }
  });

  test("a token for another audience: 401 with the recorded challenge, word for word", async () => {
    const want = challenges.answers.find(
      (answer: { case: string }) => answer.case === "a token for another audience",
    );
    const token = await gw.token({ aud: "another-audience" });
    // Act
    const reply = await rawRequest(origin, "/jwt", { Authorization: `Bearer ${token}` });
    // Assess
    expect(reply.status).toBe(want.status);
    expect(reply.text).toBe(want.body);
    const got = new Map(reply.headers.map(([name, value]) => [name.toLowerCase(), value]));
    expect(got.get("www-authenticate")).toBe(new Map(want.headers).get("www-authenticate"));
  });

  test("an expired token on a route with scopes: the challenge names the route's scopes (docs §8.4)", async () => {
    const token = await gw.token({ scope: "fixture/read", expiresIn: -60 });
    // Act
    const reply = await rawRequest(origin, "/jwt-scoped", { Authorization: `Bearer ${token}` });
    // Assess
    expect(reply.status).toBe(401);
    expect(new Map(reply.headers).get("www-authenticate")).toBe(
      'Bearer scope="fixture/read" error="invalid_token" error_description="the token has expired"',
    );
  });
});

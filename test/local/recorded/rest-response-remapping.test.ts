/**
 * Headers a function returns through a REST API, compared with what clients got from AWS
 * (test/fixtures/aws/rest-response-remapping.json): `WWW-Authenticate`, `Server`, `Date`, `Content-Length` and
 * the other recorded names arrive as `x-amzn-Remapped-<name>` (so a browser shows no login prompt), the rest
 * under their own names.
 */
import { isPlaceholder, recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { rawRequest } from "../support/raw-request";
import { proxyEchoStack, writeRecordedStacks } from "./stacks";

const fixture = recorded("rest-response-remapping");
const STAGE = "test";

describe("REST response headers against recorded AWS answers", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({ "recorded-remapping": (dir) => proxyEchoStack(dir, STAGE, "REGIONAL") }),
      stacks: ["recorded-remapping"],
    });
  });
  afterAll(() => gw?.close());

  /** The answer when the function returns `headers`, as [name, value] pairs in the casing the gateway wrote. */
  async function answerHeaders(headers: Record<string, string>): Promise<[string, string][]> {
    const origin = new URL(gw.api("recorded-remapping").url).origin;
    const reply = await rawRequest(
      origin,
      `/${STAGE}/x?respond=${encodeURIComponent(JSON.stringify(headers))}`,
    );
    expect(reply.status).toBe(200);
    return reply.headers;
  }
  const value = (headers: [string, string][], name: string) => headers.find(([n]) => n === name)?.[1];

  test("the recorded names arrive as x-amzn-Remapped-<name>, the kept ones as they were", async () => {
    const { remapped, kept } = fixture.mapped as Record<string, Record<string, string>>;
    const returned = Object.fromEntries(
      Object.entries({ ...remapped, ...kept }).map(([name, recordedValue]) => [
        name,
        isPlaceholder(recordedValue) ? `response_param_${name}` : recordedValue,
      ]),
    );
    // Act
    const headers = await answerHeaders(returned);
    // Assess
    for (const name of Object.keys(remapped))
      expect([name, value(headers, `x-amzn-Remapped-${name}`)]).toEqual([name, returned[name]]);
    for (const [name, recordedValue] of Object.entries(kept))
      expect([name, value(headers, name)]).toEqual([name, recordedValue]);
    // The gateway's own framing and date headers are not the function's.
    for (const name of ["Server", "Content-Length", "Connection", "Date"])
      expect([name, value(headers, name) === returned[name]]).toEqual([name, false]);
  });

  test("a Lambda proxy's WWW-Authenticate reaches the client as recorded", async () => {
    // Act
    const headers = await answerHeaders(fixture.proxy.returned);
    // Assess
    for (const [name, recordedValue] of Object.entries(fixture.proxy.received as Record<string, string>))
      expect([name, value(headers, name)]).toEqual([name, recordedValue]);
    expect(headers.some(([name]) => name.toLowerCase() === "www-authenticate")).toBe(false);
  });
});

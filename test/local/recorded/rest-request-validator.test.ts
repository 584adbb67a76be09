/**
 * A REST request validator compared with the answers it gave on AWS (test/fixtures/aws/rest-request-validator.json):
 * the missing required parameters named in one list ordered header, path, query string, a required path parameter
 * the resource lacks counted as missing, and an empty body checked against the model.
 */
import { type Recorded, recorded } from "../../fixtures/aws";
import { call, startTestGateway, type TestGateway } from "../support/gateway";
import { requestValidatorStack, writeRecordedStacks } from "./stacks";

const fixture = recorded("rest-request-validator");

describe("REST request validation against recorded AWS answers", () => {
  let gw: TestGateway;
  let origin: string;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({ "recorded-validator": (dir) => requestValidatorStack(dir, fixture) }),
      stacks: ["recorded-validator"],
    });
    origin = new URL(gw.api("recorded-validator").url).origin;
  });
  afterAll(() => gw?.close());

  const cases: [string, Recorded][] = fixture.cases.map((c: Recorded) => [c.snapshot ?? c.asserted, c]);
  test.each(cases)("%s", async (_name, recordedCase) => {
    const { request } = recordedCase;
    // Act
    const reply = await call(`${origin}${request.path}`, {
      method: request.method,
      headers:
        request.json === undefined
          ? request.headers
          : { "Content-Type": "application/json", ...request.headers },
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
    });
    // Assess
    expect(reply.status).toBe(recordedCase.status);
    if (recordedCase.body !== undefined) expect(reply.json).toEqual(recordedCase.body);
    expect(reply.headers.get("x-amzn-errortype")).toBe("BadRequestException");
  });
});

/**
 * A Lambda proxy integration whose `integration_http_method` is not POST, compared with the answer AWS gave
 * (test/fixtures/aws/rest-proxy-integration-method.json): every request is a 500 `Internal server error`, so
 * a Terraform typo that AWS refuses at call time is refused locally too, and the stack listing warns about it.
 */
import { recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { rawRequest } from "../support/raw-request";
import { proxyIntegrationMethodStack, writeRecordedStacks } from "./stacks";

const fixture = recorded("rest-proxy-integration-method");

describe("a Lambda proxy integration with a non-POST integration method, against the recorded answer", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({
        "recorded-get-proxy": (dir) => proxyIntegrationMethodStack(dir, fixture, true),
        "recorded-get-proxy-default": (dir) => proxyIntegrationMethodStack(dir, fixture, false),
      }),
      stacks: ["recorded-get-proxy", "recorded-get-proxy-default"],
    });
  });
  afterAll(() => gw?.close());

  const send = (stack: string) =>
    rawRequest(
      new URL(gw.api(stack).url).origin,
      fixture.request.path,
      fixture.request.headers,
      fixture.request.method,
    );

  test("with the recorded gateway response (no status code): the recorded status and body", async () => {
    // Act
    const reply = await send("recorded-get-proxy");
    // Assess
    expect(reply.status).toBe(fixture.answer.status);
    expect(reply.json).toEqual(fixture.answer.body);
  });

  test("without gateway responses: the same answer (docs/gateway-behavior.md §8.8), never the function's", async () => {
    // Act
    const reply = await send("recorded-get-proxy-default");
    // Assess
    expect(reply.status).toBe(fixture.answer.status);
    expect(reply.json).toEqual(fixture.answer.body);
    expect(gw.lines.some((line) => line.includes("integration_http_method"))).toBe(true);
  });

  test("the stack listing warns about the integration", () => {
    const warnings = gw.api("recorded-get-proxy").warnings ?? [];
    expect(warnings.some((warning) => warning.includes(fixture.api.integration.integrationHttpMethod))).toBe(
      true,
    );
  });
});

/**
 * A REST TOKEN Lambda authorizer compared with answers recorded on AWS
 * (test/fixtures/aws/rest-lambda-authorizer-context.json): what a Lambda proxy integration finds in
 * `requestContext.authorizer` after the authorizer allowed the call
 * (test/fixtures/aws/rest-lambda-authorizer-policy.json): which policy documents AWS accepts
 * (test/fixtures/aws/rest-lambda-authorizer-implicit-deny.json): the answer to a policy that allows other methods.
 */
import { recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { rawRequest } from "../support/raw-request";
import { restTokenAuthorizerStack } from "./authorizer-stacks";
import { writeRecordedStacks } from "./stacks";

const context = recorded("rest-lambda-authorizer-context");
const policy = recorded("rest-lambda-authorizer-policy");
const implicitDeny = recorded("rest-lambda-authorizer-implicit-deny");
const STACK = "recorded-rest-authorizer";
const DENY_STACK = "recorded-rest-authorizer-deny";
const STAGE = "test";
const PATH = "guarded";

describe("REST TOKEN Lambda authorizer against recorded answers", () => {
  let gw: TestGateway;
  let origin: string;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({
        [STACK]: (dir) =>
          restTokenAuthorizerStack(dir, STAGE, PATH, {
            context: context.answer,
            accepted: policy.accepted,
            rejected: policy.rejected.answer,
          }),
        [DENY_STACK]: (dir) =>
          restTokenAuthorizerStack(dir, STAGE, implicitDeny.request.path.slice(1), {
            deny: implicitDeny.answer,
          }),
      }),
      stacks: [STACK, DENY_STACK],
    });
    origin = new URL(gw.api(STACK).url).origin;
  });
  afterAll(() => gw?.close());

  test("context values arrive as strings, a null one as null, next to principalId and integrationLatency", async () => {
    // Act
    const reply = await rawRequest(origin, `/${STAGE}/${PATH}`, { Authorization: "context" });
    // Assess
    expect(reply.status).toBe(200);
    const got = reply.json.requestContext.authorizer;
    // The latency is the call's own; only its type is recorded.
    expect(typeof got.integrationLatency).toBe(typeof context.received.integrationLatency);
    expect({ ...got, integrationLatency: context.received.integrationLatency }).toEqual(context.received);
  });

  test("a policy statement with a null Condition is AuthorizerConfigurationException; without it, allowed", async () => {
    // Act
    const accepted = await rawRequest(origin, `/${STAGE}/${PATH}`, { Authorization: "accepted" });
    const rejected = await rawRequest(origin, `/${STAGE}/${PATH}`, { Authorization: "rejected" });
    // Assess
    expect(accepted.status).toBe(200);
    expect(accepted.json.requestContext.authorizer.principalId).toBe(policy.accepted.principalId);
    const errorType = rejected.headers.find(([name]) => name.toLowerCase() === "x-amzn-errortype")?.[1];
    expect([rejected.status, errorType]).toEqual([policy.rejected.status, policy.rejected.errorType]);
  });

  test("a policy without a matching Allow is 403 with the recorded capital-M Message", async () => {
    // Act
    const reply = await rawRequest(
      new URL(gw.api(DENY_STACK).url).origin,
      `/${STAGE}${implicitDeny.request.path}`,
      { Authorization: "deny" },
      implicitDeny.request.method,
    );
    // Assess
    expect([reply.status, reply.text]).toEqual([403, implicitDeny.body]);
  });
});

/**
 * A REST TOKEN Lambda authorizer compared with answers recorded on AWS
 * (test/fixtures/aws/rest-lambda-authorizer-context.json): what a Lambda proxy integration finds in
 * `requestContext.authorizer` after the authorizer allowed the call
 * (test/fixtures/aws/rest-lambda-authorizer-policy.json): which policy documents AWS accepts
 * (test/fixtures/aws/rest-lambda-authorizer-implicit-deny.json): the answer to a policy that allows other methods
 * (test/fixtures/aws/rest-lambda-authorizer-answers.json): a REQUEST authorizer's answers as curl printed them
 * (test/fixtures/aws/rest-lambda-authorizer-nested-context.json): a context holding a list or an object.
 */
import { recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { type RawReply, rawRequest } from "../support/raw-request";
import { AUTHORIZER_CALLED, restTokenAuthorizerStack } from "./authorizer-stacks";
import { writeRecordedStacks } from "./stacks";

const context = recorded("rest-lambda-authorizer-context");
const policy = recorded("rest-lambda-authorizer-policy");
const implicitDeny = recorded("rest-lambda-authorizer-implicit-deny");
const answers = recorded("rest-lambda-authorizer-answers");
const nested = recorded("rest-lambda-authorizer-nested-context");
const STACK = "recorded-rest-authorizer";
const DENY_STACK = "recorded-rest-authorizer-deny";
const ANSWERS_STACK = "recorded-rest-authorizer-answers";
const STAGE = "test";
const PATH = "guarded";

/** The parts of an answer a recording keeps: status, `x-amzn-ErrorType`, `Content-Length` and body. */
function answerOf(reply: RawReply) {
  const header = (name: string) => reply.headers.find(([key]) => key.toLowerCase() === name)?.[1];
  return {
    status: reply.status,
    errorType: header("x-amzn-errortype"),
    contentLength: header("content-length"),
    body: reply.text,
  };
}

describe("REST Lambda authorizer against recorded answers", () => {
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
            "list-context": nested.answers.list,
            "object-context": nested.answers.object,
          }),
        [DENY_STACK]: (dir) =>
          restTokenAuthorizerStack(dir, STAGE, implicitDeny.request.path.slice(1), {
            deny: implicitDeny.answer,
          }),
        [ANSWERS_STACK]: (dir) =>
          restTokenAuthorizerStack(
            dir,
            STAGE,
            PATH,
            {
              [answers.calls.allowed.authorization]: answers.answers.odd,
              [answers.calls.denied.authorization]: answers.answers.even,
            },
            answers.authorizer.type,
            answers.authorizer.ttlSeconds,
          ),
      }),
      stacks: [STACK, DENY_STACK, ANSWERS_STACK],
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

  test("a context holding a list or an object is AuthorizerConfigurationException", async () => {
    for (const token of ["list-context", "object-context"]) {
      // Act
      const reply = await rawRequest(origin, `/${STAGE}/${PATH}`, { Authorization: token });
      // Assess
      const { status, errorType } = answerOf(reply);
      expect({ token, status, errorType }).toEqual({
        token,
        status: nested.status,
        errorType: nested.errorType,
      });
    }
  });

  test("a policy statement with a null Condition is AuthorizerConfigurationException; without it, allowed", async () => {
    // Act
    const accepted = await rawRequest(origin, `/${STAGE}/${PATH}`, { Authorization: "accepted" });
    const rejected = await rawRequest(origin, `/${STAGE}/${PATH}`, { Authorization: "rejected" });
    // Assess
    expect(accepted.status).toBe(200);
    expect(accepted.json.requestContext.authorizer.principalId).toBe(policy.accepted.principalId);
    expect(answerOf(rejected)).toEqual({
      ...answers.calls.malformed,
      status: policy.rejected.status,
      errorType: policy.rejected.errorType,
    });
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

  test("a REQUEST authorizer's recorded calls: allowed, no header (401 without a call), a Deny without principalId", async () => {
    const origin = new URL(gw.api(ANSWERS_STACK).url).origin;
    const call = (headers: Record<string, string>) => rawRequest(origin, `/${STAGE}/${PATH}`, headers);
    const { allowed, noHeader, denied } = answers.calls;
    const { authorization: deniedToken, ...deniedAnswer } = denied;
    const calls = () => gw.lines.filter((line) => line.includes(AUTHORIZER_CALLED)).length;
    // Act
    const allowedReply = await call({ Authorization: allowed.authorization });
    const before = calls();
    const noHeaderReply = await call({});
    const afterNoHeader = calls();
    const deniedReply = await call({ Authorization: deniedToken });
    // Assess
    expect(allowedReply.status).toBe(allowed.status);
    expect(answerOf(noHeaderReply)).toEqual(noHeader);
    expect(before).toBeGreaterThan(0); // the allowed call was counted
    expect(afterNoHeader).toBe(before);
    expect(answerOf(deniedReply)).toEqual(deniedAnswer);
  });
});

/**
 * The event a REST TOKEN Lambda authorizer receives, compared with AWS's sample
 * (test/fixtures/aws/rest-token-authorizer-event.json): only `type`, `authorizationToken` and `methodArn`,
 * whose method ARN for the root resource ends in `/GET/`.
 */
import { recorded } from "../../fixtures/aws";
import { startTestGateway, type TestGateway } from "../support/gateway";
import { rawRequest } from "../support/raw-request";
import { restAuthorizerEventStack } from "./authorizer-stacks";
import { writeRecordedStacks } from "./stacks";

const want = recorded("rest-token-authorizer-event").recorded;
const STACK = "recorded-rest-token-authorizer";
const STAGE = "test";

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` in its parts. */
function arnParts(arn: string) {
  const [prefix, ...path] = arn.split("/");
  const [arnWord, partition, service, region, account, apiId] = prefix.split(":");
  return {
    arnWord,
    partition,
    service,
    region,
    account,
    apiId,
    stage: path[0],
    rest: path.slice(1).join("/"),
  };
}

describe("REST TOKEN Lambda-authorizer event against AWS's sample", () => {
  let gw: TestGateway;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON is read field by field.
  let got: any;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeRecordedStacks({ [STACK]: (dir) => restAuthorizerEventStack(dir, STAGE, "", "TOKEN") }),
      stacks: [STACK],
    });
    // Act: the sample's call, `GET /` with its token.
    const reply = await rawRequest(new URL(gw.api(STACK).url).origin, `/${STAGE}/`, {
      Authorization: want.authorizationToken,
    });
    expect(reply.status).toBe(200);
    got = JSON.parse(reply.json.requestContext.authorizer.event);
  });
  afterAll(() => gw?.close());

  test("the event is type, authorizationToken and methodArn, as in the sample", () => {
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    expect([got.type, got.authorizationToken]).toEqual([want.type, want.authorizationToken]);
  });

  test("the method ARN names the API, the stage, the method and the root as the sample does", () => {
    const local = arnParts(got.methodArn);
    const sample = arnParts(want.methodArn);
    expect([local.arnWord, local.partition, local.service]).toEqual([
      sample.arnWord,
      sample.partition,
      sample.service,
    ]);
    expect(local.rest).toBe(sample.rest);
    expect(local.stage).toBe(STAGE);
    expect(local.apiId).toBe(gw.api(STACK).apiId);
  });
});

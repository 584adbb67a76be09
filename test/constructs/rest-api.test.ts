import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { bodySchemas } from "../../api/items-schema";
import { type HandlerId, type HandlerSpec, handlers, type RouteTable, routes } from "../../api/routes";
import { NodeFunction } from "../../constructs/node-function";
import { RestApi, type RestApiProps } from "../../constructs/rest-api";
import { LAMBDA_BUNDLING } from "../../stacks/lambda-bundling";
import { restRoutes } from "../../stacks/rest-routes";
import { configurationHashOf, methodsByRoute, redeploymentTrigger } from "../support/rest";
import type { TerraformJson } from "../support/synth";

/** RestApi props to override, or a route table to adapt as the REST stacks do (reads Lambda, writes Cognito). */
type Overrides = Partial<RestApiProps> & { table?: RouteTable };

/** One function per handler of the route table, by handler id. */
function functions(scope: Construct): Record<HandlerId, NodeFunction> {
  const make = ([handler, spec]: [string, HandlerSpec]) => [
    handler,
    new NodeFunction(scope, handler, {
      entry: spec.entry,
      functionName: `test-${handler}`,
      logRetentionDays: 7,
      bundling: LAMBDA_BUNDLING,
    }),
  ];
  return Object.fromEntries(Object.entries(handlers).map(make)) as Record<HandlerId, NodeFunction>;
}

/** Synthesizes a stack holding only a RestApi (plus its functions and a user pool ARN stand-in). */
function synthApi(overrides: Overrides = {}): TerraformJson {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-rest-api-"));
  const app = Testing.app({ outdir, fakeCdktfJsonPath: true });
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const fns = functions(stack);
  const authorizer = new NodeFunction(stack, "authorizer", {
    entry: "lambdas/authorizer/index.ts",
    functionName: "test-authorizer",
    logRetentionDays: 7,
    bundling: LAMBDA_BUNDLING,
  });
  const { table = routes, ...props } = overrides;
  new RestApi(stack, "Api", {
    apiName: "test-api",
    endpointType: "REGIONAL",
    stageName: "dev",
    routes: restRoutes(
      { functionOf: (handler: HandlerId) => fns[handler] },
      { restReadAuthorizer: "lambda", restWriteAuthorizer: "cognito" },
      table,
    ),
    models: bodySchemas,
    cognitoUserPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x",
    lambdaAuthorizer: { function: authorizer },
    throttle: { rateLimit: 10, burstLimit: 20 },
    logRetentionDays: 7,
    ...props,
  });
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", "test", "cdk.tf.json"), "utf8")) as TerraformJson;
}

describe("RestApi deployment trigger", () => {
  let base: TerraformJson;
  beforeAll(() => {
    base = synthApi();
  });

  test("two synths of the same API give the same trigger", () => {
    expect(redeploymentTrigger(synthApi())).toBe(redeploymentTrigger(base));
  });

  test("reordering the route table changes nothing deployed, so it does not redeploy", () => {
    const reversed = Object.fromEntries(Object.entries(routes).reverse()) as RouteTable;
    expect(configurationHashOf(synthApi({ table: reversed }))).toBe(configurationHashOf(base));
  });

  test("adding, removing or changing a route changes the trigger", () => {
    const added = synthApi({
      table: { ...routes, "GET /items/{id}/history": { handler: "items", access: "user" } },
    });
    expect(methodsByRoute(added).has("GET /items/{id}/history")).toBe(true);
    expect(configurationHashOf(added)).not.toBe(configurationHashOf(base));

    const { "DELETE /items/{id}": _removed, ...withoutDelete } = routes;
    expect(configurationHashOf(synthApi({ table: withoutDelete }))).not.toBe(configurationHashOf(base));

    const adminReads = { ...routes, "GET /items": { handler: "items", access: "admin" } } as const;
    expect(configurationHashOf(synthApi({ table: adminReads }))).not.toBe(configurationHashOf(base));

    const otherHandler = { ...routes, "GET /hello": { handler: "items", access: "public" } } as const;
    expect(configurationHashOf(synthApi({ table: otherHandler }))).not.toBe(configurationHashOf(base));
  });

  test("stage-only settings (throttle, logging, retention) do not redeploy", () => {
    const stageOnly = synthApi({
      throttle: { rateLimit: 99, burstLimit: 199 },
      loggingLevel: "INFO",
      logRetentionDays: 30,
    });
    expect(redeploymentTrigger(stageOnly)).toBe(redeploymentTrigger(base));
  });

  test("a cache changes the methods' cache keys, so it redeploys", () => {
    expect(configurationHashOf(synthApi({ cache: {} }))).not.toBe(configurationHashOf(base));
  });
});

describe("RestApi validation", () => {
  test.each([
    [{ endpointType: "PRIVATE" as const }, /endpointType PRIVATE needs vpcEndpointIds/],
    [{ vpcEndpointIds: ["vpce-1"] }, /vpcEndpointIds are only for PRIVATE APIs, not REGIONAL/],
    [{ stageName: "my-stage" }, /stageName "my-stage" is invalid/],
    [{ routes: {} }, /routes is empty/],
    [{ table: { "GET /{proxy+}": { handler: "hello", access: "public" } } }, /unsupported path/],
    [{ throttle: { rateLimit: 0, burstLimit: 1 } }, /throttle.rateLimit 0 is invalid/],
    [{ cache: { sizeGb: "3" } }, /cache.sizeGb "3" is invalid/],
    [{ cache: { ttlSeconds: 0 } }, /cache.ttlSeconds 0 is invalid/],
    [{ cognitoUserPoolArn: undefined }, /cognitoUserPoolArn is not set/],
    [{ lambdaAuthorizer: undefined }, /lambda is not set: give the authorizer function/],
    [
      { cors: { allowOrigins: ["*"], allowCredentials: true } },
      /allowOrigins contains "\*" with allowCredentials/,
    ],
  ])("%j is rejected in the constructor", (overrides, message) => {
    expect(() => synthApi(overrides as Overrides)).toThrow(message);
  });

  test("scopes on a method no token reaches are rejected, naming the route and the fix", () => {
    const withScopes = (authorization: "none" | "iam") => () => {
      const stack = new TerraformStack(Testing.app(), "test");
      const { hello } = functions(stack);
      new RestApi(stack, "Api", {
        apiName: "test-api",
        endpointType: "REGIONAL",
        stageName: "dev",
        routes: { "GET /hello": { function: hello, authorization, scopes: ["items/admin"] } },
        throttle: { rateLimit: 10, burstLimit: 20 },
        logRetentionDays: 7,
      });
    };
    expect(withScopes("none")).toThrow(
      /route "GET \/hello" lists scopes \["items\/admin"\] with authorization "none", which checks no token/,
    );
    expect(withScopes("iam")).toThrow(/with authorization "iam"/);
  });

  test("several CORS origins: the preflight echoes only listed origins", () => {
    const json = synthApi({ cors: { allowOrigins: ["https://a.example.com", "https://b.example.com"] } });
    const responses = Object.values(json.resource.aws_api_gateway_integration_response);
    const template = (responses[0].response_templates as Record<string, string>)["application/json"];
    expect(template).toContain('#set($allowed = ["https://a.example.com","https://b.example.com"])');
    expect(template).toContain("$context.responseOverride.header.Access-Control-Allow-Origin = $origin");
    for (const response of Object.values(json.resource.aws_api_gateway_gateway_response)) {
      expect(response.response_parameters).toBeUndefined();
    }
  });
});

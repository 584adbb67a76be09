/**
 * HttpApi takes its routes as props (or through addRoutes) and its functions with them: one integration per
 * function, the JWT authorizer unless a route is public, and clear errors for routes it cannot build.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { HttpApi, type HttpApiProps } from "../../constructs/http-api";
import { NodeFunction } from "../../constructs/node-function";
import type { TerraformJson } from "../support/synth";

function setup() {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const fn = (id: string) =>
    new NodeFunction(stack, id, {
      entry: "lambdas/hello/index.ts",
      functionName: `test-${id}`,
      logRetentionDays: 7,
    });
  const props: HttpApiProps = {
    apiName: "test-api",
    jwt: { issuer: "https://issuer.example.com/", audience: ["client"] },
    throttle: { rateLimit: 10, burstLimit: 20 },
    logRetentionDays: 7,
  };
  return { stack, fn, props };
}

const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as TerraformJson;

describe("HttpApi", () => {
  test("routes given as props and added later share one integration per function; CORS lists every method", () => {
    const { stack, fn, props } = setup();
    const [a, b] = [fn("a"), fn("b")];
    const api = new HttpApi(stack, "Api", {
      ...props,
      cors: { allowOrigins: ["https://app.example.com"] },
      routes: {
        "GET /a": { function: a, authorization: "NONE" },
        "POST /a": { function: a, scopes: ["s/w"] },
      },
    });
    api.addRoutes({ "DELETE /b/{id}": { function: b } });
    const json = synth(stack);
    const routes = Object.values(json.resource.aws_apigatewayv2_route);
    expect(
      routes
        .map((route) => [route.route_key, route.authorization_type, route.authorization_scopes])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual([
      ["DELETE /b/{id}", "JWT", undefined],
      ["GET /a", "NONE", undefined],
      ["POST /a", "JWT", ["s/w"]],
    ]);
    expect(Object.keys(json.resource.aws_apigatewayv2_integration).sort()).toEqual([
      expect.stringMatching(/^Api_a-integration_/),
      expect.stringMatching(/^Api_b-integration_/),
    ]);
    const cors = Object.values(json.resource.aws_apigatewayv2_api)[0].cors_configuration as {
      allow_methods: string[];
    };
    expect(cors.allow_methods).toEqual(["DELETE", "GET", "POST", "OPTIONS"]);
  });

  test.each([
    [
      "a route key twice",
      (api: HttpApi, f: NodeFunction) => api.addRoutes({ "GET /a": { function: f } }),
      /route "GET \/a" is defined twice/,
    ],
    [
      "scopes on a public route",
      (api: HttpApi, f: NodeFunction) =>
        api.addRoutes({ "GET /b": { function: f, authorization: "NONE", scopes: ["x"] } }),
      /route "GET \/b" is public but lists scopes \["x"\]: drop the scopes/,
    ],
    [
      "a key that is no route key",
      (api: HttpApi, f: NodeFunction) => api.addRoutes({ ["GET items" as "GET /items"]: { function: f } }),
      /route key "GET items" is invalid: write "<METHOD> \/<path>"/,
    ],
  ])("rejects %s", (_name, add, message) => {
    const { stack, fn, props } = setup();
    const f = fn("a");
    const api = new HttpApi(stack, "Api", { ...props, routes: { "GET /a": { function: f } } });
    expect(() => add(api, f)).toThrow(message);
  });

  test("rejects two functions with the same construct id, which would share an integration id", () => {
    const { stack, props } = setup();
    const other = new TerraformStack(stack.node.scope as never, "other");
    const mk = (scope: TerraformStack) =>
      new NodeFunction(scope, "same", {
        entry: "lambdas/hello/index.ts",
        functionName: `test-${scope.node.id}`,
        logRetentionDays: 7,
      });
    expect(
      () =>
        new HttpApi(stack, "Api", {
          ...props,
          routes: { "GET /a": { function: mk(stack) }, "GET /b": { function: mk(other) } },
        }),
    ).toThrow(/two functions have the construct id "same"/);
  });
});

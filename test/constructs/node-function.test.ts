import { readFileSync } from "node:fs";
import { TerraformStack, Testing } from "cdktf";
import { unzipSync } from "fflate";
import { NodeFunction, SOURCE_MAPS_CONTEXT } from "../../constructs/node-function";

function helloFunction(context: Record<string, unknown>): NodeFunction {
  const app = Testing.app({ context });
  const stack = new TerraformStack(app, "fn");
  return new NodeFunction(stack, "hello", {
    entry: "lambdas/hello/index.ts",
    functionName: "fn-hello",
    logRetentionDays: 365,
    environment: { GREETING: "hi" },
  });
}

function functionBlock(context: Record<string, unknown>): Record<string, unknown> {
  const fn = helloFunction(context);
  const json = JSON.parse(Testing.synth(fn.node.scope as TerraformStack)) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  return Object.values(json.resource.aws_lambda_function)[0];
}

describe("NodeFunction source maps", () => {
  test("are off by default: no NODE_OPTIONS, the caller's variables only", () => {
    expect(functionBlock({}).environment).toEqual({ variables: { GREETING: "hi" } });
  });

  test("the app context turns them on with NODE_OPTIONS", () => {
    expect(functionBlock({ [SOURCE_MAPS_CONTEXT]: true }).environment).toEqual({
      variables: { NODE_OPTIONS: "--enable-source-maps", GREETING: "hi" },
    });
  });

  test("the zip carries the map only when they are on", () => {
    const zipEntries = (context: Record<string, unknown>) =>
      Object.keys(unzipSync(readFileSync(helloFunction(context).bundle.zipPath)));
    expect(zipEntries({})).toEqual(["index.mjs"]);
    expect(zipEntries({ [SOURCE_MAPS_CONTEXT]: true })).toEqual(["index.mjs", "index.mjs.map"]);
  });

  test("bad memory or timeout fails with the value and the allowed range", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "bad");
    const props = { entry: "lambdas/hello/index.ts", functionName: "fn-bad", logRetentionDays: 365 };
    expect(() => new NodeFunction(stack, "a", { ...props, memorySize: 64 })).toThrow(
      "memorySize 64 is invalid: use an integer from 128 to 10240 MB",
    );
    expect(() => new NodeFunction(stack, "b", { ...props, timeoutSeconds: 0 })).toThrow(
      "timeoutSeconds 0 is invalid",
    );
  });
});

test("an environment over Lambda's 4 KB is refused, naming the function and the largest variable", () => {
  const stack = new TerraformStack(Testing.app(), "fn");
  const props = { entry: "lambdas/hello/index.ts", functionName: "fn-big", logRetentionDays: 365 };
  expect(
    () => new NodeFunction(stack, "ok", { ...props, environment: { A: "a".repeat(4_095) } }),
  ).not.toThrow();
  expect(
    () => new NodeFunction(stack, "big", { ...props, environment: { A: "a", B: "b".repeat(4_095) } }),
  ).toThrow("environment of fn-big is 4098 bytes, over Lambda's 4 KB: shorten B (4095 characters)");
});

/** RouteFunctions: one function per id with shared settings; the table only for those that list actions. */
import { TerraformStack, Testing } from "cdktf";
import { RouteFunctions, type RouteFunctionsProps } from "../../constructs/route-functions";
import { parseRouteKey, routeArnPath, routeConstructId } from "../../constructs/route-keys";
import type { TerraformJson } from "../support/synth";

const base: RouteFunctionsProps = {
  functions: {
    reader: { entry: "lambdas/hello/index.ts", tableActions: ["GetItem"] },
    other: { entry: "lambdas/hello/index.ts" },
  },
  functionName: (id) => `test-${id}`,
  table: { id: "Data", tableName: "test-data", partitionKey: "pk", environmentVariable: "DATA_TABLE" },
  logRetentionDays: 7,
  environment: { SHARED: "yes" },
};

describe("RouteFunctions", () => {
  test("the table's name and grant go only to the functions that list actions", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const made = new RouteFunctions(stack, "Functions", base);
    expect(Object.keys(made.functions)).toEqual(["other", "reader"]);
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    const byName = Object.fromEntries(
      Object.values(json.resource.aws_lambda_function).map((fn) => [fn.function_name, fn]),
    );
    expect(byName["test-reader"].environment).toEqual({
      variables: { DATA_TABLE: expect.stringMatching(/aws_dynamodb_table\.Functions_Data_/), SHARED: "yes" },
    });
    expect(byName["test-other"].environment).toEqual({ variables: { SHARED: "yes" } });
    const policies = Object.values(json.resource.aws_iam_role_policy).map((p) => String(p.policy));
    expect(policies.filter((policy) => policy.includes("dynamodb:GetItem"))).toHaveLength(1);
  });

  test.each([
    [{ functions: {} }, /functions is empty/],
    [{ table: undefined }, /functions "reader" list tableActions but no table is given/],
  ])("%j is rejected in the constructor", (overrides, message) => {
    const stack = new TerraformStack(Testing.app(), "test");
    expect(() => new RouteFunctions(stack, "Functions", { ...base, ...overrides })).toThrow(message);
  });
});

describe("route keys", () => {
  test("split into method and path; ids and ARN tails as the constructs name them", () => {
    const route = parseRouteKey("GET /items/{id}");
    expect(route).toEqual({ key: "GET /items/{id}", method: "GET", path: "/items/{id}" });
    expect(routeConstructId(route)).toBe("get-items-id");
    expect(routeArnPath(route)).toBe("GET/items/*");
    expect(routeConstructId(parseRouteKey("POST /"))).toBe("post-root");
  });

  test.each(["GET", "GET items", "FETCH /items", "get /items", "GET /items extra"])(
    "%j is refused",
    (key) => {
      expect(() => parseRouteKey(key)).toThrow(`route key "${key}" is invalid: write "<METHOD> /<path>"`);
    },
  );
});

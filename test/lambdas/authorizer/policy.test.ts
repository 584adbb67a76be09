import { buildSync } from "esbuild";
import fc from "fast-check";
import { routeList, scopes, signedInRouteScopes } from "../../../api/routes";
import { esbuildOptions } from "../../../constructs/bundling";
import { projectRoot } from "../../../constructs/node-function";
import {
  allowedRouteArns,
  arnMatches,
  parseMethodArn,
  parseRouteScopes,
  policyFor,
  routeArn,
} from "../../../lambdas/authorizer/policy";
import { LAMBDA_BUNDLING } from "../../../stacks/lambda-bundling";
import { methodArn, STAGE_PREFIX } from "./support";

describe("method ARNs", () => {
  test("parses the stage prefix, verb and path", () => {
    expect(parseMethodArn(methodArn("GET", "/items/42"))).toEqual({
      stagePrefix: STAGE_PREFIX,
      method: "GET",
      path: "items/42",
    });
    expect(parseMethodArn(`${STAGE_PREFIX}/GET/`)).toMatchObject({ method: "GET", path: "" });
  });

  test("rejects what is not an execute-api method ARN", () => {
    for (const bad of [
      undefined,
      42,
      "",
      "arn:aws:s3:::bucket/key",
      "arn:aws:execute-api:us-east-1:123:abc/dev",
    ]) {
      expect(parseMethodArn(bad)).toBeUndefined();
    }
  });

  test("route ARNs put * in place of path parameters, and match the concrete ARN", () => {
    const pattern = routeArn(STAGE_PREFIX, "GET", "/items/{id}");
    expect(pattern).toBe(`${STAGE_PREFIX}/GET/items/*`);
    expect(arnMatches(pattern, methodArn("GET", "/items/abc-1"))).toBe(true);
    expect(arnMatches(pattern, methodArn("GET", "/items"))).toBe(false);
    expect(arnMatches(pattern, methodArn("PUT", "/items/abc-1"))).toBe(false);
  });
});

describe("policies", () => {
  test("public routes are never in the policy (they have no authorizer)", () => {
    const all = allowedRouteArns(STAGE_PREFIX, [scopes.write, scopes.admin], signedInRouteScopes());
    expect(all).not.toContain(`${STAGE_PREFIX}/GET/hello`);
    const signedIn = routeList().filter((route) => route.spec.access !== "public");
    expect(all).toHaveLength(signedIn.length);
  });

  test("property: a token gets Allow on the asked-for method exactly when its scopes permit it", () => {
    const signedIn = routeList().filter((route) => route.spec.access !== "public");
    fc.assert(
      fc.property(
        fc.constantFrom(...signedIn),
        fc.subarray([scopes.write, scopes.admin, "openid", "email"]),
        fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
        (route, tokenScopes, id) => {
          const path = route.path.replace("{id}", id).slice(1);
          const policy = policyFor(
            { stagePrefix: STAGE_PREFIX, method: route.method, path },
            tokenScopes,
            signedInRouteScopes(),
          );
          const needed =
            route.spec.access === "admin" ? [scopes.admin] : route.spec.write ? [scopes.write] : [];
          const permitted = needed.length === 0 || needed.some((scope) => tokenScopes.includes(scope));
          const denied = policy.Statement.some((statement) => statement.Effect === "Deny");
          expect(denied).toBe(!permitted);
          for (const statement of policy.Statement) expect(statement.Resource).not.toContain("*");
        },
      ),
    );
  });
});

describe("route scopes from the environment", () => {
  test("the JSON the stacks write reads back as the table's signed-in routes and their scopes", () => {
    const table = signedInRouteScopes();
    expect(parseRouteScopes(JSON.stringify(table))).toEqual(table);
    for (const route of routeList()) {
      expect(table[route.key] !== undefined).toBe(route.spec.access !== "public");
    }
  });

  test.each([
    [undefined, /ROUTE_SCOPES is not set/],
    ["", /ROUTE_SCOPES is not set/],
    ["{not json", /ROUTE_SCOPES is not JSON/],
    ['["GET /items"]', /not an object/],
    ["null", /not an object/],
    ["{}", /lists no route/],
    ['{"/items": []}', /key "\/items" is not "METHOD \/path"/],
    ['{"FETCH /items": []}', /key "FETCH \/items"/],
    ['{"GET /items": "items/write"}', /ROUTE_SCOPES\["GET \/items"\] is not a list of scope names/],
    ['{"GET /items": [""]}', /is not a list of scope names/],
    ['{"GET /items": [1]}', /is not a list of scope names/],
  ])("%j is a configuration error (a 500, never an Allow)", (json, message) => {
    expect(() => parseRouteScopes(json)).toThrow(message);
  });

  test("a route the environment does not list is denied, even to a token with every scope", () => {
    const policy = policyFor({ stagePrefix: STAGE_PREFIX, method: "GET", path: "items" }, [scopes.admin], {
      "DELETE /items/{id}": [scopes.admin],
    });
    expect(policy.Statement).toEqual([
      { Action: "execute-api:Invoke", Effect: "Allow", Resource: [`${STAGE_PREFIX}/DELETE/items/*`] },
      { Action: "execute-api:Invoke", Effect: "Deny", Resource: [`${STAGE_PREFIX}/GET/items`] },
    ]);
  });
});

test("the authorizer's bundle reads no file of api/: editing the route table leaves its zip as it is", () => {
  const options = esbuildOptions({
    ...LAMBDA_BUNDLING,
    entry: "lambdas/authorizer/index.ts",
    root: projectRoot(),
  });
  const inputs = Object.keys(buildSync(options).metafile?.inputs ?? {});
  expect(inputs).toContain("lambdas/authorizer/policy.ts");
  expect(inputs.filter((input) => input.startsWith("api/"))).toEqual([]);
});

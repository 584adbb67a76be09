import fc from "fast-check";
import {
  allowedRouteArns,
  arnMatches,
  parseMethodArn,
  policyFor,
  routeArn,
} from "../../../lambdas/authorizer/policy";
import { routeList, scopes } from "../../../api/routes";
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
    const all = allowedRouteArns(STAGE_PREFIX, [scopes.write, scopes.admin]);
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
          const policy = policyFor({ stagePrefix: STAGE_PREFIX, method: route.method, path }, tokenScopes);
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

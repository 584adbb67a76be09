/**
 * What the console reads from the synthesized stacks (auth, throttles, caches, plans), without a browser
 * (test/diagrams checks the diagrams it serves).
 */

import { requiredScopes, routeList } from "../../api/routes";
import { stackFacts } from "../../local/console/facts";
import { readStacks } from "../../tfjson/stack-files";
import { httpStyleStackIds } from "../local/support/app-served";
import { synthesizedOutdir } from "../local/support/synthesized";
import { STACK_IDS } from "../support/app-stacks";

/** A test about one of the app's stacks: it exists only when the app registers that stack. */
const testOf = (id: string): typeof test | ((...args: Parameters<typeof test>) => void) =>
  STACK_IDS.includes(id) ? test : () => undefined;

const stacks = new Map(readStacks(synthesizedOutdir()).map((stack) => [stack.id, stackFacts(stack)]));
const facts = (id: string) => {
  const found = stacks.get(id);
  if (!found) throw new Error(`no stack ${id}`);
  return found;
};
const route = (id: string, key: string) => facts(id).routes.find((r) => r.key === key);

describe("console facts from the synthesized JSON", () => {
  // Every registered stack that serves the route table, whichever a fork keeps: each route with its scopes,
  // public routes open, the others behind an authorizer.
  for (const id of httpStyleStackIds())
    test(`${id}: every route of the route table, open only where public`, () => {
      for (const { key, spec } of routeList()) {
        const found = route(id, key);
        expect(found).toBeDefined();
        if (spec.access === "public") expect(found).toMatchObject({ auth: "none" });
        else expect(found?.auth).not.toBe("none");
        if (found?.auth === "JWT" || found?.auth === "Cognito")
          expect(found.scopes).toEqual(requiredScopes(spec));
      }
      expect(facts(id).diagram).toBeDefined();
    });

  testOf("http-api")("http-api: JWT routes with their scopes, the stage throttle, no plans", () => {
    expect(route("http-api", "GET /hello")).toMatchObject({ auth: "none", scopes: [] });
    expect(route("http-api", "DELETE /items/{id}")).toMatchObject({ auth: "JWT", scopes: ["items/admin"] });
    expect(facts("http-api")).toMatchObject({ throttle: "50/s burst 100", plans: [] });
  });

  testOf("rest-regional")(
    "REST: Cognito, Lambda and IAM authorizers, API keys, usage plans with method throttles and quotas",
    () => {
      expect(route("rest-regional", "POST /items")).toMatchObject({
        auth: "Cognito",
        scopes: ["items/write"],
        apiKeyRequired: true,
      });
      expect(route("rest-regional", "GET /items")?.auth).toBe("Lambda token authorizer");
      expect(route("rest-regional", "DELETE /items/{id}")?.auth).toBe("IAM");
      const basic = facts("rest-regional").plans.find((plan) => plan.name.endsWith("-basic"));
      expect(basic).toMatchObject({
        throttle: "5/s burst 10",
        quota: "10000 per month",
        keys: ["apigw-dev-rest-regional-basic-demo"],
      });
      expect(basic?.methodThrottles).toContain("POST /items 1/s burst 2");
    },
  );

  testOf("rest-edge")("rest-edge: the stage cache and the cached method", () => {
    expect(facts("rest-edge").cacheCluster).toBe("0.5 GB");
    expect(route("rest-edge", "GET /items/{id}")?.cache).toBe("60 s TTL");
    expect(route("rest-edge", "GET /items")?.cache).toBeUndefined();
  });

  testOf("websocket")("websocket: the $connect Lambda authorizer, the other routes open", () => {
    expect(route("websocket", "$connect")?.auth).toBe("Lambda authorizer");
    expect(route("websocket", "sendMessage")?.auth).toBe("none");
  });
});

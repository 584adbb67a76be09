import { MethodNotAllowedError, NotFoundError } from "../../../lambdas/shared/errors";
import type { RequestContext } from "../../../lambdas/shared/handler";
import { type HttpRequest, json, normalizeEvent } from "../../../lambdas/shared/http";
import { createLogger } from "../../../lambdas/shared/log";
import { router } from "../../../lambdas/shared/router";
import { httpEvent, restEvent } from "../fixtures/events";

const context: RequestContext = { log: createLogger() };
const echo = (name: string) => (request: HttpRequest) =>
  json(200, { name, parameters: request.pathParameters });
const route = router({
  "GET /items": echo("list"),
  "POST /items": echo("create"),
  "GET /items/{id}": echo("get"),
  "DELETE /items/{id}": echo("delete"),
});
const answer = async (event: unknown) => JSON.parse((await route(normalizeEvent(event), context)).body);

describe("router", () => {
  test("uses the route key API Gateway matched, with its path parameters", async () => {
    const event = restEvent({ method: "GET", resource: "/items/{id}", pathParameters: { id: "a b" } });
    expect(await answer(event)).toEqual({ name: "get", parameters: { id: "a b" } });
  });

  test.each([
    ["$default", httpEvent({ method: "DELETE", path: "/items/a%20b", routeKey: "$default" })],
    [
      "ANY /{proxy+}",
      httpEvent({ method: "DELETE", resource: "/{proxy+}", path: "/items/a%20b", routeKey: "ANY /{proxy+}" }),
    ],
    ["REST /{proxy+}", restEvent({ method: "DELETE", resource: "/{proxy+}", path: "/items/a%20b" })],
    ["a trailing slash", httpEvent({ method: "DELETE", path: "/items/a%20b/", routeKey: "$default" })],
  ])("behind a catch-all (%s) it matches method and path, decoding parameters", async (_case, event) => {
    expect(await answer(event)).toEqual({ name: "delete", parameters: { id: "a b" } });
  });

  test("a known path with another method is a 405 listing the allowed methods", async () => {
    const event = httpEvent({ method: "PATCH", path: "/items/1", routeKey: "$default" });
    await expect(answer(event)).rejects.toThrow(MethodNotAllowedError);
    await expect(answer(event)).rejects.toMatchObject({ headers: { allow: "DELETE, GET" } });
  });

  test.each([["/nothing"], ["/items/1/extra"], ["/items//"], ["/"]])("path %p is a 404", async (path) => {
    await expect(answer(httpEvent({ path, routeKey: "$default" }))).rejects.toThrow(NotFoundError);
  });

  test("a route key naming an Object.prototype member is not a route", async () => {
    const event = httpEvent({ path: "/x", routeKey: "toString" });
    await expect(answer(event)).rejects.toThrow(NotFoundError);
  });
});

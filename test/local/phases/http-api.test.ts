/**
 * The HTTP API phases one by one, on a hand-built API model: stage, CORS preflight, route, the JWT authorizer's
 * challenges (and the option for the scope it names), the event's cookies (and the option that keeps the
 * header), the error answers and the headers every answer carries.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { authorizeJwt } from "../../../local/http-api/authorize";
import { type HttpContext, type HttpParts, httpContext } from "../../../local/http-api/context";
import { renderHttpError } from "../../../local/http-api/errors";
import type { HttpApiModel, HttpRoute, HttpStage } from "../../../local/http-api/model";
import { httpCors } from "../../../local/http-api/phases/cors";
import { httpIntegrationRequest } from "../../../local/http-api/phases/integration";
import { finishHttp } from "../../../local/http-api/phases/method-response";
import { httpRoute } from "../../../local/http-api/phases/route";
import { httpStage } from "../../../local/http-api/phases/stage";
import { RouteTable } from "../../../local/http-api/routes";
import type { GatewayOptions } from "../../../local/options";
import { GatewayError } from "../../../local/pipeline/errors";
import { RouteThrottles } from "../../../local/pipeline/phases/throttle";
import { type FakeRequest, fakeFunction, fakeRequest, fakeRuntime, NOW } from "../support/phase-context";

const ISSUER = "https://issuer.example.com";

function route(key: string, extra: Partial<HttpRoute> = {}): HttpRoute {
  return {
    key,
    authorizationType: "NONE",
    authorizer: undefined,
    scopes: [],
    integration: {
      id: "i1",
      type: "AWS_PROXY",
      fn: fakeFunction([]),
      uri: "",
      payloadFormat: "2.0",
      timeoutMs: 30000,
    },
    ...extra,
  };
}

function parts(routes: HttpRoute[], options: GatewayOptions = {}, stages: HttpStage[] = []): HttpParts {
  const model: HttpApiModel = {
    address: "aws_apigatewayv2_api.api",
    apiId: "h1t2p3",
    name: "unit",
    cors: {
      allowOrigins: ["https://app.example.com"],
      allowMethods: ["GET"],
      allowHeaders: ["authorization"],
      exposeHeaders: [],
      allowCredentials: false,
      maxAge: 60,
    },
    disableExecuteApiEndpoint: false,
    routes,
    stages:
      stages.length > 0
        ? stages
        : [{ name: "$default", variables: {}, defaultThrottle: undefined, routeThrottles: new Map() }],
    warnings: [],
  };
  return {
    runtime: fakeRuntime(options),
    model,
    table: new RouteTable(routes.map((r) => ({ key: r.key, value: r }))),
    stages: new Map(model.stages.map((s) => [s.name, s])),
    runners: new Map(),
    throttles: new RouteThrottles("http:unit", "us-east-1"),
  };
}

function context(api: HttpParts, url: string, request: FakeRequest = {}): HttpContext {
  const [path, query = ""] = url.split("?");
  return httpContext(api, fakeRequest({ url, ...request }), path, query, performance.now());
}

describe("httpStage and httpRoute", () => {
  test("a named stage is cut from the path; otherwise $default serves the whole path", () => {
    const api = parts([route("GET /items")], {}, [
      { name: "dev", variables: {}, defaultThrottle: undefined, routeThrottles: new Map() },
      { name: "$default", variables: {}, defaultThrottle: undefined, routeThrottles: new Map() },
    ]);
    const named = context(api, "/dev/items");
    httpStage(named);
    const fallback = context(api, "/items");
    httpStage(fallback);
    expect([named.stageName, named.path, fallback.stageName, fallback.path]).toEqual([
      "dev",
      "/items",
      "$default",
      "/items",
    ]);
  });

  test("no stage at all is UNKNOWN_STAGE; no route is a 404 (MISSING_AUTHENTICATION_TOKEN)", () => {
    const api = parts([route("GET /items")], {}, [
      { name: "dev", variables: {}, defaultThrottle: undefined, routeThrottles: new Map() },
    ]);
    expect(() => httpStage(context(api, "/other"))).toThrow(
      expect.objectContaining({ type: "UNKNOWN_STAGE" }),
    );
    const ctx = context(api, "/dev/nothing");
    httpStage(ctx);
    expect(() => httpRoute(ctx)).toThrow(expect.objectContaining({ type: "MISSING_AUTHENTICATION_TOKEN" }));
  });
});

describe("httpCors and finishHttp", () => {
  test("a preflight is answered by the gateway with the option's status; the answer has no response CORS headers", () => {
    const api = parts([route("GET /items")], { http: { preflightStatus: 200 } });
    const ctx = context(api, "/items", {
      method: "OPTIONS",
      headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "GET" },
    });
    httpCors(ctx);
    expect(ctx.reply?.status).toBe(200);
    const finished = finishHttp(ctx, ctx.reply ?? { status: 0, headers: [], body: "" });
    expect(finished.headers.slice(-2)).toEqual(["apigw-requestid", ctx.requestId]);
    expect(finished.headers.filter((h) => h === "Access-Control-Allow-Origin")).toHaveLength(1);
  });

  test("other answers to an allowed origin get the configured headers, apigw-requestid last", () => {
    const api = parts([route("GET /items")]);
    const ctx = context(api, "/items", { headers: { Origin: "https://app.example.com" } });
    httpCors(ctx);
    const headers = finishHttp(ctx, {
      status: 200,
      headers: ["content-type", "text/plain"],
      body: "",
    }).headers;
    expect(headers).toEqual([
      "content-type",
      "text/plain",
      "Access-Control-Allow-Origin",
      "https://app.example.com",
      "Vary",
      "Origin",
      "apigw-requestid",
      ctx.requestId,
    ]);
  });
});

describe("renderHttpError", () => {
  test("each refusal is {message} with its status's text and the headers it carries", () => {
    expect(renderHttpError(new GatewayError("MISSING_AUTHENTICATION_TOKEN", "no route"))).toEqual({
      status: 404,
      headers: ["content-type", "application/json"],
      body: '{"message":"Not Found"}',
    });
    expect(
      renderHttpError(new GatewayError("UNAUTHORIZED", "x", { headers: ["www-authenticate", "Bearer"] })),
    ).toEqual({
      status: 401,
      headers: ["content-type", "application/json", "www-authenticate", "Bearer"],
      body: '{"message":"Unauthorized"}',
    });
    expect(renderHttpError(new GatewayError("INTEGRATION_TIMEOUT", "x")).body).toBe(
      '{"message":"Service Unavailable"}',
    );
    // An option's status brings its own text (a Lambda authorizer's `Unauthorized` read as 500).
    expect(renderHttpError(new GatewayError("UNAUTHORIZED", "x", { status: 500 })).body).toBe(
      '{"message":"Internal Server Error"}',
    );
  });
});

describe("httpIntegrationRequest", () => {
  const cookieEvent = (options: GatewayOptions) => {
    const api = parts([route("$default")], options);
    const ctx = context(api, "/page", { headers: { Cookie: "a=1; b=2" } });
    httpStage(ctx);
    httpRoute(ctx);
    httpIntegrationRequest(ctx);
    return JSON.parse(ctx.event ?? "{}");
  };

  test("cookies move to `cookies` (recorded); `http.keepCookieHeader` leaves the header too", () => {
    const moved = cookieEvent({});
    expect([moved.cookies, moved.headers.cookie]).toEqual([["a=1", "b=2"], undefined]);
    expect(cookieEvent({ http: { keepCookieHeader: true } }).headers.cookie).toBe("a=1; b=2");
  });
});

describe("authorizeJwt challenges", () => {
  async function setup(options: GatewayOptions) {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
    const scoped = route("GET /scoped", {
      authorizationType: "JWT",
      scopes: ["items/read", "items/admin"],
      authorizer: {
        id: "a1",
        name: "jwt",
        type: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwt: {
          issuer: ISSUER,
          declaredIssuer: ISSUER,
          audiences: ["app"],
          keySet: createLocalJWKSet({ keys: [jwk] }),
        },
        payloadFormat: "2.0",
        simpleResponses: false,
        ttlSeconds: 0,
      },
    });
    const expired = await new SignJWT({ scope: "items/read" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience("app")
      .setExpirationTime(Math.floor(NOW / 1000) - 60)
      .sign(privateKey);
    const api = parts([scoped], options);
    const ctx = (authorization?: string) => {
      const c = context(api, "/scoped", {
        headers: authorization ? { Authorization: `Bearer ${authorization}` } : {},
      });
      httpStage(c);
      httpRoute(c);
      return c;
    };
    return { scoped, expired, ctx };
  }

  test("no token: the bare `Bearer` challenge (recorded)", async () => {
    const { scoped, ctx } = await setup({});
    await expect(authorizeJwt(ctx(), scoped)).rejects.toMatchObject({
      type: "UNAUTHORIZED",
      detail: { headers: ["www-authenticate", "Bearer"] },
    });
  });

  test('a refused token names the route\'s scopes, or none with `http.jwtChallengeScopes: "empty"`', async () => {
    const route = await setup({});
    await expect(authorizeJwt(route.ctx(route.expired), route.scoped)).rejects.toMatchObject({
      detail: {
        headers: [
          "www-authenticate",
          'Bearer scope="items/read items/admin" error="invalid_token" error_description="the token has expired"',
        ],
      },
    });
    const empty = await setup({ http: { jwtChallengeScopes: "empty" } });
    await expect(authorizeJwt(empty.ctx(empty.expired), empty.scoped)).rejects.toMatchObject({
      detail: {
        headers: [
          "www-authenticate",
          'Bearer scope="" error="invalid_token" error_description="the token has expired"',
        ],
      },
    });
  });
});

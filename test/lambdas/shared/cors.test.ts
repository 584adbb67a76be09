import { corsHeaders } from "../../../lambdas/shared/cors";
import { type HttpResult, json } from "../../../lambdas/shared/http";
import { restEvent } from "../fixtures/events";
import { silenceLogs } from "../fixtures/results";

describe("CORS headers on responses", () => {
  const policy = { origins: ["https://app.example.com"], credentials: false };

  test("an allowed origin is echoed, with Vary and the readable headers", () => {
    expect(corsHeaders("https://app.example.com", policy)).toEqual({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-expose-headers": "etag, location",
      vary: "origin",
    });
  });

  test("another origin, no origin, or no policy get no CORS headers", () => {
    expect(corsHeaders("https://evil.example.com", policy)).toEqual({});
    expect(corsHeaders(undefined, policy)).toEqual({});
    expect(corsHeaders("https://app.example.com", { origins: [], credentials: false })).toEqual({});
  });

  test("credentials are allowed only for listed origins, never with *", () => {
    expect(corsHeaders("https://app.example.com", { ...policy, credentials: true })).toMatchObject({
      "access-control-allow-credentials": "true",
    });
    expect(corsHeaders("https://x.example.com", { origins: ["*"], credentials: false })).toMatchObject({
      "access-control-allow-origin": "*",
    });
    expect(corsHeaders("https://x.example.com", { origins: ["*"], credentials: true })).toEqual({});
  });
});

describe("the handler wrapper", () => {
  test("adds CORS headers for an allowed origin from CORS_ALLOW_ORIGINS", async () => {
    process.env.CORS_ALLOW_ORIGINS = "https://app.example.com";
    let wrapper: typeof import("../../../lambdas/shared/handler") | undefined;
    jest.isolateModules(() => {
      wrapper = require("../../../lambdas/shared/handler");
    });
    delete process.env.CORS_ALLOW_ORIGINS;
    silenceLogs();
    const handler = wrapper?.httpHandler(() => json(200, { ok: true })) as (
      event: unknown,
    ) => Promise<HttpResult>;
    const allowed = await handler(
      restEvent({ resource: "/hello", headers: { Origin: "https://app.example.com" } }),
    );
    expect(allowed.headers).toMatchObject({
      "access-control-allow-origin": "https://app.example.com",
      vary: "origin",
    });
    const other = await handler(
      restEvent({ resource: "/hello", headers: { Origin: "https://evil.example.com" } }),
    );
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

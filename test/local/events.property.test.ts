/**
 * Property-based tests (fast-check) of the gateway's parsers and event builders: arbitrary paths, query
 * strings, headers and bodies never crash them and arrive in the event as the spec says (spec §1.1, §2.1).
 */
import { request } from "node:http";
import fc from "fast-check";
import { httpBody, restBody } from "../../local/events/body";
import type { ApiContext, ForwardedRequest } from "../../local/events/common";
import { httpEventOf } from "../../local/events/http";
import { restEventOf } from "../../local/events/rest";
import { splitTarget } from "../../local/http/request";
import { RouteTable } from "../../local/http-api/routes";
import { selectRouteKey } from "../../local/websocket/selection";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { startTestGateway, type TestGateway } from "./support/gateway";

const API: ApiContext = {
  apiId: "abc123defg",
  accountId: "000000000000",
  domainName: "127.0.0.1:4001",
  domainPrefix: "127",
  stage: "dev",
};

/** Characters allowed unescaped in a path segment, plus valid %XX escapes. */
const segment = fc
  .array(
    fc.oneof(
      fc.constantFrom(..."abcXYZ019-._~!$&'()*+,;=:@".split("")),
      fc.integer({ min: 0, max: 255 }).map((n) => `%${n.toString(16).padStart(2, "0").toUpperCase()}`),
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(""));
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join("/")}`);
const queryText = fc
  .array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })), { maxLength: 5 })
  .map((pairs) =>
    pairs
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value).replace(/%20/g, "+")}`)
      .join("&"),
  );
const headerName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/)
  .filter(
    (name) =>
      !/^(host|content-length|transfer-encoding|connection|cookie|x-forwarded-.*|x-amzn-trace-id|keep-alive|te|trailer|upgrade)$/i.test(
        name,
      ),
  );
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 });

function forwarded(overrides: Partial<ForwardedRequest>): ForwardedRequest {
  return {
    method: "GET",
    path: "/",
    rawQuery: "",
    headers: [],
    body: undefined,
    isBase64Encoded: false,
    bodyLength: 0,
    sourceIp: "127.0.0.1",
    timeEpoch: 1_700_000_000_000,
    ...overrides,
  };
}

function expectedQuery(raw: string): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(raw))
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return grouped;
}

describe("parsers and event builders (properties)", () => {
  test("splitTarget gives back the raw path and query exactly", () => {
    fc.assert(
      fc.property(path, queryText, (p, q) => {
        expect(splitTarget(q === "" ? p : `${p}?${q}`)).toEqual({ rawPath: p, rawQuery: q });
        expect(splitTarget(`${p}?${q}#fragment`)).toEqual({ rawPath: p, rawQuery: q });
      }),
    );
  });

  test("2.0 events: raw query kept, parameters decoded and comma-joined, headers lower-case and joined, body round-trips", () => {
    fc.assert(
      fc.property(
        path,
        queryText,
        headers,
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(
          undefined,
          "application/json",
          "text/plain; charset=utf-8",
          "application/octet-stream",
          "image/png",
        ),
        (p, q, hs, bytes, type) => {
          const body = httpBody(Buffer.from(bytes), type);
          const flat = hs.flat();
          const event = httpEventOf({
            request: forwarded({ path: p, rawQuery: q, headers: flat, ...body }),
            api: API,
            routeKey: "ANY /{proxy+}",
            requestId: "id",
          });
          expect(event.rawPath).toBe(`/dev${p}`);
          expect(event.rawQueryString).toBe(q);
          const query = expectedQuery(q);
          expect(event.queryStringParameters ?? {}).toEqual(
            Object.fromEntries([...query].map(([name, values]) => [name, values.join(",")])),
          );
          for (const [name, value] of hs) {
            const all = hs.filter(([other]) => other.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
            expect(event.headers[name.toLowerCase()]).toBe(all.join(","));
            expect(all).toContain(value);
          }
          expect(event.headers["content-length"]).toBe(String(bytes.length));
          const decoded =
            event.body === undefined
              ? Buffer.alloc(0)
              : event.isBase64Encoded
                ? Buffer.from(event.body, "base64")
                : Buffer.from(event.body, "utf8");
          expect(decoded.equals(Buffer.from(bytes))).toBe(true);
          if (bytes.length === 0) expect(event).not.toHaveProperty("body");
        },
      ),
    );
  });

  test("1.0 events: last value single, all values multi, client casing, null when empty, body as text or base64", () => {
    fc.assert(
      fc.property(
        path,
        queryText,
        headers,
        fc.uint8Array({ maxLength: 64 }),
        fc.boolean(),
        (p, q, hs, bytes, binary) => {
          const body = restBody(Buffer.from(bytes), binary ? "application/octet-stream" : "text/plain", [
            "application/octet-stream",
          ]);
          const event = restEventOf({
            request: forwarded({ path: p, rawQuery: q, headers: hs.flat(), ...body }),
            api: API,
            resource: "/{proxy+}",
            resourceId: "r",
            pathParameters: { proxy: p.slice(1) },
            requestId: "r",
            extendedRequestId: "e",
          });
          const query = expectedQuery(q);
          if (query.size === 0) {
            expect([event.queryStringParameters, event.multiValueQueryStringParameters]).toEqual([
              null,
              null,
            ]);
          } else {
            expect(event.multiValueQueryStringParameters).toEqual(Object.fromEntries(query));
            expect(event.queryStringParameters).toEqual(
              Object.fromEntries([...query].map(([name, values]) => [name, values[values.length - 1]])),
            );
          }
          if (hs.length === 0) expect(event.headers).toBeNull();
          for (const [name] of hs)
            expect(event.multiValueHeaders?.[name]).toEqual(
              hs.filter(([other]) => other === name).map(([, v]) => v),
            );
          expect(event.path).toBe(p);
          expect(event.requestContext.path).toBe(`/dev${p}`);
          if (bytes.length === 0) expect(event.body).toBeNull();
          else if (binary)
            expect(Buffer.from(event.body ?? "", "base64").equals(Buffer.from(bytes))).toBe(true);
          else expect(event.body).toBe(Buffer.from(bytes).toString("utf8"));
        },
      ),
    );
  });

  test("HTTP API routes: a path built from a template matches it and gives its values back", () => {
    const table = new RouteTable([
      { key: "GET /a/{x}/b/{y}", value: "xy" },
      { key: "GET /a/{proxy+}", value: "proxy" },
      { key: "GET /a/fixed/b/{y}", value: "fixed" },
      { key: "$default", value: "default" },
    ]);
    fc.assert(
      fc.property(segment, segment, fc.array(segment, { minLength: 1, maxLength: 4 }), (x, y, tail) => {
        const xy = table.match("GET", `/a/${x}/b/${y}`);
        expect(xy?.value).toBe(x === "fixed" ? "fixed" : "xy");
        if (x !== "fixed") expect(xy?.pathParameters).toEqual({ x, y });
        const proxy = table.match("GET", `/a/${tail.join("/")}/c/d/`);
        expect(proxy?.value).toBe("proxy");
        expect(proxy?.pathParameters).toEqual({ proxy: `${tail.join("/")}/c/d` });
        expect(table.match("POST", `/a/${x}`)?.value).toBe("default");
      }),
    );
  });

  test("route selection reads the action of any JSON object; anything else goes to $default", () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (action, rest) => {
        expect(selectRouteKey("$request.body.action", JSON.stringify({ ...rest, action }))).toBe(action);
        // biome-ignore lint/suspicious/noTemplateCurlyInString: API Gateway's braced selection-expression form.
        expect(selectRouteKey("${request.body.action}", JSON.stringify({ ...rest, action }))).toBe(action);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        let object = false;
        try {
          const value = JSON.parse(text);
          object = value !== null && typeof value === "object" && !Array.isArray(value);
        } catch {}
        if (!object) expect(selectRouteKey("$request.body.action", text)).toBeUndefined();
      }),
    );
  });
});

describe("the running gateway with arbitrary requests (properties)", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeFixtureStacks(),
      throttling: false,
      log: { requests: false, functions: false },
    });
  });
  afterAll(() => gw?.close());

  /** A raw HTTP request (node:http keeps the path exactly as given, unlike fetch). */
  function send(
    url: string,
    rawPath: string,
    method: string,
    hs: [string, string][],
    body: Buffer,
  ): Promise<{ status: number; body: string }> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          method,
          path: rawPath,
          headers: [
            "host",
            target.host,
            ...hs.flat(),
            "content-length",
            String(body.length),
          ] as unknown as Record<string, string>,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  test("HTTP API: every request is answered; the echoed event carries the raw path, query and body", async () => {
    const base = gw.api("fixture-http").url;
    await fc.assert(
      fc.asyncProperty(
        path,
        queryText,
        headers,
        fc.uint8Array({ maxLength: 128 }),
        fc.constantFrom("POST", "PUT", "DELETE", "PATCH"),
        async (p, q, hs, bytes, method) => {
          const target = q === "" ? `/x${p}` : `/x${p}?${q}`;
          const reply = await send(
            base,
            target,
            method,
            [...hs, ["content-type", "application/octet-stream"]],
            Buffer.from(bytes),
          );
          expect(reply.status).toBe(200);
          const { event } = JSON.parse(reply.body);
          expect([event.rawPath, event.rawQueryString, event.routeKey]).toEqual([
            `/x${p}`,
            q,
            "ANY /{proxy+}",
          ]);
          const received =
            event.body === undefined
              ? Buffer.alloc(0)
              : Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
          expect(received.equals(Buffer.from(bytes))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("REST: every request is answered; the echoed event has the path without the stage and the proxy parameter", async () => {
    const base = gw.api("fixture-rest").url;
    const stagePath = new URL(base).pathname;
    await fc.assert(
      fc.asyncProperty(path, queryText, headers, fc.string({ maxLength: 64 }), async (p, q, hs, text) => {
        const target = `${stagePath}/echo/x${p}${q === "" ? "" : `?${q}`}`;
        const reply = await send(
          base,
          target,
          "PATCH",
          [...hs, ["content-type", "text/plain"]],
          Buffer.from(text),
        );
        expect(reply.status).toBe(200);
        const { event } = JSON.parse(reply.body);
        expect([event.path, event.resource, event.pathParameters.proxy]).toEqual([
          `/echo/x${p}`,
          "/echo/{proxy+}",
          `x${p}`.replace(/\/$/, ""),
        ]);
        expect(event.body).toBe(text === "" ? null : text);
      }),
      { numRuns: 60 },
    );
  });
});

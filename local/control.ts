/**
 * The gateway's own endpoints, on its base URL:
 * - `GET /_local/stacks`: every served API (id, variant, endpoint type, stage, URL, routes, API keys...);
 * - `POST /_local/token` `{"sub","scope","expiresIn","aud","clientId","claims"}`: `{"token"}` from the local issuer;
 * - `GET /_local/issuer/.well-known/openid-configuration` and `/.well-known/jwks.json`;
 * - `POST /_local/reset`: forgets throttle buckets, quota counters and caches (204);
 * - `GET /`, `/_local/console/*`, `/_local/log`: the console (console/server.ts).
 * Each stack in `/_local/stacks` also carries `details`: routes with auth, throttle and cache, usage plans and
 * the stack diagram graph (console/facts.ts, from diagrams/).
 *
 * These endpoints hand out API keys and admin tokens, so every one of them (the console's included) answers
 * only requests that name the gateway itself in `Host` (a web page cannot rebind its own name to 127.0.0.1
 * and read them: 421), and refuses any request whose `Origin` is another site's (another page's form or
 * fetch: 403). Requests without `Origin` (curl, the SDKs, the console's own same-origin GETs) are served.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StackFacts } from "./console/facts";
import type { ConsoleHandler } from "./console/server";
import type { ApiDescription } from "./context";
import { RequestTooLargeError, readBody } from "./http/request";
import { send } from "./http/respond";
import { ISSUER_PATH, type LocalIssuer, type TokenRequest, TokenRequestError } from "./issuer";

export interface ControlPlane {
  readonly url: string;
  readonly issuer: LocalIssuer;
  readonly dynamoEndpoint: string;
  describe(): ApiDescription[];
  reset(): void;
  /** The console's endpoints; without it `/` lists the stacks as JSON. */
  readonly console?: ConsoleHandler;
  /** Extra facts per stack id for `/_local/stacks`. */
  facts?(id: string): StackFacts | undefined;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, ["content-type", "application/json"], JSON.stringify(value, null, 2));
}

/** Largest `POST /_local/token` body. */
const MAX_TOKEN_REQUEST = 64 * 1024;

/** The `Host` values that name the gateway (its listen address, and the loopback names on its port). */
export function selfHosts(url: string): Set<string> {
  const self = new URL(url);
  return new Set([self.host, `localhost:${self.port}`, `127.0.0.1:${self.port}`, `[::1]:${self.port}`]);
}

export function controlHandler(plane: ControlPlane): (req: IncomingMessage, res: ServerResponse) => void {
  const hosts = selfHosts(plane.url);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  return (req, res) => {
    const origin = req.headers.origin;
    if (!hosts.has(req.headers.host ?? "")) {
      json(res, 421, { message: `the gateway answers on ${plane.url} only` });
      return;
    }
    if (origin !== undefined && !origins.has(origin)) {
      json(res, 403, {
        message: `requests from ${origin} are refused: only the gateway's own pages may call it`,
      });
      return;
    }
    handle(plane, req, res).catch((error: unknown) => {
      try {
        json(res, 500, { message: (error as Error).message });
      } catch {
        res.destroy();
      }
    });
  };
}

async function handle(plane: ControlPlane, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "") || "/";
  const method = req.method ?? "GET";
  if (plane.console?.(req, res, path)) return;
  if (method === "GET" && (path === "/_local/stacks" || path === "/")) {
    json(res, 200, {
      gateway: plane.url,
      issuer: plane.issuer.issuer,
      dynamodb: plane.dynamoEndpoint,
      stacks: plane.describe().map((api) => ({ ...api, details: plane.facts?.(api.id) })),
    });
    return;
  }
  if (method === "POST" && path === "/_local/token") {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_TOKEN_REQUEST);
    } catch (error) {
      if (!(error instanceof RequestTooLargeError)) throw error;
      json(res, 413, { message: `the token request is larger than ${MAX_TOKEN_REQUEST} bytes` });
      return;
    }
    let request: TokenRequest;
    try {
      request = body.length === 0 ? {} : (JSON.parse(body.toString("utf8")) as TokenRequest);
      if (typeof request !== "object" || request === null || Array.isArray(request))
        throw new TokenRequestError("the body must be a JSON object");
      json(res, 200, { token: await plane.issuer.sign(request) });
    } catch (error) {
      json(res, 400, {
        message: error instanceof SyntaxError ? "the body is not JSON" : (error as Error).message,
      });
    }
    return;
  }
  if (method === "GET" && path === `${ISSUER_PATH}/.well-known/jwks.json`) {
    json(res, 200, plane.issuer.jwks());
    return;
  }
  if (method === "GET" && path === `${ISSUER_PATH}/.well-known/openid-configuration`) {
    json(res, 200, plane.issuer.discovery());
    return;
  }
  if (method === "POST" && path === "/_local/reset") {
    plane.reset();
    send(res, 204, [], undefined);
    return;
  }
  json(res, 404, {
    message: "Not Found",
    endpoints: ["GET /", "GET /_local/stacks", "POST /_local/token", "POST /_local/reset", "GET /_local/log"],
  });
}

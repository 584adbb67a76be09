/**
 * The console's endpoints on the gateway's base URL:
 * - `GET /`: the page; `GET /_local/console/<name>-<hash>.(js|css)`: its bundles (immutable);
 * - `GET /_local/log`: the live request log as server-sent events (`request` events, JSON `LiveRequest`),
 *   the last 200 requests replayed first;
 * - `POST /_local/console/send` `{url, method, headers, body, sigv4}`: sends a request to one of the served
 *   APIs from the gateway (so the page needs no CORS from the APIs and can sign with SigV4), answers
 *   `{status, headers, body, durationMs}`.
 * The control plane (control.ts) has already refused requests whose `Host` is not the gateway or whose
 * `Origin` is another site's; `send` also takes JSON only, which a page elsewhere cannot send without a
 * preflight that this endpoint never answers. A log subscriber that stops reading is disconnected once its
 * unsent events pass `MAX_UNSENT_BYTES`, with a last event saying so.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayLog, LiveRequest } from "../log";
import { sigv4Headers } from "../sigv4";
import { consoleAssets } from "./assets";

export interface ConsoleOptions {
  /** The gateway's base URL (`http://127.0.0.1:4000`). */
  readonly url: string;
  readonly log: GatewayLog;
  /** Origins of the served APIs: the only targets `send` accepts. */
  origins(): readonly string[];
}

export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/** Largest body `send` forwards or returns. */
const MAX_BODY = 1024 * 1024;

function reply(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string | Buffer,
): void {
  res.writeHead(status, { "x-content-type-options": "nosniff", ...headers });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  reply(
    res,
    status,
    { "content-type": "application/json", "cache-control": "no-store" },
    JSON.stringify(value),
  );
}

export function consoleHandler(options: ConsoleOptions): ConsoleHandler {
  const self = new URL(options.url);
  return (req, res, path) => {
    const method = req.method ?? "GET";
    const isConsole =
      path === "/" || path === "/index.html" || path.startsWith("/_local/console/") || path === "/_local/log";
    if (!isConsole) return false;
    if (method === "GET" && path === "/_local/log") {
      stream(options.log, req, res);
      return true;
    }
    if (method === "POST" && path === "/_local/console/send") {
      // Only the console's own page: another site's form or fetch has a foreign Origin (refused before this),
      // or (without one) cannot send application/json without a preflight this endpoint never answers.
      if (!isJson(req.headers["content-type"])) {
        json(res, 403, { message: "send accepts application/json from the console's own page only" });
        return true;
      }
      forward(options, req, res).catch((error: unknown) =>
        failed(res, 502, { message: (error as Error).message }),
      );
      return true;
    }
    if (method !== "GET" && method !== "HEAD") {
      json(res, 405, { message: `${method} ${path} is not supported` });
      return true;
    }
    serveAsset(req, res, path, self.hostname).catch((error: unknown) =>
      failed(res, 500, { message: `the console could not be built: ${(error as Error).message}` }),
    );
    return true;
  };
}

/** The error answer, unless an answer has begun (then the connection is cut): never throws. */
function failed(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) res.destroy();
  else json(res, status, value);
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json";
}

async function serveAsset(req: IncomingMessage, res: ServerResponse, path: string, host: string) {
  const assets = await consoleAssets();
  const isPage = path === "/" || path === "/index.html";
  const asset = isPage ? assets.page : assets.files.get(path);
  if (!asset) {
    json(res, 404, { message: `no console asset ${path}` });
    return;
  }
  const headers: Record<string, string> = {
    "content-type": asset.contentType,
    etag: asset.etag,
    "cache-control": isPage ? "no-cache" : "public, max-age=31536000, immutable",
  };
  if (isPage) {
    // Nothing leaves the machine: scripts, styles and fetches from the gateway, sockets to the local APIs.
    const sockets = [...new Set([host, "localhost", "127.0.0.1"])].map((name) => `ws://${name}:*`).join(" ");
    headers["content-security-policy"] =
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; ` +
      `connect-src 'self' ${sockets}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
    headers["referrer-policy"] = "no-referrer";
  }
  if (req.headers["if-none-match"] === asset.etag) {
    reply(res, 304, headers);
    return;
  }
  headers["content-length"] = String(asset.body.length);
  reply(res, 200, headers, req.method === "HEAD" ? undefined : asset.body);
}

/**
 * Unsent bytes a log subscriber may fall behind by. Past it the subscriber is told so in a last `dropped` event
 * and disconnected (EventSource reconnects and gets the recent requests again), so a reader that stopped
 * reading costs at most this much memory.
 */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
/** How long a dropped subscriber has to read its last event before the socket is cut. */
const DROP_GRACE_MS = 5_000;

function stream(log: GatewayLog, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    "x-accel-buffering": "no",
    "x-content-type-options": "nosniff",
  });
  res.write("retry: 1000\n\n");
  let stopped = false;
  let unsubscribe: () => void = () => undefined;
  const send = (entry: LiveRequest) => {
    if (stopped) return;
    if (res.writableLength > MAX_UNSENT_BYTES) {
      drop(entry.seq);
      return;
    }
    res.write(`id: ${entry.seq}\nevent: request\ndata: ${JSON.stringify(entry)}\n\n`);
  };
  const drop = (seq: number) => {
    stop();
    const message = `this subscriber fell more than ${MAX_UNSENT_BYTES} bytes behind and was disconnected at request ${seq}; reconnect to go on`;
    res.end(`event: dropped\ndata: ${JSON.stringify({ message, seq })}\n\n`);
    setTimeout(() => res.destroy(), DROP_GRACE_MS).unref();
  };
  unsubscribe = log.subscribe(send);
  if (stopped) unsubscribe();
  // A comment every 15 s keeps idle proxies and the keep-alive timeout from closing the stream.
  const keepAlive = setInterval(() => {
    if (!stopped) res.write(": keep-alive\n\n");
  }, 15_000);
  keepAlive.unref();
  const stop = () => {
    stopped = true;
    clearInterval(keepAlive);
    unsubscribe();
  };
  req.on("close", stop);
  res.on("close", stop);
  res.on("error", stop);
}

interface SendRequest {
  readonly url?: unknown;
  readonly method?: unknown;
  readonly headers?: unknown;
  readonly body?: unknown;
  /** Sign with SigV4 (service execute-api, the gateway's local credentials `local`/`local`). */
  readonly sigv4?: unknown;
}

async function readJson(req: IncomingMessage): Promise<SendRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("the request is larger than 1 MB");
    chunks.push(chunk as Buffer);
  }
  const value = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("the body must be a JSON object");
  return value as SendRequest;
}

async function forward(options: ConsoleOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let request: SendRequest;
  try {
    request = await readJson(req);
  } catch (error) {
    json(res, 400, { message: (error as Error).message });
    return;
  }
  const url = typeof request.url === "string" ? request.url : "";
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    json(res, 400, { message: `"${url}" is not a URL` });
    return;
  }
  if (!options.origins().includes(target.origin)) {
    json(res, 400, { message: `"${target.origin}" is not one of the served APIs` });
    return;
  }
  const method = typeof request.method === "string" ? request.method.toUpperCase() : "GET";
  const headers: Record<string, string> = {};
  if (typeof request.headers === "object" && request.headers !== null)
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === "string" && name.trim() !== "") headers[name.trim().toLowerCase()] = value;
  const body = typeof request.body === "string" && request.body !== "" ? request.body : undefined;
  if (request.sigv4 === true)
    Object.assign(headers, await sigv4Headers(target.href, { method, headers, body }));
  const started = performance.now();
  const response = await fetch(target, { method, headers, body, redirect: "manual" });
  const bytes = Buffer.from(await response.arrayBuffer());
  const durationMs = performance.now() - started;
  json(res, 200, {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    body: bytes.subarray(0, MAX_BODY).toString("utf8"),
    truncated: bytes.length > MAX_BODY,
    durationMs,
  });
}

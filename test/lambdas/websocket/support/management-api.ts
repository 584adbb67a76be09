/**
 * A local stand-in for API Gateway's `@connections` management API (docs/gateway-behavior.md §3.5) on
 * loopback: `POST /@connections/{id}` answers 200 when `deliver` accepts the data and 410 GoneException when
 * the connection is unknown; `DELETE` answers 204 or 410; `GET` answers 200 with the connection's times.
 * Both the SDK's encoded path (`/%40connections/R0oX%3D`) and the plain one are accepted, under any base path
 * (the stage). Ids in `hang` never get an answer: a dead peer that keeps the socket open.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ManagementApiOptions {
  /** Delivers `data` to the connection; false means there is no such connection (410). */
  readonly deliver: (connectionId: string, data: string) => boolean;
  /** Closes the connection; false means there is no such connection (410). @default - 410 for every id */
  readonly close?: (connectionId: string) => boolean;
  /** Connection ids whose requests are never answered. */
  readonly hang?: ReadonlySet<string>;
  /** Connection ids answered with this status instead (e.g. 500). */
  readonly failWith?: ReadonlyMap<string, number>;
  /** Milliseconds to wait before answering each request. @default 0 */
  readonly delayMs?: number;
}

export interface ManagementApi {
  /** Base URL for `CONNECTIONS_ENDPOINT` (with the stage as base path). */
  readonly endpoint: string;
  /** Every request, in arrival order. */
  readonly requests: { method: string; connectionId: string; body: string; signed: boolean }[];
  /** Most requests in flight at the same time so far. */
  readonly maxInFlight: number;
  stop(): Promise<void>;
}

const PATH = /^(?:\/[^/]+)?\/(?:@|%40)connections\/([^/?]+)$/i;

export async function startManagementApi(
  options: ManagementApiOptions,
  stage = "dev",
): Promise<ManagementApi> {
  const requests: ManagementApi["requests"] = [];
  const hanging = new Set<ServerResponse>();
  let inFlight = 0;
  let maxInFlight = 0;

  const answer = (response: ServerResponse, status: number, errorType?: string, body = "") => {
    response.writeHead(status, {
      ...(errorType ? { "x-amzn-ErrorType": errorType } : {}),
      "content-type": "application/json",
    });
    response.end(body);
  };

  const handle = (request: IncomingMessage, response: ServerResponse, body: string) => {
    const match = PATH.exec(request.url ?? "");
    if (!match) return answer(response, 404, "NotFoundException", '{"message":"Not Found"}');
    const connectionId = decodeURIComponent(match[1]);
    const method = request.method ?? "GET";
    requests.push({
      method,
      connectionId,
      body,
      signed: /^AWS4-HMAC-SHA256 /.test(request.headers.authorization ?? ""),
    });
    if (options.hang?.has(connectionId)) {
      hanging.add(response);
      return;
    }
    const failure = options.failWith?.get(connectionId);
    if (failure) return answer(response, failure, "InternalServerErrorException", '{"message":"boom"}');
    if (method === "POST") {
      if (Buffer.byteLength(body) > 131_072) {
        return answer(response, 413, "PayloadTooLargeException", '{"message":"Request Entity Too Large"}');
      }
      return options.deliver(connectionId, body)
        ? answer(response, 200)
        : answer(response, 410, "GoneException");
    }
    if (method === "DELETE") {
      return options.close?.(connectionId) ? answer(response, 204) : answer(response, 410, "GoneException");
    }
    if (method === "GET") {
      const now = new Date().toISOString();
      return answer(
        response,
        200,
        undefined,
        JSON.stringify({ connectedAt: now, identity: { sourceIp: "127.0.0.1" }, lastActiveAt: now }),
      );
    }
    return answer(response, 405, "MethodNotAllowedException");
  };

  const server: Server = createServer((request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on("close", () => inFlight--);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (options.delayMs) setTimeout(() => handle(request, response, body), options.delayMs);
      else handle(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/${stage}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    stop: () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/**
 * Serves one WebSocket API (docs/gateway-behavior.md §0, §3): handshakes through the `$connect` pipeline
 * (`connect.ts`) and the upgrade server (`server.ts`), open connections in the registry (`connections.ts`),
 * messages and `$disconnect` (`messages.ts`), and the `@connections` management API (`management.ts`) on the
 * same port.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { ApiDescription, ApiRuntime, ServedApi } from "../context";
import { LambdaAuthorizerRunner } from "../lambda-authorizer";
import { RouteThrottles } from "../pipeline/phases/throttle";
import { logFailure, serve } from "../pipeline/serve";
import type { ResourceRef } from "../terraform/references";
import { handshake } from "./connect";
import { ConnectionRegistry } from "./connections";
import type { WsParts } from "./context";
import { ManagementApi } from "./management";
import { onDisconnect, onMessage } from "./messages";
import { type WebSocketModel, webSocketModel } from "./model";
import { refuseUpgrade, UpgradeServer } from "./server";

export { MAX_MESSAGE_BYTES } from "./server";

export class WebSocketApi implements ServedApi, WsParts {
  readonly model: WebSocketModel;
  readonly connections: ConnectionRegistry;
  readonly runners = new Map<string, LambdaAuthorizerRunner>();
  readonly throttles: RouteThrottles;
  private readonly server = new UpgradeServer();
  private readonly management: ManagementApi;

  constructor(
    readonly runtime: ApiRuntime,
    api: ResourceRef,
  ) {
    this.model = webSocketModel(runtime, api);
    const { services } = runtime;
    this.throttles = new RouteThrottles(`ws:${runtime.stack.id}:${this.model.apiId}`, runtime.refs.region);
    this.connections = new ConnectionRegistry(services.clock, services.options.websocket, {
      message: (connection, text) => {
        services.work.track(
          onMessage(this, connection, text).catch((error: unknown) =>
            logFailure(runtime, "message error", error),
          ),
        );
      },
      closed: (connection, statusCode, reason) => {
        services.work.track(
          onDisconnect(this, connection, statusCode, reason).catch((error: unknown) =>
            logFailure(runtime, "$disconnect error", error),
          ),
        );
      },
    });
    this.management = new ManagementApi(runtime, this.model, this.connections);
    const authorizer = this.model.routes.get("$connect")?.authorizer;
    if (authorizer) {
      this.runners.set(
        authorizer.id,
        new LambdaAuthorizerRunner(authorizer.fn, authorizer.ttlSeconds, 10_000, services.clock),
      );
    }
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => undefined);
    const work = handshake(this, this.server, req, socket, head)
      .then((accepted) => {
        if (!accepted?.ctx.connection || !accepted.ctx.stage) return;
        this.connections.add(accepted.ctx.connection, accepted.ctx.stage, accepted.ws);
      })
      .catch((error: unknown) => {
        logFailure(this.runtime, "handshake error", error);
        refuseUpgrade(socket, 500);
      });
    this.runtime.services.work.track(work);
  }

  /** `@connections` (and a plain HTTP request, answered 426). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    serve(this.management, req, res);
  }

  private get primaryStage(): string {
    return [...this.model.stages.keys()][0] ?? "";
  }

  describe(): ApiDescription {
    const stage = this.primaryStage;
    const fns = new Set<string>();
    for (const route of this.model.routes.values()) if (route.fn) fns.add(route.fn.functionName);
    return {
      id: this.runtime.stack.id,
      variant: "websocket",
      endpointType: "REGIONAL",
      apiId: this.model.apiId,
      name: this.model.name,
      stage,
      stages: [...this.model.stages.keys()],
      url: `${this.runtime.origin.replace(/^http/, "ws")}${stage === "$default" ? "" : `/${stage}`}`,
      routes: [...this.model.routes.keys()],
      apiKeys: [],
      functions: [...fns],
      warnings: this.model.warnings,
    };
  }

  reset(): void {
    for (const runner of this.runners.values()) runner.reset();
  }

  async close(): Promise<void> {
    this.connections.terminateAll();
    this.server.close();
  }
}

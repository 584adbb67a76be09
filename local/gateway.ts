/**
 * Starts the local gateway: reads the synthesized stacks, starts DynamoDB with their tables and the local
 * issuer, and serves every API on its own port (the gateway's own endpoints on the first one).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type StackFacts, stackFacts } from "./console/facts";
import { consoleHandler } from "./console/server";
import type { ApiDescription, ApiRuntime, GatewayServices, ServedApi } from "./context";
import { controlHandler } from "./control";
import {
  createTables,
  type LocalDynamo,
  startLocalDynamo,
  startTtlSweeper,
  type TableDefinition,
  tablesFromTerraform,
} from "./dynamo";
import { DEFAULT_TEXT_MEDIA_TYPES } from "./events/body";
import { FunctionRegistry } from "./functions/registry";
import { HttpApi } from "./http-api/api";
import { LOCAL_AUDIENCE, LocalIssuer } from "./issuer";
import { GatewayLog } from "./log";
import { dropNodeVersionWarning } from "./node-warnings";
import { type GatewayOptions, resolveOptions } from "./options";
import { InFlight } from "./pipeline/work";
import { Quotas } from "./quota";
import { RestApi } from "./rest/api";
import { References, type ResourceRef } from "./terraform/references";
import { readStacks } from "./terraform/stack-files";
import { Throttles } from "./throttle";
import { WebSocketApi } from "./websocket/api";

export interface RunningGateway {
  /** The gateway's own base URL (`/_local/...`). */
  readonly url: string;
  readonly apis: readonly ApiDescription[];
  readonly issuer: LocalIssuer;
  readonly dynamo: LocalDynamo;
  readonly log: GatewayLog;
  /** Forgets throttle buckets, quota counters and caches. */
  reset(): void;
  close(): Promise<void>;
}

interface PendingApi {
  readonly resource: ResourceRef;
  readonly kind: "http" | "rest" | "websocket";
  readonly server: Server;
  readonly port: number;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${port} on ${host} is in use: pick another with --port (0 picks free ports)`)
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** How long `close()` waits for requests in flight before it stops the functions under them. */
const CLOSE_GRACE_MS = 2_000;

/** Stops accepting connections; idle keep-alive ones close now, busy ones when their answer is written. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function newServer(): Server {
  const server = createServer({ keepAliveTimeout: 5_000 } as object);
  server.keepAliveTimeout = 5_000;
  return server;
}

/** The APIs a stack declares, in a stable order. */
function apisOf(refs: References): { resource: ResourceRef; kind: PendingApi["kind"] }[] {
  return [
    ...refs.resources("aws_apigatewayv2_api").map((resource) => ({
      resource,
      kind: (resource.block.protocol_type === "WEBSOCKET" ? "websocket" : "http") as PendingApi["kind"],
    })),
    ...refs.resources("aws_api_gateway_rest_api").map((resource) => ({ resource, kind: "rest" as const })),
  ];
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  dropNodeVersionWarning();
  const resolved = resolveOptions(options, DEFAULT_TEXT_MEDIA_TYPES);
  const log = new GatewayLog(resolved.log);
  const stacks = readStacks(resolved.outdir, resolved.stacks);
  const servers: Server[] = [];
  const served: ServedApi[] = [];
  const registries: FunctionRegistry[] = [];
  let dynamo: LocalDynamo | undefined;
  let stopSweeper: () => void = () => undefined;
  const allTables: TableDefinition[] = [];
  const host = resolved.host;
  let nextPort = resolved.port === 0 ? 0 : resolved.port + 1;

  const work = new InFlight();
  // In order: stop taking requests; let the ones in flight (and `$disconnect` calls) finish, for a while;
  // stop the functions (which settles whatever still waits on one); wait for those answers; and only then
  // stop DynamoDB, so nothing a request started writes to a closed database.
  const close = async () => {
    const closing = servers.map(closeServer);
    await Promise.all(served.map((api) => api.close()));
    await work.idle(CLOSE_GRACE_MS);
    await Promise.all(registries.map((registry) => registry.close()));
    await work.idle(CLOSE_GRACE_MS);
    for (const server of servers) server.closeAllConnections();
    await Promise.all(closing);
    stopSweeper();
    await dynamo?.stop();
    log.flush();
  };

  try {
    const control = newServer();
    servers.push(control);
    const controlPort = await listen(control, resolved.port, host);
    const url = `http://${host}:${controlPort}`;
    const issuer = await LocalIssuer.create(url, resolved.clock);
    dynamo = await startLocalDynamo({ dir: resolved.dynamoDir, host });
    const services: GatewayServices = {
      options: resolved,
      log,
      clock: resolved.clock,
      throttles: new Throttles(resolved.clock),
      quotas: new Quotas(resolved.clock, resolved.quotaPeriods),
      issuer,
      work,
    };

    for (const stack of stacks) {
      const refs = new References(stack);
      const tables = tablesFromTerraform(refs);
      allTables.push(...tables);
      await createTables(dynamo, tables);
      const pending: PendingApi[] = [];
      for (const api of apisOf(refs)) {
        const server = newServer();
        servers.push(server);
        const port = await listen(server, nextPort, host);
        if (nextPort !== 0) nextPort++;
        pending.push({ ...api, server, port });
      }
      if (pending.length === 0) {
        log.info(`${stack.id}: no API Gateway API in this stack; skipped`);
        continue;
      }
      const extraEnv = functionEnvironment(services, dynamo, refs, pending, host);
      const functions = new FunctionRegistry(refs, {
        maxInstances: resolved.maxInstancesPerFunction,
        idleTtlMs: resolved.idleInstanceTtlMs,
        surplusIdleTtlMs: resolved.surplusInstanceTtlMs,
        environment: extraEnv,
        output: (name, text) => log.functionOutput(name, text, stack.id),
        warn: (message) => log.info(`warning: ${message}`),
      });
      registries.push(functions);
      for (const api of pending) {
        const runtime: ApiRuntime = {
          services,
          stack,
          refs,
          functions,
          origin: `http://${host}:${api.port}`,
          port: api.port,
        };
        const instance: ServedApi =
          api.kind === "http"
            ? new HttpApi(runtime, api.resource)
            : api.kind === "rest"
              ? new RestApi(runtime, api.resource)
              : new WebSocketApi(runtime, api.resource);
        served.push(instance);
        api.server.on("request", (req: IncomingMessage, res: ServerResponse) => instance.handle(req, res));
        if (instance.upgrade) {
          const upgrade = instance.upgrade.bind(instance);
          api.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
            upgrade(req, socket, head),
          );
        }
      }
      for (const problem of refs.unresolved)
        log.info(`${stack.id}: note: kept unresolved expression ${problem}`);
    }

    stopSweeper = startTtlSweeper(dynamo, allTables, 60_000, resolved.clock);
    const describe = () => served.map((api) => api.describe());
    const reset = () => {
      services.throttles.reset();
      services.quotas.reset();
      for (const api of served) api.reset();
    };
    const origins = served.map((api) => new URL(api.describe().url.replace(/^ws/, "http")).origin);
    let facts: Map<string, StackFacts> | undefined;
    control.on(
      "request",
      controlHandler({
        url,
        issuer,
        dynamoEndpoint: dynamo.endpoint,
        describe,
        reset,
        console: consoleHandler({ url, log, origins: () => origins }),
        facts: (id) => {
          facts ??= new Map(stacks.map((stack) => [stack.id, stackFacts(stack)]));
          return facts.get(id);
        },
      }),
    );
    return { url, apis: describe(), issuer, dynamo, log, reset, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What every function of a stack gets on top of its declared environment. */
function functionEnvironment(
  services: GatewayServices,
  dynamo: LocalDynamo,
  refs: References,
  pending: readonly PendingApi[],
  host: string,
): (declared: Readonly<Record<string, string>>) => Record<string, string> {
  const { options, issuer } = services;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SESSION_TOKEN: "local",
  };
  const websocket = pending.find((api) => api.kind === "websocket");
  if (websocket) {
    const apiId = String(refs.attribute(websocket.resource.type, websocket.resource.name, "id"));
    const stage = refs.resources("aws_apigatewayv2_stage").find((s) => refs.string(s.block.api_id) === apiId);
    const stageName = stage ? refs.string(stage.block.name) : undefined;
    const endpoint = `http://${host}:${websocket.port}${stageName && stageName !== "$default" ? `/${stageName}` : ""}`;
    env[options.websocket.connectionsEndpointVariable] = endpoint;
    env.AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI = endpoint;
  }
  return (declared) => {
    const out = { ...env };
    if (options.trustLocalIssuer && declared.JWT_ISSUER !== undefined) {
      out.JWT_ISSUER = issuer.issuer;
      out.JWKS_URL = issuer.jwksUrl;
      const audiences = (declared.JWT_AUDIENCE ?? "")
        .split(",")
        .map((a) => a.trim())
        .filter((a) => a !== "");
      out.JWT_AUDIENCE = [...audiences, LOCAL_AUDIENCE].join(",");
    }
    return { ...out, ...options.functionEnv };
  };
}

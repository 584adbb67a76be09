/**
 * Starts the local gateway: reads the synthesized stacks, starts DynamoDB with their tables and the local
 * issuer, and serves every API on its own port (the gateway's own endpoints on the first one).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { readStacks } from "../tfjson/stack-files";
import type { StackFile } from "../tfjson/types";
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
import { type Environment, FunctionRegistry } from "./functions/registry";
import { HttpApi } from "./http-api/api";
import { LOCAL_AUDIENCE, LocalIssuer } from "./issuer";
import { GatewayLog } from "./log";
import { dropNodeVersionWarning } from "./node-warnings";
import { type GatewayOptions, resolveOptions } from "./options";
import { InFlight } from "./pipeline/work";
import { Quotas } from "./quota";
import { apiShape, FunctionSwaps, INIT_LIMIT_MS, type ReloadReport } from "./reload";
import { RestApi } from "./rest/api";
import { References, type ResourceRef } from "./terraform/references";
import { Throttles } from "./throttle";
import { WebSocketApi } from "./websocket/api";

export interface RunningGateway {
  /** The gateway's own base URL (`/_local/...`). */
  readonly url: string;
  /** The APIs served (after a reload: as they are now). */
  readonly apis: readonly ApiDescription[];
  readonly issuer: LocalIssuer;
  readonly dynamo: LocalDynamo;
  readonly log: GatewayLog;
  /** Forgets throttle buckets, quota counters and caches. */
  reset(): void;
  /**
   * Reads the synth output again and swaps what changed (reload.ts): throws, serving on unchanged, when it
   * cannot be read.
   */
  reload(): Promise<ReloadReport>;
  close(): Promise<void>;
}

type ApiKind = "http" | "rest" | "websocket";

/** One API's listening port, and the API object answering on it (replaced when its stack's APIs change). */
interface ApiSlot {
  /** `<kind> <resource address>`: an API keeps its port across reloads. */
  readonly key: string;
  readonly kind: ApiKind;
  readonly server: Server;
  readonly port: number;
  api: ServedApi | undefined;
}

/** A stack being served: its Terraform, functions and APIs. */
interface ServedStack {
  readonly id: string;
  stack: StackFile;
  /** apiShape() of the Terraform its APIs were built from. */
  shape: string;
  /** Undefined while the stack has no API. */
  functions: FunctionRegistry | undefined;
  slots: ApiSlot[];
  tables: TableDefinition[];
}

/** What one reload collects while it goes through the stacks. */
interface ReloadPass {
  readonly report: { apis: string[]; added: ApiDescription[]; removed: string[]; errors: string[] };
  readonly swaps: FunctionSwaps;
  /** What the new state no longer uses, closed once it serves. */
  readonly retired: { apis: ServedApi[]; slots: ApiSlot[]; registries: FunctionRegistry[] };
  /** Replaced registries whose dropped functions close once the APIs that used them are closed. */
  readonly replaced: FunctionRegistry[];
}

interface FoundApi {
  readonly resource: ResourceRef;
  readonly kind: ApiKind;
  readonly key: string;
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
/** How often a closing server's connections are looked at for ones that have turned idle. */
const CLOSE_POLL_MS = 50;

/** Stops accepting connections; idle keep-alive ones close now, busy ones when their answer is written. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // A connection still answering turns idle once its answer is sent; closing it then (rather than after its
    // keep-alive timeout) keeps a reload that retires a port from waiting seconds on a client that called it.
    const idle = setInterval(() => server.closeIdleConnections(), CLOSE_POLL_MS).unref();
    server.close(() => {
      clearInterval(idle);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function newServer(): Server {
  const server = createServer({ keepAliveTimeout: 5_000 } as object);
  server.keepAliveTimeout = 5_000;
  return server;
}

/** The APIs a stack declares, in a stable order. */
function apisOf(refs: References): FoundApi[] {
  return [
    ...refs.resources("aws_apigatewayv2_api").map((resource) => ({
      resource,
      kind: (resource.block.protocol_type === "WEBSOCKET" ? "websocket" : "http") as ApiKind,
    })),
    ...refs.resources("aws_api_gateway_rest_api").map((resource) => ({ resource, kind: "rest" as const })),
  ].map((api) => ({ ...api, key: `${api.kind} ${api.resource.address}` }));
}

/** The seam between start-up/reload and the API variants: one object per API, as each variant builds it. */
function buildApi(kind: ApiKind, runtime: ApiRuntime, resource: ResourceRef): ServedApi {
  return kind === "http"
    ? new HttpApi(runtime, resource)
    : kind === "rest"
      ? new RestApi(runtime, resource)
      : new WebSocketApi(runtime, resource);
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  dropNodeVersionWarning();
  const resolved = resolveOptions(options, DEFAULT_TEXT_MEDIA_TYPES);
  const log = new GatewayLog(resolved.log);
  const host = resolved.host;
  const served: ServedStack[] = [];
  /** Listening servers (the control plane's and every API's), for shutdown. */
  const servers = new Set<Server>();
  let dynamo: LocalDynamo | undefined;
  let stopSweeper: () => void = () => undefined;
  let nextPort = resolved.port === 0 ? 0 : resolved.port + 1;
  let facts: Map<string, StackFacts> | undefined;
  let reloading: Promise<unknown> = Promise.resolve();
  /** Set once `close()` is called: later calls wait for the same shutdown, and reloads are refused. */
  let stopped: Promise<void> | undefined;

  const apis = () => served.flatMap((stack) => stack.slots.flatMap((slot) => (slot.api ? [slot.api] : [])));
  const describe = () => apis().map((api) => api.describe());

  const work = new InFlight();
  // In order: stop taking requests; let the ones in flight (and `$disconnect` calls) finish, for a while;
  // stop the functions (which settles whatever still waits on one); wait for those answers; and only then
  // stop DynamoDB, so nothing a request started writes to a closed database.
  const shutDown = async () => {
    await reloading.catch(() => undefined);
    const closing = [...servers].map(closeServer);
    await Promise.all(apis().map((api) => api.close()));
    await work.idle(CLOSE_GRACE_MS);
    await Promise.all(served.map((stack) => stack.functions?.close()));
    await work.idle(CLOSE_GRACE_MS);
    for (const server of servers) server.closeAllConnections();
    await Promise.all(closing);
    stopSweeper();
    await dynamo?.stop();
    log.flush();
  };
  const close = () => {
    stopped ??= shutDown();
    return stopped;
  };

  try {
    const control = newServer();
    servers.add(control);
    const controlPort = await listen(control, resolved.port, host);
    const url = `http://${host}:${controlPort}`;
    const issuer = await LocalIssuer.create(url, resolved.clock);
    const db = await startLocalDynamo({ dir: resolved.dynamoDir, host });
    dynamo = db;
    const services: GatewayServices = {
      options: resolved,
      log,
      clock: resolved.clock,
      throttles: new Throttles(resolved.clock),
      quotas: new Quotas(resolved.clock, resolved.quotaPeriods),
      issuer,
      work,
    };

    /** The port an API of a stack serves on: the one it had (same kind and address), else a new one. */
    const slotFor = async (api: FoundApi, previous: readonly ApiSlot[]): Promise<ApiSlot> => {
      const kept = previous.find((slot) => slot.key === api.key);
      if (kept) return kept;
      const server = newServer();
      servers.add(server);
      const port = await listen(server, nextPort, host);
      if (nextPort !== 0) nextPort++;
      const slot: ApiSlot = { key: api.key, kind: api.kind, server, port, api: undefined };
      server.on("request", (req: IncomingMessage, res: ServerResponse) => {
        if (slot.api) slot.api.handle(req, res);
        else
          res.writeHead(503, { "content-type": "application/json" }).end('{"message":"Service Unavailable"}');
      });
      if (api.kind === "websocket") {
        server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
          if (slot.api?.upgrade) slot.api.upgrade(req, socket, head);
          else socket.destroy();
        });
      }
      return slot;
    };
    const retireSlot = async (slot: ApiSlot) => {
      servers.delete(slot.server);
      await closeServer(slot.server);
    };

    const newRegistry = (refs: References, environment: Environment) =>
      new FunctionRegistry(refs, {
        maxInstances: resolved.maxInstancesPerFunction,
        idleTtlMs: resolved.idleInstanceTtlMs,
        surplusIdleTtlMs: resolved.surplusInstanceTtlMs,
        debugging: resolved.debugging,
        sourceRoot: resolved.sourceRoot,
        environment,
        output: (name, text) => log.functionOutput(name, text, refs.stack.id),
        warn: (message) => log.info(`warning: ${message}`),
      });

    /** The APIs of a stack, built from its Terraform on the given ports (throws when one cannot be built). */
    const buildApis = (refs: References, functions: FunctionRegistry, found: FoundApi[], slots: ApiSlot[]) =>
      found.map((api, index) =>
        buildApi(
          api.kind,
          {
            services,
            stack: refs.stack,
            refs,
            functions,
            origin: `http://${host}:${slots[index].port}`,
            port: slots[index].port,
          },
          api.resource,
        ),
      );

    /** A stack served for the first time. */
    const addStack = async (stack: StackFile): Promise<ServedStack> => {
      const refs = new References(stack);
      const tables = tablesFromTerraform(refs);
      await createTables(db, tables);
      const found = apisOf(refs);
      const served: ServedStack = {
        id: stack.id,
        stack,
        shape: apiShape(stack.json),
        functions: undefined,
        slots: [],
        tables,
      };
      if (found.length === 0) {
        log.info(`${stack.id}: no API Gateway API in this stack; skipped`);
        return served;
      }
      try {
        for (const api of found) served.slots.push(await slotFor(api, []));
        served.functions = newRegistry(
          refs,
          functionEnvironment(services, db, refs, found, served.slots, host),
        );
        const built = buildApis(refs, served.functions, found, served.slots);
        built.forEach((api, index) => {
          served.slots[index].api = api;
        });
      } catch (error) {
        // Served for the first time during a reload: nothing of it may linger (at start, close() does this).
        await Promise.all(served.slots.map(retireSlot));
        await served.functions?.close();
        throw error;
      }
      for (const problem of refs.unresolved)
        log.info(`${stack.id}: note: kept unresolved expression ${problem}`);
      return served;
    };

    for (const stack of readStacks(resolved.outdir, resolved.stacks)) served.push(await addStack(stack));

    const sweep = () => {
      stopSweeper();
      const tables = served.flatMap((stack) => stack.tables);
      stopSweeper = startTtlSweeper(db, tables, 60_000, resolved.clock);
    };
    sweep();

    const reset = () => {
      services.throttles.reset();
      services.quotas.reset();
      for (const api of apis()) api.reset();
    };
    control.on(
      "request",
      controlHandler({
        url,
        issuer,
        dynamoEndpoint: db.endpoint,
        describe,
        reset,
        console: consoleHandler({
          url,
          log,
          origins: () => describe().map((api) => new URL(api.url.replace(/^ws/, "http")).origin),
        }),
        facts: (id) => {
          facts ??= new Map(served.map((stack) => [stack.id, stackFacts(stack.stack)]));
          return facts.get(id);
        },
      }),
    );

    /**
     * A served stack's new Terraform, into `pass`: its functions' new code or settings to swap; its APIs built
     * again when their Terraform changed or their functions were added or removed (the previous ones keep
     * serving when that fails).
     */
    const reloadStack = async (old: ServedStack, stack: StackFile, pass: ReloadPass): Promise<void> => {
      const { report, swaps, retired } = pass;
      const refs = new References(stack);
      const shape = apiShape(stack.json);
      const found = apisOf(refs);
      const reshaped = shape !== old.shape;
      let tables = old.tables;
      let slots = old.slots;
      if (reshaped) {
        try {
          tables = tablesFromTerraform(refs);
          await createTables(db, tables);
          slots = [];
          for (const api of found) slots.push(await slotFor(api, old.slots));
        } catch (error) {
          retired.slots.push(...slots.filter((slot) => !old.slots.includes(slot)));
          report.errors.push(`${stack.id}: ${(error as Error).message}; its previous APIs still serve`);
          return;
        }
      }
      const environment = functionEnvironment(services, db, refs, found, slots, host);
      const functions =
        found.length === 0
          ? undefined
          : (old.functions?.next(refs, environment) ?? newRegistry(refs, environment));
      if (!reshaped && !functions?.membershipChanged) {
        // The same APIs on the same function objects: at most the functions' code or settings changed.
        old.stack = stack;
        old.functions = functions;
        for (const change of functions?.changed ?? []) swaps.add(stack.id, change);
        return;
      }
      let built: ServedApi[];
      try {
        built = functions ? buildApis(refs, functions, found, slots) : [];
      } catch (error) {
        if (functions) void functions.discard();
        retired.slots.push(...slots.filter((slot) => !old.slots.includes(slot)));
        report.errors.push(
          `${stack.id}: its APIs could not be built (${(error as Error).message}); the previous ones still serve`,
        );
        return;
      }
      retired.apis.push(...old.slots.flatMap((slot) => (slot.api ? [slot.api] : [])));
      retired.slots.push(...old.slots.filter((slot) => !slots.includes(slot)));
      built.forEach((api, index) => {
        slots[index].api = api;
      });
      if (functions) {
        pass.replaced.push(functions);
        for (const change of functions.changed) swaps.add(stack.id, change);
      } else if (old.functions) retired.registries.push(old.functions);
      Object.assign(old, { stack, shape, slots, tables, functions });
      report.apis.push(stack.id);
    };

    /** Reads the synth output again and swaps what changed (reload.ts). */
    const reloadOnce = async (): Promise<ReloadReport> => {
      // A synth that finishes while the gateway stops must not start servers and functions nothing closes.
      if (stopped) throw new Error("the gateway has stopped");
      const stacks = readStacks(resolved.outdir, resolved.stacks);
      const pass: ReloadPass = {
        report: { apis: [], added: [], removed: [], errors: [] },
        swaps: new FunctionSwaps(INIT_LIMIT_MS),
        retired: { apis: [], slots: [], registries: [] },
        replaced: [],
      };
      const { report, retired, replaced } = pass;
      const next: ServedStack[] = [];
      for (const stack of stacks) {
        const old = served.find((candidate) => candidate.id === stack.id);
        if (old) {
          next.push(old);
          await reloadStack(old, stack, pass);
          continue;
        }
        try {
          const added = await addStack(stack);
          next.push(added);
          report.added.push(...added.slots.flatMap((slot) => (slot.api ? [slot.api.describe()] : [])));
        } catch (error) {
          report.errors.push(`${stack.id} could not be served: ${(error as Error).message}`);
        }
      }
      for (const old of served) {
        if (next.includes(old)) continue;
        report.removed.push(old.id);
        retired.apis.push(...old.slots.flatMap((slot) => (slot.api ? [slot.api] : [])));
        retired.slots.push(...old.slots);
        if (old.functions) retired.registries.push(old.functions);
      }
      served.splice(0, served.length, ...next);
      facts = undefined;
      sweep();
      // The new code loads while the previous code still serves; APIs built again serve already.
      const swapped = await pass.swaps.run();
      await Promise.all(retired.apis.map((api) => api.close()));
      await Promise.all(retired.slots.map(retireSlot));
      // Functions no longer served finish the calls they are running first (a stack removed: its APIs are
      // closed already, so nothing new reaches them).
      await Promise.all([
        ...replaced.map((registry) => registry.dropped(CLOSE_GRACE_MS)),
        ...retired.registries.map((registry) => registry.close(CLOSE_GRACE_MS)),
      ]);
      return { ...report, ...swapped };
    };
    const reload = (): Promise<ReloadReport> => {
      // One reload at a time: a later call waits for the one running, then reads the output again.
      const run = reloading.catch(() => undefined).then(reloadOnce);
      reloading = run;
      return run;
    };

    return {
      url,
      get apis() {
        return describe();
      },
      issuer,
      dynamo: db,
      log,
      reset,
      reload,
      close,
    };
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
  found: readonly FoundApi[],
  slots: readonly ApiSlot[],
  host: string,
): Environment {
  const { options, issuer } = services;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SESSION_TOKEN: "local",
  };
  const index = found.findIndex((api) => api.kind === "websocket");
  const websocket = index === -1 ? undefined : { resource: found[index].resource, port: slots[index].port };
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

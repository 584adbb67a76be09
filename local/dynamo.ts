/**
 * Embedded DynamoDB: dynalite (the DynamoDB API over HTTP) on loopback, in memory or persisted in a folder,
 * with the tables the stacks declare (`aws_dynamodb_table`: keys, global and local secondary indexes, TTL).
 * Functions reach it through the SDK's standard variables (`AWS_ENDPOINT_URL_DYNAMODB`), so handlers carry no
 * local-only code. The tests use the same module.
 *
 * dynalite answers any web origin (`Access-Control-Allow-Origin: *`) and takes any signature, so the gateway
 * checks every request first: one that carries an `Origin` (a web page) or a `Host` other than a loopback name
 * on this port (a DNS-rebound name) is refused with 403, and no CORS header leaves. The functions and the
 * gateway call it with no `Origin` and `Host: 127.0.0.1:<port>`, as the SDK does.
 */

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import type {
  AttributeDefinition,
  AttributeValue,
  CreateTableInput,
  KeySchemaElement,
  ListTablesOutput,
  ScanOutput,
} from "@aws-sdk/client-dynamodb";
import { dynamoCall } from "./dynamo-api";
import type { References } from "./terraform/references";

// dynalite ships no types.
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export interface LocalDynamo {
  readonly endpoint: string;
  /** The SDK's standard variables pointing a client at this server. */
  readonly clientEnvironment: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export interface LocalDynamoOptions {
  /** Keep the data in this folder across runs (LevelDB); in memory when unset. */
  readonly dir?: string;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default "us-east-1" */
  readonly region?: string;
}

/** The DynamoDB error answer the SDK reads (`__type`), with the project's `message`. */
function refuse(res: ServerResponse, message: string): void {
  const body = JSON.stringify({ __type: "com.amazon.coral.service#AccessDeniedException", message });
  res.writeHead(403, {
    "content-type": "application/x-amz-json-1.0",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Requests dynalite is answering, so `stop()` can let them finish before the database closes. */
interface Drain {
  active: number;
  /** Called when the last active request finishes. */
  onIdle: (() => void) | undefined;
}

/** Puts the gateway's own check in front of dynalite's request handler; counts the requests it lets through. */
function guard(server: Server, host: string): Drain {
  const drain: Drain = { active: 0, onIdle: undefined };
  const [handler] = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  let allowed: Set<string> | undefined;
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const port = (server.address() as AddressInfo).port;
    allowed ??= new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`]);
    if (req.headers.origin !== undefined) {
      req.resume();
      refuse(res, "the embedded DynamoDB does not answer web pages (a request with an Origin header)");
      return;
    }
    if (!allowed.has(req.headers.host ?? "")) {
      req.resume();
      refuse(
        res,
        `the embedded DynamoDB answers on 127.0.0.1:${port} only (Host ${JSON.stringify(req.headers.host ?? "")})`,
      );
      return;
    }
    drain.active++;
    res.once("close", () => {
      drain.active--;
      if (drain.active === 0) drain.onIdle?.();
    });
    // dynalite sends CORS headers only to requests with an Origin, which never get this far.
    handler(req, res);
    // dynalite rethrows a request's 'error' (a client that hung up mid-body), which would end the process.
    req.removeAllListeners("error");
    req.on("error", () => res.destroy());
  });
  return drain;
}

/**
 * Refuses a folder that another gateway (another process, or this one) holds: LevelDB takes a lock on open, and
 * dynalite would only fail on its first call (LEVEL_ITERATOR_NOT_OPEN, an unhandled 'error' event).
 */
async function checkFolderFree(dir: string): Promise<void> {
  // `level` is dynalite's own dependency: resolve it from there.
  const levelPath = require.resolve("level", { paths: [dirname(require.resolve("dynalite"))] });
  const { Level } = require(levelPath) as { Level: new (path: string) => LevelDatabase };
  const probe = new Level(dir);
  try {
    await probe.open();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "LEVEL_LOCKED")
      throw new Error(
        `--dynamo-dir ${dir} is in use by another gateway: stop that one, or give this one another folder`,
      );
    throw new Error(
      `--dynamo-dir ${dir} cannot be opened: ${(error as Error).cause ?? (error as Error).message}`,
    );
  }
  await probe.close();
}

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  if (options.dir) await checkFolderFree(options.dir);
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dir ? { path: options.dir } : {}),
  });
  const host = options.host ?? "127.0.0.1";
  const drain = guard(server, host);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    clientEnvironment: {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: options.region ?? "us-east-1",
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    },
    // dynalite closes its database once every connection has closed: requests it is answering finish first
    // (a cut one would leave dynalite writing to a closed database), for at most a few seconds.
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        const cut = () => {
          clearTimeout(timer);
          drain.onIdle = undefined;
          server.closeAllConnections();
        };
        const timer = setTimeout(cut, 5_000);
        timer.unref();
        if (drain.active === 0) cut();
        else drain.onIdle = cut;
      }),
  };
}

/** A table as `aws_dynamodb_table` declares it, references resolved. */
export interface TableDefinition {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly attributes: readonly { name: string; type: "S" | "N" | "B" }[];
  readonly globalIndexes: readonly IndexDefinition[];
  readonly localIndexes: readonly IndexDefinition[];
  readonly ttlAttribute?: string;
}

export interface IndexDefinition {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly projectionType: "ALL" | "KEYS_ONLY" | "INCLUDE";
  readonly nonKeyAttributes?: readonly string[];
}

type Raw = Record<string, unknown>;

/** Nested blocks come as a list (or a single object). */
function list(value: unknown): Raw[] {
  if (Array.isArray(value)) return value as Raw[];
  return value && typeof value === "object" ? [value as Raw] : [];
}

function index(raw: Raw, hashKey: string): IndexDefinition {
  const projection = String(raw.projection_type ?? "ALL") as IndexDefinition["projectionType"];
  return {
    name: String(raw.name),
    hashKey: String(raw.hash_key ?? hashKey),
    ...(raw.range_key ? { rangeKey: String(raw.range_key) } : {}),
    projectionType: projection,
    ...(projection === "INCLUDE" ? { nonKeyAttributes: (raw.non_key_attributes as string[]) ?? [] } : {}),
  };
}

export function tablesFromTerraform(refs: References): TableDefinition[] {
  return refs.resources("aws_dynamodb_table").map(({ block: raw }) => {
    const block = refs.resolve(raw) as Raw;
    const hashKey = String(block.hash_key);
    const ttl = list(block.ttl)[0];
    return {
      name: String(block.name),
      hashKey,
      ...(block.range_key ? { rangeKey: String(block.range_key) } : {}),
      attributes: list(block.attribute).map((a) => ({
        name: String(a.name),
        type: String(a.type) as "S" | "N" | "B",
      })),
      globalIndexes: list(block.global_secondary_index).map((i) => index(i, hashKey)),
      localIndexes: list(block.local_secondary_index).map((i) => index(i, hashKey)),
      ...(ttl && ttl.enabled !== false && ttl.attribute_name
        ? { ttlAttribute: String(ttl.attribute_name) }
        : {}),
    };
  });
}

function keySchema(hash: string, range?: string): KeySchemaElement[] {
  return [
    { AttributeName: hash, KeyType: "HASH" },
    ...(range ? [{ AttributeName: range, KeyType: "RANGE" as const }] : []),
  ];
}

function projection(definition: IndexDefinition) {
  return {
    ProjectionType: definition.projectionType,
    ...(definition.nonKeyAttributes ? { NonKeyAttributes: [...definition.nonKeyAttributes] } : {}),
  };
}

/** Creates the tables that do not exist yet (a persisted folder keeps them); returns the names created. */
export async function createTables(
  dynamo: LocalDynamo,
  tables: readonly TableDefinition[],
): Promise<string[]> {
  const call = apiOf(dynamo);
  const created: string[] = [];
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await call<ListTablesOutput>("ListTables", { ExclusiveStartTableName: start });
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  for (const table of tables) {
    if (existing.has(table.name)) continue;
    existing.add(table.name);
    const input: CreateTableInput = {
      TableName: table.name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: table.attributes.map(
        (attribute): AttributeDefinition => ({
          AttributeName: attribute.name,
          AttributeType: attribute.type,
        }),
      ),
      KeySchema: keySchema(table.hashKey, table.rangeKey),
      GlobalSecondaryIndexes: table.globalIndexes.length
        ? table.globalIndexes.map((i) => ({
            IndexName: i.name,
            KeySchema: keySchema(i.hashKey, i.rangeKey),
            Projection: projection(i),
          }))
        : undefined,
      LocalSecondaryIndexes: table.localIndexes.length
        ? table.localIndexes.map((i) => ({
            IndexName: i.name,
            KeySchema: keySchema(i.hashKey, i.rangeKey),
            Projection: projection(i),
          }))
        : undefined,
    };
    await call("CreateTable", input);
    if (table.ttlAttribute) {
      try {
        await call("UpdateTimeToLive", {
          TableName: table.name,
          TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        });
      } catch (error) {
        // dynalite does not implement TTL settings; the sweeper below deletes expired items instead.
        if ((error as { name?: string }).name !== "UnknownOperationException") throw error;
      }
    }
    created.push(table.name);
  }
  return created;
}

/** Calls of the DynamoDB API on this dynalite. */
function apiOf(dynamo: LocalDynamo) {
  return <T = Record<string, unknown>>(operation: string, input: object) =>
    dynamoCall<T>(dynamo.endpoint, dynamo.clientEnvironment.AWS_REGION, operation, input);
}

/**
 * DynamoDB deletes items whose TTL attribute (epoch seconds) has passed, within hours; dynalite never does.
 * The sweeper scans the tables with a TTL every `intervalMs` and deletes what has expired.
 */
export function startTtlSweeper(
  dynamo: LocalDynamo,
  tables: readonly TableDefinition[],
  intervalMs = 60_000,
  clock: () => number = Date.now,
): () => void {
  const withTtl = tables.filter((table) => table.ttlAttribute);
  if (withTtl.length === 0) return () => undefined;
  const call = apiOf(dynamo);
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      for (const table of withTtl) {
        const now = String(Math.floor(clock() / 1000));
        let start: Record<string, AttributeValue> | undefined;
        do {
          const page = await call<ScanOutput>("Scan", {
            TableName: table.name,
            FilterExpression: "#ttl < :now",
            ExpressionAttributeNames: { "#ttl": String(table.ttlAttribute) },
            ExpressionAttributeValues: { ":now": { N: now } },
            ExclusiveStartKey: start,
          });
          const keys = (page.Items ?? []).map((item) => ({
            [table.hashKey]: item[table.hashKey],
            ...(table.rangeKey ? { [table.rangeKey]: item[table.rangeKey] } : {}),
          }));
          for (let index = 0; index < keys.length; index += 25) {
            await call("BatchWriteItem", {
              RequestItems: {
                [table.name]: keys.slice(index, index + 25).map((Key) => ({ DeleteRequest: { Key } })),
              },
            });
          }
          start = page.LastEvaluatedKey;
        } while (start);
      }
    } catch {
      // Best effort, like DynamoDB's own TTL.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

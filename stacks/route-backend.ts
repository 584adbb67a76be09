import type { Construct } from "constructs";
import { type HandlerId, handlers, routeList } from "../api/routes";
import { name } from "../config/names";
import { lambdaLogFormat } from "../config/partition";
import type { CoreSettings } from "../config/settings";
import type { NodeFunction } from "../constructs/node-function";
import { RouteFunctions } from "../constructs/route-functions";
import type { Table } from "../constructs/table";
import { LAMBDA_BUNDLING } from "./lambda-bundling";

/** The functions behind the route table (one per handler the routes use) and the items table they share. */
export interface RouteBackend {
  /** By handler id. */
  readonly functions: Readonly<Record<string, NodeFunction>>;
  /** The function of a handler some route uses. */
  functionOf(handler: HandlerId): NodeFunction;
  readonly itemsTable: Table;
}

type BackendSettings = Pick<
  CoreSettings,
  | "namePrefix"
  | "environment"
  | "deletionProtection"
  | "lambdaMemoryMb"
  | "lambdaTimeoutSeconds"
  | "lambdaReservedConcurrency"
  | "logRetentionDays"
  | "corsAllowCredentials"
  | "region"
>;

/**
 * The route table's functions and the items table (`Functions`), named after `stackId`. With `corsOrigins`
 * the functions answer CORS themselves (REST APIs pass proxy responses through untouched).
 */
export function routeBackend(
  scope: Construct,
  stackId: string,
  settings: BackendSettings,
  corsOrigins: readonly string[] = [],
): RouteBackend {
  const used = new Set<string>(routeList().map((route) => route.spec.handler));
  const backend = new RouteFunctions(scope, "Functions", {
    functions: Object.fromEntries(
      Object.entries(handlers)
        .filter(([handlerId]) => used.has(handlerId))
        .map(([handlerId, spec]) => [
          handlerId,
          {
            entry: spec.entry,
            description: spec.description,
            tableActions: "itemsTable" in spec ? spec.itemsTable : undefined,
          },
        ]),
    ),
    functionName: (handlerId) => name(settings, stackId, handlerId),
    table: {
      id: "ItemsTable",
      tableName: name(settings, stackId, "items"),
      partitionKey: "id",
      pointInTimeRecovery: true,
      deletionProtection: settings.deletionProtection,
    },
    memorySize: settings.lambdaMemoryMb,
    timeoutSeconds: settings.lambdaTimeoutSeconds,
    reservedConcurrency: settings.lambdaReservedConcurrency,
    logRetentionDays: settings.logRetentionDays,
    logFormat: lambdaLogFormat(settings.region),
    environment:
      corsOrigins.length > 0
        ? {
            CORS_ALLOW_ORIGINS: corsOrigins.join(","),
            CORS_ALLOW_CREDENTIALS: String(settings.corsAllowCredentials),
          }
        : undefined,
    bundling: LAMBDA_BUNDLING,
  });
  const itemsTable = backend.table;
  if (!itemsTable) throw new Error("RouteFunctions made no items table although one was given");
  const functionOf = (handler: HandlerId): NodeFunction => {
    const fn = backend.functions[handler];
    if (!fn) throw new Error(`handler "${handler}" has no function: no route of the table uses it`);
    return fn;
  };
  return { functions: backend.functions, functionOf, itemsTable };
}

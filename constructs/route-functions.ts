import { Construct } from "constructs";
import { type HandlerId, handlers, type ParsedRoute } from "../api/routes";
import { name } from "../config/names";
import type { Settings } from "../config/settings";
import { NodeFunction } from "./node-function";
import { Table } from "./table";

export interface RouteFunctionsProps {
  readonly settings: Settings;
  /** Stack id, part of every physical name. */
  readonly stackId: string;
  readonly routes: readonly ParsedRoute[];
  /**
   * Origins the functions answer CORS for (REST APIs: API Gateway passes proxy responses through untouched).
   * @default - none (the API adds CORS headers itself, as HTTP APIs do)
   */
  readonly corsOrigins?: readonly string[];
}

/**
 * The Lambda functions and the items table behind a route table: one function per handler the routes use,
 * and the table granted only to the handlers that declare `usesItemsTable`. Shared by the HTTP-style stacks.
 */
export class RouteFunctions extends Construct {
  readonly functions: Partial<Record<HandlerId, NodeFunction>> = {};
  readonly itemsTable: Table;

  constructor(scope: Construct, id: string, props: RouteFunctionsProps) {
    super(scope, id);
    const { settings, stackId } = props;
    this.itemsTable = new Table(this, "ItemsTable", {
      tableName: name(settings, stackId, "items"),
      partitionKey: "id",
      pointInTimeRecovery: true,
      deletionProtection: settings.deletionProtection,
    });

    const used = [...new Set(props.routes.map((route) => route.spec.handler))].sort();
    for (const handlerId of used) {
      const handler: { entry: string; description: string; usesItemsTable?: boolean } = handlers[handlerId];
      const fn = new NodeFunction(this, handlerId, {
        entry: handler.entry,
        functionName: name(settings, stackId, handlerId),
        description: handler.description,
        memorySize: settings.lambdaMemoryMb,
        timeoutSeconds: settings.lambdaTimeoutSeconds,
        reservedConcurrency: settings.lambdaReservedConcurrency,
        logRetentionDays: settings.logRetentionDays,
        environment: {
          ...(handler.usesItemsTable ? { TABLE_NAME: this.itemsTable.name } : {}),
          ...(props.corsOrigins?.length
            ? {
                CORS_ALLOW_ORIGINS: props.corsOrigins.join(","),
                CORS_ALLOW_CREDENTIALS: String(settings.corsAllowCredentials),
              }
            : {}),
        },
      });
      // What lambdas/items/repository.ts calls.
      if (handler.usesItemsTable)
        this.itemsTable.grant(fn, ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Scan"]);
      this.functions[handlerId] = fn;
    }
  }
}

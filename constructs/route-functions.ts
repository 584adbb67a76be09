import { Construct } from "constructs";
import type { LambdaBundling } from "./bundling";
import { NodeFunction } from "./node-function";
import { Table, type TableAction, type TableProps } from "./table";

export interface RouteFunctionProps {
  /** Handler source file, relative to the repo root; it must export `handler`. */
  readonly entry: string;
  /** @default - none */
  readonly description?: string;
  /**
   * What the function's code calls on the shared table (it gets the table's name in the table's
   * `environmentVariable`). Grant exactly what the code calls.
   * @default - no access to the table
   */
  readonly tableActions?: readonly TableAction[];
}

export interface RouteFunctionsTableProps extends TableProps {
  /** Construct id of the table: part of its Terraform address (changing it replaces the table and its data). */
  readonly id: string;
  /** Variable that carries the table's name to the functions that use it. @default "TABLE_NAME" */
  readonly environmentVariable?: string;
}

export interface RouteFunctionsProps {
  /** The functions by id: each id is the function's construct id and the input of `functionName`. */
  readonly functions: Readonly<Record<string, RouteFunctionProps>>;
  /** Physical name of a function from its id. */
  readonly functionName: (id: string) => string;
  /** A DynamoDB table shared by the functions that list `tableActions`. @default - no table */
  readonly table?: RouteFunctionsTableProps;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default - unreserved (the account's shared pool) */
  readonly reservedConcurrency?: number;
  /** Days to keep each function's logs. */
  readonly logRetentionDays: number;
  /** @default "JSON" (see NodeFunction) */
  readonly logFormat?: "JSON" | "Text";
  /** Variables every function gets, after its table's. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** How the handlers are bundled. @default - see NodeFunction */
  readonly bundling?: LambdaBundling;
}

/**
 * The Lambda functions behind an API's routes, one per id (created in id order), sharing memory, timeout,
 * log retention and variables, and the DynamoDB table (when one is given) granted to each function only the
 * actions it lists.
 */
export class RouteFunctions extends Construct {
  readonly functions: Readonly<Record<string, NodeFunction>>;
  readonly table?: Table;

  constructor(scope: Construct, id: string, props: RouteFunctionsProps) {
    super(scope, id);
    const ids = Object.keys(props.functions).sort();
    if (ids.length === 0) throw new Error("functions is empty: give at least one function");
    const usesTable = ids.filter((fnId) => (props.functions[fnId].tableActions?.length ?? 0) > 0);
    if (usesTable.length > 0 && !props.table) {
      throw new Error(
        `functions ${usesTable.map((fnId) => `"${fnId}"`).join(", ")} list tableActions but no table is given: add the table prop or drop their tableActions`,
      );
    }
    let table: Table | undefined;
    if (props.table) {
      const { id: tableId, environmentVariable: _variable, ...tableProps } = props.table;
      table = new Table(this, tableId, tableProps);
    }
    this.table = table;
    const tableVariable = props.table?.environmentVariable ?? "TABLE_NAME";

    const functions: Record<string, NodeFunction> = {};
    for (const fnId of ids) {
      const spec = props.functions[fnId];
      const actions = spec.tableActions ?? [];
      const fn = new NodeFunction(this, fnId, {
        entry: spec.entry,
        functionName: props.functionName(fnId),
        description: spec.description,
        memorySize: props.memorySize,
        timeoutSeconds: props.timeoutSeconds,
        reservedConcurrency: props.reservedConcurrency,
        logRetentionDays: props.logRetentionDays,
        logFormat: props.logFormat,
        environment: {
          ...(table && actions.length > 0 ? { [tableVariable]: table.name } : {}),
          ...props.environment,
        },
        bundling: props.bundling,
      });
      if (table && actions.length > 0) table.grant(fn, actions);
      functions[fnId] = fn;
    }
    this.functions = functions;
  }
}

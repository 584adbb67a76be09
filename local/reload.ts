/**
 * What a reload (`npm start -- --watch`) compares and swaps, apart from the servers themselves (gateway.ts):
 * - a stack's APIs are built again when their Terraform changed: everything the gateway reads of the stack
 *   except the functions' own blocks (apiShape);
 * - a function whose code or settings changed gets new instances once one of them has loaded the new code
 *   (FunctionPool.prepare); a function whose new code fails to load keeps serving its old code;
 * - DynamoDB (its data), throttles, quotas, the issuer and API keys (derived from the stack and resource
 *   names) are the gateway's and stay; so do the WebSocket connections of an API that was not built again.
 */

import type { TerraformJson } from "../tfjson/types";
import type { ApiDescription } from "./context";
import type { ChangedFunction } from "./functions/registry";

/**
 * The part of a stack's Terraform its APIs are built from: resources (the functions' own blocks aside: a new
 * zip changes only those, and functions swap on their own), data sources, locals, variables and providers.
 * Outputs and the `terraform` block (backend, required providers) do not shape what the gateway serves.
 */
export function apiShape(json: TerraformJson): string {
  const { aws_lambda_function: _functions, ...resources } = json.resource ?? {};
  return JSON.stringify([resources, json.data, json.locals, json.variable, json.provider]);
}

/** How long new code may take to load before a reload gives up on it: Lambda's limit for the init phase. */
export const INIT_LIMIT_MS = 10_000;

export interface FunctionRef {
  readonly stack: string;
  readonly name: string;
}

export interface ReloadReport {
  /** Functions now running new code or settings. */
  readonly functions: readonly FunctionRef[];
  /** Functions whose new code did not load: still on their old code. */
  readonly failed: readonly (FunctionRef & { readonly error: string })[];
  /** Stacks whose APIs were built again (routes, authorizers, usage plans, stages). */
  readonly apis: readonly string[];
  /** APIs of stacks served for the first time. */
  readonly added: readonly ApiDescription[];
  /** Stacks no longer served. */
  readonly removed: readonly string[];
  /** Stacks whose new APIs could not be built: their previous APIs still serve. */
  readonly errors: readonly string[];
}

/**
 * The functions a reload swaps. Functions with the same code (a handler shared by several stacks) load it once:
 * the first loads it on a new instance, and only when it loads do the others switch to it.
 */
export class FunctionSwaps {
  private readonly groups = new Map<string, { stack: string; change: ChangedFunction }[]>();

  /** `initLimitMs`: how long new code may take to load (see FunctionPool.prepare). */
  constructor(private readonly initLimitMs?: number) {}

  add(stack: string, change: ChangedFunction): void {
    const key = `${change.spec.dir}\0${change.spec.handler}`;
    const group = this.groups.get(key) ?? [];
    group.push({ stack, change });
    this.groups.set(key, group);
  }

  async run(): Promise<Pick<ReloadReport, "functions" | "failed">> {
    const functions: FunctionRef[] = [];
    const failed: (FunctionRef & { error: string })[] = [];
    await Promise.all(
      [...this.groups.values()].map(async ([first, ...rest]) => {
        const error = await first.change.fn.pool.prepare(first.change.spec, this.initLimitMs);
        for (const { stack, change } of [first, ...rest]) {
          const ref = { stack, name: change.fn.functionName };
          if (error) failed.push({ ...ref, error: `${error.errorType}: ${error.errorMessage}` });
          else {
            if (change !== first.change) change.fn.pool.replace(change.spec);
            functions.push(ref);
          }
        }
      }),
    );
    const order = (a: FunctionRef, b: FunctionRef) =>
      a.name.localeCompare(b.name) || a.stack.localeCompare(b.stack);
    return { functions: functions.sort(order), failed: failed.sort(order) };
  }
}

/** The one line a reload prints: what changed and how long it took. */
export function describeReload(report: ReloadReport, ms: number): string {
  const parts: string[] = [];
  if (report.functions.length > 0) {
    const stacksOf = new Map<string, string[]>();
    for (const { stack, name } of report.functions)
      stacksOf.set(name, [...(stacksOf.get(name) ?? []), stack]);
    parts.push(
      `new code for ${[...stacksOf].map(([name, stacks]) => `${name} (${stacks.join(", ")})`).join(", ")}`,
    );
  }
  if (report.apis.length > 0) parts.push(`APIs rebuilt: ${report.apis.join(", ")}`);
  if (report.added.length > 0)
    parts.push(`added ${report.added.map((api) => `${api.id} at ${api.url}`).join(", ")}`);
  if (report.removed.length > 0) parts.push(`stopped serving ${report.removed.join(", ")}`);
  for (const { stack, name, error } of report.failed)
    parts.push(`${name} (${stack}) kept its old code: the new code did not load: ${error}`);
  parts.push(...report.errors);
  return `reloaded in ${(ms / 1000).toFixed(2)} s: ${parts.length > 0 ? parts.join("; ") : "nothing changed"}`;
}

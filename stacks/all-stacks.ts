import type { App, TerraformStack } from "cdktf";
import type { Settings } from "../config/settings";
import { HttpApiStack } from "./http-api/stack";
import { addOperations } from "./operations";
import { RestEdgeStack } from "./rest-edge/stack";
import { RestPrivateStack } from "./rest-private/stack";
import { RestRegionalStack } from "./rest-regional/stack";
import { WebSocketStack } from "./websocket/stack";

/** A stack of the app, built from the app and its settings alone; `id` is its stack id. */
export type StackClass = (new (app: App, settings: Settings) => TerraformStack) & { readonly id: string };

/**
 * The stacks of the app, in synth order. A fork drops a stack by removing it here; tests derive what they
 * expect from this list.
 */
export const STACKS: readonly StackClass[] = [
  HttpApiStack,
  RestRegionalStack,
  RestEdgeStack,
  RestPrivateStack,
  WebSocketStack,
];

/**
 * Every stack of the app (or those of `only`), each with its operations (state backend, alarms). Each is built
 * from the app and its settings alone, so each can be deployed alone. `forStack` gives a stack its own
 * settings (per-stack values over the shared ones).
 */
export function addAllStacks(
  app: App,
  settings: Settings,
  forStack: (stackId: string) => Settings = () => settings,
  only: readonly string[] = STACKS.map((Stack) => Stack.id),
): TerraformStack[] {
  return STACKS.filter((Stack) => only.includes(Stack.id)).map((Stack) => {
    const own = forStack(Stack.id);
    const stack = new Stack(app, own);
    addOperations(stack, own);
    return stack;
  });
}

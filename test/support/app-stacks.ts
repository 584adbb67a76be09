/**
 * What the tests expect, derived from the app itself: the stacks registered in stacks/all-stacks.ts and the
 * route table in api/routes.ts. A fork that drops a stack or adds a route changes what the tests expect, not
 * the tests.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, type TerraformStack, Testing } from "cdktf";
import { type HandlerId, type Method, routeList } from "../../api/routes";
import { loadAppSettings } from "../../config/app-settings";
import { loadSettings, type Settings } from "../../config/settings";
import { STACKS, type StackClass } from "../../stacks/all-stacks";
import { addOperations } from "../../stacks/operations";
import { type SynthResult, synthStack, type TerraformJson } from "./synth";

/** The ids of the registered stacks, in synth order. */
export const STACK_IDS: readonly string[] = STACKS.map((Stack) => Stack.id);

/** The registered stack with this id, if the app has it. */
export function registeredStack(id: string): StackClass | undefined {
  return STACKS.find((Stack) => Stack.id === id);
}

/**
 * The tests of one stack, in a `describe` named after it, when the app registers the stack. A fork that drops
 * the stack from STACKS and keeps this test file gets a single test saying the stack is gone instead of
 * failures: the stack's own checks have nothing to check.
 */
export function describeStack(id: string, tests: (Stack: StackClass) => void): void {
  const Stack = registeredStack(id);
  describe(`${id} stack`, () => {
    if (Stack) tests(Stack);
    else {
      test("is not registered in stacks/all-stacks.ts, so its checks do not apply", () => {
        expect(STACK_IDS).not.toContain(id);
      });
    }
  });
}

/** A stack with its operations (state backend, alarms), as the app builds it. */
export function withOperations(Stack: StackClass): (app: App, settings: Settings) => TerraformStack {
  return (app, settings) => {
    const stack = new Stack(app, settings);
    addOperations(stack, settings);
    return stack;
  };
}

/** One stack synthesized alone, with its operations, with settings from `env`. */
export function synthOperated(Stack: StackClass, env: Record<string, string> = {}): SynthResult {
  return synthStack(withOperations(Stack), env);
}

/**
 * One stack with its operations and the default settings as the app resolves them for it (main.ts, and so
 * `npm run docs`): in a fork without the default owner of the account's logging role, the first registered
 * stack that can own it does.
 */
export function synthAppDefaults(Stack: StackClass): TerraformJson {
  const settings = loadAppSettings({ env: {}, stackIds: STACK_IDS }).forStack(Stack.id);
  return synthStack((app) => withOperations(Stack)(app, settings)).json;
}

/** The handlers some route of the table uses: each is one function in every HTTP-style stack. */
export function routeHandlers(): HandlerId[] {
  return [...new Set(routeList().map((route) => route.spec.handler))];
}

/** The methods of the route table, sorted. */
export function routeMethods(): Method[] {
  return [...new Set(routeList().map((route) => route.method))].sort();
}

/** The resource paths of the route table (`/items/{id}`), sorted. */
export function routePaths(): string[] {
  return [...new Set(routeList().map((route) => route.path))].sort();
}

/**
 * The path parts of the REST resources the route table needs (`/items/{id}` is `items` under the root and
 * `{id}` under it), sorted: one `aws_api_gateway_resource` each.
 */
export function restPathParts(): string[] {
  const resources = new Set<string>();
  for (const path of routePaths()) {
    const parts = path.split("/").filter(Boolean);
    for (let i = 1; i <= parts.length; i += 1) resources.add(parts.slice(0, i).join("/"));
  }
  return [...resources].map((resource) => resource.split("/").pop() as string).sort();
}

/** `GET /items/{id}` as the tail of its method ARN: `GET/items/*`. */
export function methodArnTail(route: { method: string; path: string }): string {
  return `${route.method}/${route.path.slice(1).replace(/\{[^}]+\}/g, "*")}`;
}

/**
 * Every stack class of the repository: the registered ones, then any stacks/<id>/stack.ts a fork left in
 * place after dropping it from STACKS. Tests of the constructs' own rules (the guardrails) use them all as
 * samples of real output; tests of the app use STACKS.
 */
export function repositoryStacks(): StackClass[] {
  const root = join(__dirname, "..", "..");
  const unregistered = readdirSync(join(root, "stacks"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "stacks", entry.name, "stack.ts")))
    .map((entry) => entry.name)
    .filter((id) => !STACK_IDS.includes(id))
    .sort()
    .map((id) => {
      const module = require(join(root, "stacks", id, "stack")) as Record<string, unknown>;
      const Stack = Object.values(module).find(
        (value): value is StackClass => typeof value === "function" && (value as { id?: unknown }).id === id,
      );
      if (!Stack) throw new Error(`stacks/${id}/stack.ts exports no stack class with id "${id}"`);
      return Stack;
    });
  return [...STACKS, ...unregistered];
}

/** The given stacks synthesized together with their operations, with settings from `env`, by stack id. */
export function synthStacks(
  stacks: readonly StackClass[],
  env: Readonly<Record<string, string>>,
): Map<string, TerraformJson> {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-stacks-"));
  const app = Testing.app({ outdir, fakeCdktfJsonPath: true });
  const settings = loadSettings({ env });
  for (const Stack of stacks) withOperations(Stack)(app, settings);
  app.synth();
  return new Map(
    stacks.map((Stack) => [
      Stack.id,
      JSON.parse(readFileSync(join(outdir, "stacks", Stack.id, "cdk.tf.json"), "utf8")) as TerraformJson,
    ]),
  );
}

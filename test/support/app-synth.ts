/**
 * The app's synth as main.ts runs it, in-process: settings from environment variables and cdktf context
 * (shared and per-stack, unknown names refused), every stack with its own settings (as addAllStacks does), then the checks main.ts runs
 * on the written JSON (security baseline, validity, references). For tests that must hold for any settings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { type AppSettings, loadAppSettings } from "../../config/app-settings";
import { checkSynthesizedStacks } from "../../constructs/guardrails/check-output";
import { BUNDLE_CACHE_CONTEXT, SOURCE_MAPS_CONTEXT } from "../../constructs/node-function";
import { addAllStacks, STACKS, type StackClass } from "../../stacks/all-stacks";
import { APP_BASELINE_EXCEPTIONS } from "../../stacks/baseline-exceptions";
import { addOperations } from "../../stacks/operations";

export interface AppInput {
  /** Environment variables (only `APIGW_*` ones matter). */
  readonly env: Readonly<Record<string, string>>;
  /** cdktf context, as `cdktf.json` "context" holds it (any JSON). */
  readonly context: Readonly<Record<string, unknown>>;
  /** The stacks of a fork that dropped some (a GovCloud app without rest-edge). @default - every stack */
  readonly stacks?: readonly StackClass[];
}

export interface AppSynth {
  readonly settings: AppSettings;
  readonly stackIds: readonly string[];
  /** Every problem main.ts would print after the synth: baseline, validity and reference errors. */
  readonly errors: readonly string[];
}

/**
 * Reads the settings and synthesizes every stack into a temporary folder that is removed afterwards. Throws
 * what main.ts would see thrown: a SettingsError for bad settings, anything else for a crash.
 */
export function synthAppFrom({ env, context, stacks = STACKS }: AppInput): AppSynth {
  const settings = loadAppSettings({
    env,
    context: (key) => context[key],
    contextKeys: Object.keys(context),
    stackIds: stacks.map((Stack) => Stack.id),
  });
  const outdir = mkdtempSync(join(tmpdir(), "apigw-fuzz-"));
  try {
    const app = Testing.app({ outdir, fakeCdktfJsonPath: true });
    app.node.setContext(BUNDLE_CACHE_CONTEXT, settings.shared.bundleCache);
    app.node.setContext(SOURCE_MAPS_CONTEXT, settings.shared.lambdaSourceMaps);
    // The app's own wiring; a fork's smaller list gets the same: each stack with its settings and operations.
    const built =
      stacks === STACKS
        ? addAllStacks(app, settings.shared, settings.forStack)
        : stacks.map((Stack) => {
            const stack = new Stack(app, settings.forStack(Stack.id));
            addOperations(stack, settings.forStack(Stack.id));
            return stack;
          });
    app.synth();
    const stackIds = built.map((stack) => stack.node.id);
    const { errors } = checkSynthesizedStacks(outdir, stackIds, {
      exceptions: APP_BASELINE_EXCEPTIONS,
      settings: settings.named,
    });
    return { settings, stackIds, errors };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

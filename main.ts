/** The app: settings, then the stacks, then synth. The only wiring in the project. */
import { join } from "node:path";
import { App } from "cdktf";
import { loadAppSettings } from "./config/app-settings";
import { SettingsError } from "./config/settings";
import { baselineSummary } from "./constructs/guardrails/baseline";
import { checkAndPruneSynthOutput } from "./constructs/guardrails/check-output";
import { BUNDLE_CACHE_CONTEXT, SOURCE_MAPS_CONTEXT } from "./constructs/node-function";
import { pruneStackOutputs, pruneUnreferencedAssets } from "./constructs/synth-output";
import { addAllStacks, STACKS } from "./stacks/all-stacks";
import { APP_BASELINE_EXCEPTIONS } from "./stacks/baseline-exceptions";

/** Runs `build`; a settings problem (found while reading settings or building a stack) ends the synth with it. */
function orExit<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/**
 * `node scripts/app.js --stack <id>[,<id>...]` (what `npm start -- --stack` runs) builds only those stacks;
 * the cdktf CLI passes no arguments, so `cdktf synth` always builds every stack.
 */
function stacksToBuild(argv: readonly string[]): string[] {
  const all = STACKS.map((Stack) => Stack.id);
  const named = argv.flatMap((arg, index) => (argv[index - 1] === "--stack" ? arg.split(",") : []));
  const unknown = named.filter((id) => !all.includes(id));
  if (unknown.length > 0) {
    console.error(
      `--stack "${unknown.join('", "')}": the app has no such stack; its stacks: ${all.join(", ")}`,
    );
    process.exit(2);
  }
  return named.length > 0 ? named : all;
}

const only = stacksToBuild(process.argv.slice(2));
// cdktf.out holds every stack, as `cdktf synth` writes it (and a deploy or `npm start -- --no-synth` reads it):
// a synth of some stacks goes to dist/cdktf.out unless told where, as `npm start -- --stack` has it.
const partial = only.length < STACKS.length && process.env.CDKTF_OUTDIR === undefined;
const app = new App(partial ? { outdir: join("dist", "cdktf.out") } : {});
// Context as the cdktf CLI passes it (scripts/app.js passes cdktf.json's the same way when run directly).
const contextKeys = Object.keys(JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? "{}"));
const appSettings = orExit(() =>
  loadAppSettings({
    env: process.env,
    context: (key) => app.node.tryGetContext(key),
    contextKeys,
    stackIds: STACKS.map((Stack) => Stack.id),
  }),
);
const settings = appSettings.shared;
app.node.setContext(BUNDLE_CACHE_CONTEXT, settings.bundleCache);
app.node.setContext(SOURCE_MAPS_CONTEXT, settings.lambdaSourceMaps);
const stackIds = orExit(() => addAllStacks(app, settings, appSettings.forStack, only)).map(
  (stack) => stack.node.id,
);
app.synth();
pruneStackOutputs(app.outdir, stackIds);
pruneUnreferencedAssets(app.outdir, stackIds);

// The security baseline, AWS's and the provider's constraints and Terraform's references, on the Terraform just
// written: any problem fails the synth and leaves nothing deployable behind for the stacks that broke it.
const checked = checkAndPruneSynthOutput(app.outdir, stackIds, {
  exceptions: APP_BASELINE_EXCEPTIONS,
  settings: appSettings.named,
});
if (checked.errors.length > 0) {
  console.error(`synth failed its checks:\n${checked.errors.map((error) => `  - ${error}`).join("\n")}`);
  process.exit(1);
}
console.log(baselineSummary(checked.reports));

/** The app: settings, then the stacks, then synth. The only wiring in the project. */
import { App, TerraformStack } from "cdktf";
import { loadSettings, type Settings, SettingsError } from "./config/settings";
import { baselineSummary } from "./constructs/guardrails/baseline";
import { checkSynthesizedStacks } from "./constructs/guardrails/check-output";
import { BUNDLE_CACHE_CONTEXT, SOURCE_MAPS_CONTEXT } from "./constructs/node-function";
import { addOperations } from "./constructs/stack-operations";
import { pruneStackOutputs } from "./constructs/synth-output";
import { HttpApiStack } from "./stacks/http-api/stack";
import { RestEdgeStack } from "./stacks/rest-edge/stack";
import { RestPrivateStack } from "./stacks/rest-private/stack";
import { RestRegionalStack } from "./stacks/rest-regional/stack";
import { WebSocketStack } from "./stacks/websocket/stack";

function settingsOrExit(app: App): Settings {
  try {
    return loadSettings({ env: process.env, context: (key) => app.node.tryGetContext(key) });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const app = new App();
const settings = settingsOrExit(app);
app.node.setContext(BUNDLE_CACHE_CONTEXT, settings.bundleCache);
app.node.setContext(SOURCE_MAPS_CONTEXT, settings.lambdaSourceMaps);
new HttpApiStack(app, settings);
new RestRegionalStack(app, settings);
new RestEdgeStack(app, settings);
new RestPrivateStack(app, settings);
new WebSocketStack(app, settings);

const stacks = app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
const stackIds = stacks.map((stack) => stack.node.id);
for (const stack of stacks) addOperations(stack, settings);
app.synth();
pruneStackOutputs(app.outdir, stackIds);

// The security baseline, on the Terraform just written: any violation fails the synth.
const baseline = checkSynthesizedStacks(app.outdir, stackIds);
if (baseline.errors.length > 0) {
  // Leave nothing deployable behind for the stacks that broke it.
  const failed = new Set(
    baseline.reports.filter((report) => report.violations.length > 0).map((r) => r.stackId),
  );
  pruneStackOutputs(
    app.outdir,
    stackIds.filter((id) => !failed.has(id)),
  );
  console.error(
    `synth failed the security baseline:\n${baseline.errors.map((error) => `  - ${error}`).join("\n")}`,
  );
  process.exit(1);
}
console.log(baselineSummary(baseline.reports));

/** The app: settings, then the stacks, then synth. The only wiring in the project. */
import { App, TerraformStack } from "cdktf";
import { loadSettings, type Settings, SettingsError } from "./config/settings";
import { baselineSummary } from "./constructs/guardrails/baseline";
import { BUNDLE_CACHE_CONTEXT } from "./constructs/node-function";
import { addOperations } from "./constructs/stack-operations";
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
new HttpApiStack(app, settings);
new RestRegionalStack(app, settings);
new RestEdgeStack(app, settings);
new RestPrivateStack(app, settings);
new WebSocketStack(app, settings);

const baselines = app.node.children
  .filter((child): child is TerraformStack => child instanceof TerraformStack)
  .map((stack) => addOperations(stack, settings));
app.synth();
console.log(baselineSummary(baselines.flatMap((baseline) => (baseline.report ? [baseline.report] : []))));

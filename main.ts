/** The app: settings, then the stacks, then synth. The only wiring in the project. */
import { App } from "cdktf";
import { loadSettings, type Settings, SettingsError } from "./config/settings";
import { HttpApiStack } from "./stacks/http-api/stack";

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
new HttpApiStack(app, settings);
app.synth();

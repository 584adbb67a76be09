/** The app: settings, then the stacks, then synth. The only wiring in the project. */
import { App } from "cdktf";
import { loadSettings, SettingsError } from "./config/settings";
import { HttpApiStack } from "./stacks/http-api/stack";

function main(): void {
  const app = new App();
  let settings;
  try {
    settings = loadSettings({ env: process.env, context: (key) => app.node.tryGetContext(key) });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  new HttpApiStack(app, settings);
  app.synth();
}

main();

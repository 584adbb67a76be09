/**
 * Before any test file runs: synthesize the stacks once (and so fill the bundle cache). On a fresh clone the
 * first synth bundles every function; done here, test files do not race each other to do it inside their
 * own time limits.
 *
 * Also: tests load the AWS SDK afresh in every test file (jest's module registry), and on Node < 22 the SDK
 * warns once per load that its future releases need Node 22: the same notice several times per run, about
 * the machine's Node rather than the code (the functions run on nodejs22.x). The SDK's own switch turns off
 * that one notice, for the test processes and what they start; every other warning still prints.
 */
import { synthesizedOutdir } from "./local/support/synthesized";

export default function globalSetup(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  synthesizedOutdir();
}

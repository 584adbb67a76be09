/**
 * Before any test file runs: synthesize the stacks once (and so fill the bundle cache). On a fresh clone the
 * first synth bundles every function; done here, test files do not race each other to do it inside their
 * own time limits.
 */
import { synthesizedOutdir } from "./local/support/synthesized";

export default function globalSetup(): void {
  synthesizedOutdir();
}

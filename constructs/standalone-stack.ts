import { TerraformStack } from "cdktf";

/**
 * A stack that uses nothing of another stack. Before writing, cdktf's `prepareStack` resolves every element
 * of the stack once only to find references to other stacks' resources (which it turns into outputs and
 * remote state), then resolves them all again to write them: for a stack with no such reference that first
 * pass changes nothing and costs about 0.1 s of CPU per synth. This stack skips it.
 * The app's stacks are built from the app and the settings alone, so none can reference another;
 * test/constructs/standalone-stack.test.ts checks that the full app's output is the same with cdktf's pass.
 */
export class StandaloneStack extends TerraformStack {
  override prepareStack(): void {
    this.ensureBackendExists();
  }
}

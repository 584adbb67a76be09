/**
 * StandaloneStack skips cdktf's preparing pass, which only matters for references between stacks. The app's
 * output is the same with that pass run, and a reference between stacks is what that comparison catches.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { type App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { loadSettings } from "../../config/settings";
import { StandaloneStack } from "../../constructs/standalone-stack";
import { addAllStacks } from "../../stacks/all-stacks";

/** Synthesizes the app `build` makes; with `cdktfPreparation`, cdktf's own prepareStack runs first. */
function synth(build: (app: App) => TerraformStack[], cdktfPreparation: boolean): Record<string, string> {
  const app = Testing.app({
    outdir: mkdtempSync(join(tmpdir(), "apigw-standalone-")),
    fakeCdktfJsonPath: true,
  });
  const stacks = build(app);
  if (cdktfPreparation) for (const stack of stacks) TerraformStack.prototype.prepareStack.call(stack);
  app.synth();
  return Object.fromEntries(
    stacks.map((stack) => [
      stack.node.id,
      readFileSync(join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8"),
    ]),
  );
}

describe("StandaloneStack", () => {
  test("the app's stacks synthesize the same as with cdktf's preparing pass", () => {
    const settings = loadSettings({ env: {} });
    const build = (app: App) => addAllStacks(app, settings);
    const skipped = synth(build, false);
    expect(Object.keys(skipped)).toHaveLength(5);
    expect(synth(build, true)).toEqual(skipped);
  }, 60_000);

  test("a reference to another stack's resource changes the output with cdktf's pass: the check above sees it", () => {
    const build = (app: App) => {
      const origin = new StandaloneStack(app, "origin");
      new AwsProvider(origin, "aws", { region: "eu-central-1" });
      const logs = new CloudwatchLogGroup(origin, "logs", { name: "logs", retentionInDays: 30 });
      const user = new StandaloneStack(app, "user");
      new AwsProvider(user, "aws", { region: "eu-central-1" });
      new TerraformOutput(user, "logs_arn", { value: logs.arn });
      return [origin, user];
    };
    const skipped = synth(build, false);
    const prepared = synth(build, true);
    expect(prepared.origin).toContain("cross-stack-output");
    expect(prepared).not.toEqual(skipped);
  });
});

/** The configuration hash is the SHA-1 of the elements' blocks in code unit order, whatever the locale. */
import { createHash } from "node:crypto";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { configurationHash } from "../../constructs/deployment-trigger";

describe("configurationHash", () => {
  test("hashes the blocks by address in code unit order (upper case first), not in the locale's order", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    new AwsProvider(stack, "aws", { region: "eu-central-1" });
    // A locale sorts "a" before "B"; code units put "B" (0x42) first.
    const lower = new CloudwatchLogGroup(stack, "a", { name: "lower", retentionInDays: 7 });
    const upper = new CloudwatchLogGroup(stack, "B", { name: "upper", retentionInDays: 7 });
    const expected = JSON.stringify({
      "aws_cloudwatch_log_group.B": { name: "upper", retention_in_days: 7 },
      "aws_cloudwatch_log_group.a": { name: "lower", retention_in_days: 7 },
    });
    const sha1 = createHash("sha1").update(expected).digest("hex");
    expect(configurationHash(stack, [lower, upper])).toBe(sha1);
    expect(configurationHash(stack, [upper, lower])).toBe(sha1);
  });
});

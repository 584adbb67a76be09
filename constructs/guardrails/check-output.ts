import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BaselineReport, describeViolation, evaluateBaseline } from "./baseline";

/**
 * Checks the stacks just synthesized into `outdir` (reading their cdk.tf.json, so the Terraform is not resolved
 * a second time). Returns one report per stack and the violation messages, if any.
 */
export function checkSynthesizedStacks(
  outdir: string,
  stackIds: readonly string[],
): { reports: BaselineReport[]; errors: string[] } {
  const reports = stackIds.map((stackId) => {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8"));
    return evaluateBaseline(stackId, json);
  });
  return { reports, errors: reports.flatMap((report) => report.violations.map(describeViolation)) };
}

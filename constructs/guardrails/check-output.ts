import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BaselineReport, describeViolation, evaluateBaseline } from "./baseline";
import { checkValidity, describeValidityViolation, type SettingValue } from "./validity/check";
import { checkReferences, describeReferenceProblem } from "./validity/references";
import { VALIDITY_RULES } from "./validity/rules";

export interface OutputCheck {
  /** The security baseline's report per stack. */
  readonly reports: BaselineReport[];
  /** Every problem found, one message each: baseline violations, invalid values, broken references. */
  readonly errors: string[];
  /** Stacks with at least one problem: their output must not be left deployable. */
  readonly failedStacks: string[];
}

/**
 * Checks the stacks just synthesized into `outdir` (reading their cdk.tf.json, so the Terraform is not resolved
 * a second time) against the security baseline, the values AWS and the provider accept, and the references
 * Terraform resolves. `settings` name the setting behind a bad value.
 */
export function checkSynthesizedStacks(
  outdir: string,
  stackIds: readonly string[],
  settings: readonly SettingValue[] = [],
): OutputCheck {
  const reports: BaselineReport[] = [];
  const errors: string[] = [];
  const failedStacks: string[] = [];
  for (const stackId of stackIds) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8"));
    const report = evaluateBaseline(stackId, json);
    reports.push(report);
    const stackErrors = [
      ...report.violations.map(describeViolation),
      ...checkValidity(stackId, json, VALIDITY_RULES).map((v) => describeValidityViolation(v, settings)),
      ...checkReferences(stackId, json).map(describeReferenceProblem),
    ];
    errors.push(...stackErrors);
    if (stackErrors.length > 0) failedStacks.push(stackId);
  }
  return { reports, errors, failedStacks };
}

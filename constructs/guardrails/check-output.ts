import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pruneStackOutputs } from "../synth-output";
import { BASELINE_RULES, type BaselineReport, describeViolation, evaluateBaseline } from "./baseline";
import type { BaselineException } from "./model";
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

export interface OutputCheckOptions {
  /** The baseline's reasoned exceptions for this app (`baselineExceptions` of exceptions.ts). */
  readonly exceptions: readonly BaselineException[];
  /** Every setting's value under the name a user sets it by: an invalid value's message names its setting. */
  readonly settings?: readonly SettingValue[];
}

/**
 * Checks the stacks just synthesized into `outdir` (reading their cdk.tf.json, so the Terraform is not resolved
 * a second time) against the security baseline, the values AWS and the provider accept, and the references
 * Terraform resolves.
 */
export function checkSynthesizedStacks(
  outdir: string,
  stackIds: readonly string[],
  { exceptions, settings = [] }: OutputCheckOptions,
): OutputCheck {
  const reports: BaselineReport[] = [];
  const errors: string[] = [];
  const failedStacks: string[] = [];
  for (const stackId of stackIds) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8"));
    const report = evaluateBaseline(stackId, json, BASELINE_RULES, exceptions);
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

/**
 * The checks main.ts runs after every synth: checks the stacks in `outdir` and removes the output of every
 * stack that failed (nothing deployable is left behind for it), keeping the others.
 */
export function checkAndPruneSynthOutput(
  outdir: string,
  stackIds: readonly string[],
  options: OutputCheckOptions,
): OutputCheck {
  const checked = checkSynthesizedStacks(outdir, stackIds, options);
  if (checked.failedStacks.length > 0) {
    pruneStackOutputs(
      outdir,
      stackIds.filter((id) => !checked.failedStacks.includes(id)),
    );
  }
  return checked;
}

import type { TerraformJson } from "../../tfjson/types";
import { type BaselineException, type Rule, StackView } from "./model";
import { apiGatewayRules } from "./rules/api-gateway";
import { dataRules } from "./rules/data";
import { edgeRules } from "./rules/edge";
import { iamRules } from "./rules/iam";
import { lambdaRules } from "./rules/lambda";
import { networkRules } from "./rules/network";

/** Every rule of `docs/security-baseline.md` that applies to the resource types these stacks create. */
export const BASELINE_RULES: readonly Rule[] = [
  ...apiGatewayRules,
  ...lambdaRules,
  ...dataRules,
  ...iamRules,
  ...networkRules,
  ...edgeRules,
];

export interface Violation {
  readonly stackId: string;
  readonly address: string;
  readonly rule: Rule;
  readonly problem: string;
}

export interface WaivedCheck {
  readonly address: string;
  readonly rule: string;
  readonly reason: string;
}

export interface BaselineReport {
  readonly stackId: string;
  readonly resources: number;
  /** Rule-by-resource checks made. */
  readonly checks: number;
  /** Checks made per rule id. */
  readonly checkedByRule: Readonly<Record<string, number>>;
  readonly violations: readonly Violation[];
  readonly waived: readonly WaivedCheck[];
}

/**
 * Checks a stack's synthesized JSON against the rules, applying the exceptions (the app's are
 * `baselineExceptions(...)` of exceptions.ts, given the app's public routes).
 */
export function evaluateBaseline(
  stackId: string,
  json: TerraformJson,
  rules: readonly Rule[],
  exceptions: readonly BaselineException[],
): BaselineReport {
  const stack = new StackView(stackId, json);
  const violations: Violation[] = [];
  const waived: WaivedCheck[] = [];
  let checks = 0;
  const checkedByRule: Record<string, number> = {};
  for (const rule of rules) {
    for (const resource of stack.resources.filter((r) => rule.types.includes(r.type))) {
      checks++;
      checkedByRule[rule.id] = (checkedByRule[rule.id] ?? 0) + 1;
      const problem = rule.check(resource, stack);
      if (problem === undefined) continue;
      const exception = exceptions.find(
        (e) => e.rule === rule.id && e.type === resource.type && e.when(resource, stack),
      );
      if (exception) waived.push({ address: resource.address, rule: rule.id, reason: exception.reason });
      else violations.push({ stackId, address: resource.address, rule, problem });
    }
  }
  return { stackId, resources: stack.resources.length, checks, checkedByRule, violations, waived };
}

/** The synth error for one violation: stack, resource address, rule, what is wrong, how to fix it. */
export function describeViolation(violation: Violation): string {
  const aliases = violation.rule.equivalents?.length
    ? ` (also ${violation.rule.equivalents.join(", ")})`
    : "";
  return `security baseline: stack "${violation.stackId}", ${violation.address} breaks ${violation.rule.id}${aliases}: ${violation.problem}. Fix: ${violation.rule.fix}; or, if breaking it is right here, add a reasoned entry to constructs/guardrails/exceptions.ts.`;
}

/** One line for the synth output. */
export function baselineSummary(reports: readonly BaselineReport[]): string {
  const sum = (pick: (report: BaselineReport) => number) =>
    reports.reduce((total, report) => total + pick(report), 0);
  return `security baseline: ${BASELINE_RULES.length} rules, ${sum((r) => r.checks)} checks on ${sum((r) => r.resources)} resources in ${reports.length} stack${reports.length === 1 ? "" : "s"}, ${sum((r) => r.violations.length)} violations, ${sum((r) => r.waived.length)} reasoned exceptions`;
}

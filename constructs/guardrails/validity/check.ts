/**
 * The validity check: every literal value a stack sends to AWS, against the rules of its resource type. Values
 * Terraform computes at apply (`${...}`) are unknown at synth and are not checked here (references.ts checks
 * that what they point at exists).
 */
import type { Block, TerraformJson } from "../../../tfjson/types";
import { StackView } from "../model";
import { describeSource, type ValidityRule } from "./rule";

export interface ValidityViolation {
  readonly stackId: string;
  readonly address: string;
  /** Attribute path with list positions, e.g. `rule[1].statement.rate_based_statement.limit`. */
  readonly attribute: string;
  readonly value: unknown;
  readonly rule: ValidityRule;
  readonly problem: string;
}

/** A setting as the user wrote it, to name the one behind a bad value. */
export interface SettingValue {
  /** How the user sets it, e.g. `APIGW_COGNITO_DOMAIN_PREFIX`. */
  readonly name: string;
  readonly value: unknown;
}

const isUnknown = (value: unknown) => typeof value === "string" && value.includes("${");

export interface Found {
  /** Concrete path for messages, e.g. `rule[1].name`. */
  readonly path: string;
  /** The same path as keys and list positions (map keys may contain dots). */
  readonly segments: readonly (string | number)[];
  readonly value: unknown;
}

/** Every value at `path` below `block`, with its concrete path. */
export function valuesAt(block: unknown, path: string): Found[] {
  let found: Found[] = [{ path: "", segments: [], value: block }];
  for (const step of path === "" ? [] : path.split(".")) {
    const next: Found[] = [];
    for (const here of found) {
      // cdktf writes a nested block as an object or as a list of objects.
      const blocks = Array.isArray(here.value)
        ? here.value.map((item, i) => ({
            item,
            path: `${here.path}[${i}]`,
            segments: [...here.segments, i],
          }))
        : [{ item: here.value, path: here.path, segments: here.segments }];
      for (const { item, path: at, segments } of blocks) {
        if (item === null || typeof item !== "object" || Array.isArray(item)) continue;
        const child = (key: string, value: unknown): Found => ({
          path: at === "" ? key : `${at}.${key}`,
          segments: [...segments, key],
          value,
        });
        const entries = Object.entries(item as Block);
        if (step === "*") next.push(...entries.map(([key, value]) => child(key, value)));
        else if (step === "@key") next.push(...entries.map(([key]) => child(key, key)));
        else if (step in (item as Block)) next.push(child(step, (item as Block)[step]));
      }
    }
    found = next;
  }
  return found.filter(({ value }) => value !== undefined && value !== null);
}

/** Checks one stack's synthesized JSON against the rules. */
export function checkValidity(
  stackId: string,
  json: TerraformJson,
  rules: readonly ValidityRule[],
): ValidityViolation[] {
  const stack = new StackView(stackId, json);
  const data = stack.dataSources.map(({ type, address, block }) => ({
    type: `data.${type}`,
    address,
    block,
  }));
  // The provider's configuration and the `terraform` block (backend, HCP Terraform) are checked like resources.
  const settingsBlocks = [
    ...(json.provider?.aws ?? []).map((block, i) => ({
      type: "provider.aws",
      address: `provider.aws[${i}]`,
      block,
    })),
    ...(json.terraform ? [{ type: "terraform", address: "terraform", block: json.terraform }] : []),
  ];
  const violations: ValidityViolation[] = [];
  for (const resource of [...stack.resources, ...data, ...settingsBlocks]) {
    for (const rule of rules.filter((r) => r.type === resource.type)) {
      if (rule.kind === "block") {
        for (const { path, value } of valuesAt(resource.block, rule.block)) {
          for (const item of Array.isArray(value) ? value : [value]) {
            if (item === null || typeof item !== "object") continue;
            const problem = rule.check(item as Block);
            if (problem !== undefined) {
              violations.push({
                stackId,
                address: resource.address,
                attribute: path,
                value: item,
                rule,
                problem,
              });
            }
          }
        }
        continue;
      }
      for (const { path, value } of valuesAt(resource.block, rule.attribute)) {
        const tested =
          rule.each && Array.isArray(value)
            ? value.map((v, i) => ({ v, at: `${path}[${i}]` }))
            : [{ v: value, at: path }];
        for (const { v, at } of tested) {
          if (isUnknown(v)) continue;
          if (Array.isArray(v) && v.some(isUnknown) && !rule.constraint.countsOnly) continue;
          if (rule.constraint.test(v)) continue;
          violations.push({
            stackId,
            address: resource.address,
            attribute: at,
            value: v,
            rule,
            problem: `must be ${rule.constraint.describe}`,
          });
        }
      }
    }
  }
  return violations;
}

/** Settings whose value shows in the bad value: the likely cause, named in the error. */
export function settingsBehind(value: unknown, settings: readonly SettingValue[]): SettingValue[] {
  // cdktf's "//" metadata (construct paths) is not sent to AWS: a setting named in a path made no value.
  const text =
    typeof value === "string"
      ? value
      : JSON.stringify(value, (key, item) => (key === "//" ? undefined : item));
  return settings.filter(({ value: setting }) => {
    if (typeof setting === "number") return text === String(setting);
    if (typeof setting !== "string" || setting.length < 3) return false;
    return text.includes(setting);
  });
}

/** The synth error for one violation: stack, address, attribute, value, rule, source, setting and fix. */
export function describeValidityViolation(
  violation: ValidityViolation,
  settings: readonly SettingValue[] = [],
): string {
  const { rule } = violation;
  const shown = JSON.stringify(violation.value);
  const value = shown.length > 200 ? `${shown.slice(0, 200)}...` : shown;
  const behind = settingsBehind(violation.value, settings);
  const cause =
    behind.length > 0
      ? ` It comes from ${behind.map((s) => `${s.name} = ${JSON.stringify(s.value)}`).join(" and ")}.`
      : "";
  const what = rule.kind === "block" ? `${violation.problem} (rule: ${rule.name})` : violation.problem;
  const fix =
    rule.fix ?? (behind.length > 0 ? "change that setting" : "change the value where the stack makes it");
  return `validity: stack "${violation.stackId}", ${violation.address}.${violation.attribute} = ${value}: ${what}; source: ${describeSource(rule.source)}.${cause} Fix: ${fix}.`;
}

/**
 * Validity rules: what AWS and the Terraform AWS provider accept for one attribute (or one combination of
 * attributes) of one resource type. Each rule names its source, so a reader can check it against the provider's
 * Go source or the service's API model, and so can a reviewer when either changes.
 */
import type { Constraint } from "./constraints";

/** Where a rule comes from: the provider (file and validator), or AWS (an API shape, or a documentation page). */
export type RuleSource =
  | { readonly provider: string }
  | { readonly api: string }
  | { readonly provider: string; readonly api: string };

interface RuleBase {
  /**
   * Terraform type (`aws_wafv2_web_acl`, or `data.aws_vpc` for a data source), or `provider.aws` for the
   * provider's configuration, or `terraform` for the terraform block (backend, HCP Terraform workspace).
   */
  readonly type: string;
  readonly source: RuleSource;
  /** How to fix a violation, when more can be said than "meet the constraint". */
  readonly fix?: string;
}

/** One attribute's value must meet a constraint. */
export interface AttributeRule extends RuleBase {
  readonly kind: "attribute";
  /**
   * Path to the attribute: block and attribute names joined by ".", through nested blocks (a list of blocks is
   * searched item by item); `*` stands for every value of a map and `@key` for every key of a map.
   */
  readonly attribute: string;
  readonly constraint: Constraint;
  /** Test each item of a list value rather than the list. @default false */
  readonly each?: boolean;
  /** A value that breaks the rule, for its test. */
  readonly bad: unknown;
}

/** A rule on a whole block: conflicting, required-together or one-of attributes. */
export interface BlockRule extends RuleBase {
  readonly kind: "block";
  /** Path of the nested block the rule applies to; "" for the resource itself. */
  readonly block: string;
  /** Short name of the rule, e.g. `conflicts: a, b`. */
  readonly name: string;
  /** What is wrong with `block`, or undefined. */
  check(block: Readonly<Record<string, unknown>>): string | undefined;
  /** Fields to merge into a block of this type to break the rule, for its test (undefined removes one). */
  readonly bad: Readonly<Record<string, unknown>>;
}

export type ValidityRule = AttributeRule | BlockRule;

type AttributeRuleInput = Omit<AttributeRule, "kind" | "type">;

/** Attribute rules of one resource type: `attributes("aws_sns_topic", [{ attribute: "name", ... }])`. */
export function attributes(type: string, rules: readonly AttributeRuleInput[]): AttributeRule[] {
  return rules.map((rule) => ({ kind: "attribute", type, ...rule }));
}

const present = (block: Readonly<Record<string, unknown>>, key: string) =>
  block[key] !== undefined && block[key] !== null;

/** At most one of `keys` may be set (the provider's `ConflictsWith`). */
export function conflicting(
  type: string,
  block: string,
  keys: readonly string[],
  source: RuleSource,
  bad: Readonly<Record<string, unknown>>,
): BlockRule {
  return {
    kind: "block",
    type,
    block,
    source,
    bad,
    name: `at most one of ${keys.join(", ")}`,
    check: (value) => {
      const set = keys.filter((key) => present(value, key));
      return set.length > 1 ? `${set.join(" and ")} are both set; the provider accepts only one` : undefined;
    },
  };
}

/** When `key` is set, every one of `with` must be set too (the provider's `RequiredWith`). */
export function requiredWith(
  type: string,
  block: string,
  key: string,
  others: readonly string[],
  source: RuleSource,
  bad: Readonly<Record<string, unknown>>,
): BlockRule {
  return {
    kind: "block",
    type,
    block,
    source,
    bad,
    name: `${key} requires ${others.join(", ")}`,
    check: (value) => {
      if (!present(value, key)) return undefined;
      const missing = others.filter((other) => !present(value, other));
      return missing.length > 0 ? `${key} is set without ${missing.join(", ")}` : undefined;
    },
  };
}

/** Exactly one (or, with `atLeast`, one or more) of `keys` must be set (`ExactlyOneOf` / `AtLeastOneOf`). */
export function oneOfKeys(
  type: string,
  block: string,
  keys: readonly string[],
  source: RuleSource,
  bad: Readonly<Record<string, unknown>>,
  atLeast = false,
): BlockRule {
  return {
    kind: "block",
    type,
    block,
    source,
    bad,
    name: `${atLeast ? "at least" : "exactly"} one of ${keys.join(", ")}`,
    check: (value) => {
      const set = keys.filter((key) => present(value, key));
      if (set.length === 0) return `none of ${keys.join(", ")} is set`;
      return !atLeast && set.length > 1 ? `${set.join(" and ")} are all set; set exactly one` : undefined;
    },
  };
}

/** The source as one line: `provider internal/...: ...; API ...`. */
export function describeSource(source: RuleSource): string {
  const parts: string[] = [];
  if ("provider" in source) parts.push(`provider ${source.provider}`);
  if ("api" in source) parts.push(`AWS: ${source.api}`);
  return parts.join("; ");
}

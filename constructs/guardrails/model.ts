import { type Resource, SynthesizedStack } from "../../tfjson/stack";
import type { TerraformJson } from "../../tfjson/types";

/**
 * The security baseline's building blocks: a rule checks one kind of resource in a stack's synthesized
 * Terraform JSON and says what is wrong; an exception waives one rule for the resources it names, with a reason.
 */

/** A resource of the stack: its type, name, `type.name` address and block. */
export type ResourceView = Resource;

export interface Rule {
  /** Checkov id (`CKV_AWS_76`) or, for a cdk-nag-only rule, its cdk-nag name. */
  readonly id: string;
  /** The same requirement in other scanners (cdk-nag AwsSolutions / Serverless rule names). */
  readonly equivalents?: readonly string[];
  /** Resource types the rule inspects. */
  readonly types: readonly string[];
  /** What the rule requires, for the README table. */
  readonly requirement: string;
  /** How to fix a violation. */
  readonly fix: string;
  /** What is wrong with `resource`, or undefined when it complies. */
  check(resource: ResourceView, stack: StackView): string | undefined;
}

export interface BaselineException {
  readonly rule: string;
  readonly type: string;
  /** Which resources of `type` the exception covers. */
  readonly when: (resource: ResourceView, stack: StackView) => boolean;
  /** Why breaking the rule is right here: reviewed like code. */
  readonly reason: string;
}

/** A stack's synthesized JSON with the lookups rules need. */
export class StackView extends SynthesizedStack {
  constructor(
    readonly stackId: string,
    json: TerraformJson,
  ) {
    super(json);
  }

  /** The resource a `${type.name.attribute}` reference points at. */
  resolve(reference: unknown): ResourceView | undefined {
    const target = this.referenced(reference);
    return target?.mode === "managed" ? target : undefined;
  }

  /** Resources of `type` whose block references `target` anywhere. */
  referencing(target: ResourceView, type: string): ResourceView[] {
    return this.ofType(type).filter((resource) => this.referencesOf(resource.block).has(target.address));
  }
}

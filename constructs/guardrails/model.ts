/**
 * The security baseline's building blocks: a rule checks one kind of resource in a stack's synthesized
 * Terraform JSON and says what is wrong; an exception waives one rule for the resources it names, with a reason.
 */

export type Block = Record<string, unknown>;

export interface ResourceView {
  /** Terraform resource type, e.g. `aws_lambda_function`. */
  readonly type: string;
  /** `type.name`, the address Terraform shows in plans. */
  readonly address: string;
  readonly block: Block;
}

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
export class StackView {
  readonly resources: ResourceView[];
  private readonly byAddress: Map<string, ResourceView>;

  constructor(
    readonly stackId: string,
    json: { resource?: Record<string, Record<string, Block>> },
  ) {
    this.resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, block]) => ({ type, address: `${type}.${name}`, block })),
    );
    this.byAddress = new Map(this.resources.map((resource) => [resource.address, resource]));
  }

  ofType(type: string): ResourceView[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The resource a `${type.name.attribute}` reference points at. */
  resolve(reference: unknown): ResourceView | undefined {
    const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./.exec(String(reference));
    return match ? this.byAddress.get(match[1]) : undefined;
  }

  /** Resources of `type` whose block references `target` anywhere. */
  referencing(target: ResourceView, type: string): ResourceView[] {
    const needle = `\${${target.address}.`;
    return this.ofType(type).filter((resource) => JSON.stringify(resource.block).includes(needle));
  }
}

/** A value at a path of nested blocks; cdktf writes single nested blocks as objects (or one-element lists). */
export function at(block: unknown, ...path: string[]): unknown {
  let current: unknown = block;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Block)[key];
  }
  return Array.isArray(current) && path.length > 0 && current.length === 1 && typeof current[0] === "object"
    ? current[0]
    : current;
}

/** Every item of a repeated nested block (a list, or one object). */
export function each(value: unknown): Block[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (item): item is Block => typeof item === "object" && item !== null,
  );
}

export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/**
 * Resolves the Terraform references the gateway needs (`${aws_lambda_function.x.arn}`,
 * `"https://${aws_cognito_user_pool.p.endpoint}"`, `${data.aws_region.current.name}`...) from the synthesized
 * JSON alone: a literal attribute is read from the referenced block (and resolved in turn), a computed one
 * (ids, ARNs, URLs) is made up deterministically (ids.ts). Expressions it cannot evaluate (function calls,
 * arithmetic) are left as written and reported through `unresolved`.
 */
import { referenceExpression, soleReference } from "../../tfjson/expressions";
import { type Resource, SynthesizedStack } from "../../tfjson/stack";
import { templateParts } from "../../tfjson/templates";
import type { Block, StackFile } from "../../tfjson/types";
import { type ComputeContext, computedAttribute, LOCAL_ACCOUNT_ID } from "./ids";

/** A resource of the stack. */
export type ResourceRef = Resource;

function step(value: unknown, key: string | number): unknown {
  if (value === null || value === undefined) return undefined;
  // Nested blocks are written as one-element lists or as objects; a name applied to a list reads its first element.
  if (Array.isArray(value) && typeof key === "string") return step(value[0], key);
  return (value as Record<string | number, unknown>)[key];
}

export class References {
  readonly region: string;
  readonly accountId = LOCAL_ACCOUNT_ID;
  /** Expressions that could not be evaluated (kept as written), for diagnostics. */
  readonly unresolved = new Set<string>();
  private readonly computing = new Set<string>();
  private readonly cache = new Map<string, unknown>();
  private readonly json: SynthesizedStack;

  constructor(readonly stack: StackFile) {
    this.json = new SynthesizedStack(stack.json);
    const aws = this.json.providers("aws");
    const main = aws.find((provider) => provider.alias === undefined) ?? aws[0];
    this.region = typeof main?.region === "string" ? main.region : "us-east-1";
  }

  /** Every resource of a type, in the JSON's order. */
  resources(type: string): ResourceRef[] {
    return this.json.ofType(type);
  }

  resource(type: string, name: string): ResourceRef | undefined {
    return this.json.resource(type, name);
  }

  /** The resource a value that is exactly one reference to one of its attributes (`${type.name.attr}`) points at. */
  referenced(value: unknown): ResourceRef | undefined {
    const reference = soleReference(value);
    return reference?.kind === "resource" && reference.path.length > 0
      ? this.json.resource(String(reference.type), reference.name)
      : undefined;
  }

  /** The region of one resource: its own `region` (provider 6.x), its aliased provider's, or the stack's. */
  regionOf(block: Block): string {
    if (typeof block.region === "string" && !block.region.includes("${")) return block.region;
    const alias = /^aws\.(.+)$/.exec(String(block.provider ?? ""))?.[1];
    if (alias) {
      const provider = this.json.providers("aws").find((p) => p.alias === alias);
      if (typeof provider?.region === "string") return provider.region;
    }
    return this.region;
  }

  /** An attribute of a resource: its literal value (resolved) or a computed one. */
  attribute(type: string, name: string, attribute: string): unknown {
    const key = `${type}.${name}.${attribute}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const block = this.stack.json.resource?.[type]?.[name];
    if (!block) return undefined;
    if (this.computing.has(key)) return undefined; // a cycle: give up on this attribute
    this.computing.add(key);
    try {
      let value: unknown;
      if (Object.hasOwn(block, attribute) && attribute !== "//") {
        value = this.resolve(block[attribute]);
      } else {
        const context: ComputeContext = {
          seed: `${this.stack.id}/${type}.${name}`,
          type,
          block,
          region: this.regionOf(block),
          attr: (other) => this.attribute(type, name, other),
        };
        value = computedAttribute(context, attribute);
      }
      this.cache.set(key, value);
      return value;
    } finally {
      this.computing.delete(key);
    }
  }

  /** Resolves every `${...}` in a value, deeply (strings, lists, objects). */
  resolve(value: unknown): unknown {
    if (typeof value === "string") return this.interpolate(value);
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== "//")
          .map(([key, item]) => [key, this.resolve(item)]),
      );
    }
    return value;
  }

  /** A resolved value as a string (`undefined` when absent). */
  string(value: unknown): string | undefined {
    const resolved = this.resolve(value);
    if (resolved === undefined || resolved === null) return undefined;
    return typeof resolved === "string" ? resolved : JSON.stringify(resolved);
  }

  private interpolate(text: string): unknown {
    if (!text.includes("{")) return text;
    // A directive (`%{ if }`, `%{ for }`) is not evaluated: evaluate() reports it unresolved.
    const parts = templateParts(text).map((part) =>
      part.kind === "literal" ? part.text : this.evaluate(part.expression, part.source),
    );
    // A string that is exactly one expression keeps the expression's type (a list, a number...).
    if (parts.length === 1) return parts[0];
    return parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join("");
  }

  /** A reference's value (`aws_x.y.arn`, `data.aws_region.current.name`, `var.x`, `local.y`, with any path after). */
  private evaluate(expression: string, original: string): unknown {
    const reference = referenceExpression(expression);
    let value: unknown;
    let path: readonly (string | number)[] = [];
    if (reference?.kind === "data") {
      const [attribute, ...more] = reference.path;
      value = this.dataAttribute(String(reference.type), reference.name, String(attribute));
      path = more;
    } else if (reference?.kind === "var") {
      value = this.resolve(this.stack.json.variable?.[reference.name]?.default);
      path = reference.path;
    } else if (reference?.kind === "local") {
      value = this.resolve(this.stack.json.locals?.[reference.name]);
      path = reference.path;
    } else if (reference?.kind === "resource" && reference.path.length > 0) {
      const [attribute, ...more] = reference.path;
      value = this.attribute(String(reference.type), reference.name, String(attribute));
      path = more;
    }
    for (const key of path) value = step(value, key);
    if (value === undefined) {
      this.unresolved.add(original);
      return original;
    }
    return value;
  }

  private dataAttribute(type: string, name: string, attribute: string): unknown {
    const block = this.stack.json.data?.[type]?.[name] ?? {};
    if (Object.hasOwn(block, attribute)) return this.resolve(block[attribute]);
    const region = this.regionOf(block);
    if (type === "aws_region")
      return attribute === "name" || attribute === "region" || attribute === "id" ? region : undefined;
    if (type === "aws_caller_identity") {
      if (attribute === "account_id" || attribute === "id") return LOCAL_ACCOUNT_ID;
      if (attribute === "arn") return `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local`;
      return undefined;
    }
    if (type === "aws_partition")
      return attribute === "partition" || attribute === "id"
        ? "aws"
        : attribute === "dns_suffix"
          ? "amazonaws.com"
          : undefined;
    return undefined;
  }
}

/**
 * What `terraform validate` would refuse before any plan: a `${...}` reference to a resource, data source,
 * variable or local the stack does not declare, or to an attribute its type does not have, and a `depends_on`
 * entry naming nothing; in resources, data sources, locals and outputs.
 * A type's attributes are read from the provider bindings (@cdktf/provider-aws), which are generated from the
 * AWS provider's own schema: the getters of the resource class name every argument, attribute and block.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Reference, referencesIn } from "../../../tfjson/expressions";
import { SynthesizedStack } from "../../../tfjson/stack";
import type { TerraformJson } from "../../../tfjson/types";

export interface ReferenceProblem {
  readonly stackId: string;
  /** Where the reference is written, e.g. `aws_lambda_permission.x.function_name`. */
  readonly at: string;
  readonly problem: string;
}

const attributeCache = new Map<string, ReadonlySet<string>>();
/** The provider bindings' lib/ folder, found from one binding every stack uses. */
const PROVIDER_LIB = dirname(dirname(require.resolve("@cdktf/provider-aws/lib/provider/index.js")));

/** Top-level attribute and block names of a resource (`aws_x`) or data source (`data.aws_x`) type. */
export function attributesOf(type: string): ReadonlySet<string> {
  const cached = attributeCache.get(type);
  if (cached) return cached;
  const module = type
    .replace(/^aws_/, "")
    .replace(/^data\.aws_/, "data-aws-")
    .replaceAll("_", "-");
  const file = join(PROVIDER_LIB, module, "index.js");
  const source = readFileSync(file, "utf8");
  // The resource class comes after the nested block classes; only its own getters are top-level names.
  const start = source.search(/extends \w+\.Terraform(Resource|DataSource)\b/);
  if (start < 0) throw new Error(`no resource class in ${file}`);
  const names = new Set<string>();
  for (const match of source
    .slice(start)
    .matchAll(
      /(?:get[A-Za-z]*Attribute|interpolationForAttribute)\('([a-z0-9_]+)'\)|\(this, "([a-z0-9_]+)"/g,
    )) {
    names.add(match[1] ?? match[2]);
  }
  attributeCache.set(type, names);
  return names;
}

/**
 * The blocks whose strings Terraform reads as expressions: resources, data sources, locals and each output's
 * `value` (its `description` is a literal string in Terraform's JSON syntax, never a template).
 */
function expressionBlocks(stack: SynthesizedStack): { address: string; block: Record<string, unknown> }[] {
  return [
    ...stack.resources,
    ...stack.dataSources,
    ...Object.entries(stack.locals).map(([name, value]) => ({ address: "locals", block: { [name]: value } })),
    ...stack.outputs.map(({ name, value, depends_on }) => ({
      address: `output.${name}`,
      block: { value, depends_on },
    })),
  ];
}

/** What is wrong with one reference, or undefined when the stack declares what it names. */
function referenceProblem(stack: SynthesizedStack, reference: Reference): string | undefined {
  if (reference.kind === "var" || reference.kind === "local") {
    const declared = reference.kind === "var" ? stack.variables : stack.locals;
    return Object.hasOwn(declared, reference.name)
      ? undefined
      : `references ${reference.address}, which the stack does not declare`;
  }
  if (reference.kind !== "resource" && reference.kind !== "data") return undefined;
  const target = stack.at(reference.address);
  if (target === undefined) return `references ${reference.address}, which the stack does not declare`;
  const attribute = reference.attribute;
  if (attribute === undefined || !target.type.startsWith("aws_")) return undefined;
  const targetType = `${target.mode === "data" ? "data." : ""}${target.type}`;
  return attributesOf(targetType).has(attribute)
    ? undefined
    : `references ${reference.address}.${attribute}, but ${targetType} has no attribute "${attribute}"`;
}

/** Every reference and `depends_on` entry of a stack, checked against what it declares. */
export function checkReferences(stackId: string, json: TerraformJson): ReferenceProblem[] {
  const stack = new SynthesizedStack(json);
  const problems: ReferenceProblem[] = [];
  for (const { address, block } of expressionBlocks(stack)) {
    for (const target of (block.depends_on as unknown[] | undefined) ?? []) {
      if (!stack.at(String(target))) {
        problems.push({
          stackId,
          at: `${address}.depends_on`,
          problem: `"${target}" is not declared in the stack`,
        });
      }
    }
    for (const { path, reference } of referencesIn(block)) {
      const problem = referenceProblem(stack, reference);
      if (problem !== undefined) problems.push({ stackId, at: `${address}.${path}`, problem });
    }
  }
  return problems;
}

export function describeReferenceProblem(problem: ReferenceProblem): string {
  return `references: stack "${problem.stackId}", ${problem.at} ${problem.problem}: terraform validate would refuse it. Fix: point it at a resource and attribute the stack declares.`;
}

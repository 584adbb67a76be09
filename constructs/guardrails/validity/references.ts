/**
 * What `terraform validate` would refuse before any plan: a `${...}` reference to a resource or data source the
 * stack does not declare, or to an attribute its type does not have, and a `depends_on` entry naming nothing.
 * A type's attributes are read from the provider bindings (@cdktf/provider-aws), which are generated from the
 * AWS provider's own schema: the getters of the resource class name every argument, attribute and block.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { referencesIn } from "../../../tfjson/expressions";
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

/** Every reference and `depends_on` entry of a stack, checked against what it declares. */
export function checkReferences(stackId: string, json: TerraformJson): ReferenceProblem[] {
  const stack = new SynthesizedStack(json);
  const problems: ReferenceProblem[] = [];
  for (const { address, block } of [...stack.resources, ...stack.dataSources]) {
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
      if (reference.kind !== "resource" && reference.kind !== "data") continue;
      const target = stack.at(reference.address);
      const attribute = reference.attribute;
      if (target === undefined) {
        problems.push({
          stackId,
          at: `${address}.${path}`,
          problem: `references ${reference.address}, which the stack does not declare`,
        });
      } else if (attribute !== undefined && target.type.startsWith("aws_")) {
        const targetType = `${target.mode === "data" ? "data." : ""}${target.type}`;
        if (!attributesOf(targetType).has(attribute)) {
          problems.push({
            stackId,
            at: `${address}.${path}`,
            problem: `references ${reference.address}.${attribute}, but ${targetType} has no attribute "${attribute}"`,
          });
        }
      }
    }
  }
  return problems;
}

export function describeReferenceProblem(problem: ReferenceProblem): string {
  return `references: stack "${problem.stackId}", ${problem.at} ${problem.problem}: terraform validate would refuse it. Fix: point it at a resource and attribute the stack declares.`;
}

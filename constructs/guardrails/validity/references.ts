/**
 * What `terraform validate` would refuse before any plan: a `${...}` reference to a resource or data source the
 * stack does not declare, or to an attribute its type does not have, and a `depends_on` entry naming nothing.
 * A type's attributes are read from the provider bindings (@cdktf/provider-aws), which are generated from the
 * AWS provider's own schema: the getters of the resource class name every argument, attribute and block.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Block } from "../model";

export interface ReferenceProblem {
  readonly stackId: string;
  /** Where the reference is written, e.g. `aws_lambda_permission.x.function_name`. */
  readonly at: string;
  readonly problem: string;
}

type TerraformJson = {
  resource?: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
};

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

/** `aws_x.name.attr` and `data.aws_x.name.attr` traversals inside one `${...}` expression. */
const TRAVERSAL = /(?<![\w."-])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([a-z0-9_]+))?/g;

function* stringsIn(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof value === "string") yield { path, text: value };
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* stringsIn(item, `${path}[${i}]`);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "//") continue; // cdktf's metadata
      yield* stringsIn(item, path === "" ? key : `${path}.${key}`);
    }
  }
}

/** Text inside every `${...}` of a string (Terraform templates may nest braces inside). */
function expressions(text: string): string[] {
  const found: string[] = [];
  let at = text.indexOf("${");
  while (at >= 0) {
    let depth = 0;
    let end = at + 2;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}") {
        if (depth === 0) break;
        depth--;
      }
    }
    found.push(text.slice(at + 2, end));
    at = text.indexOf("${", end);
  }
  return found;
}

/** Every reference and `depends_on` entry of a stack, checked against what it declares. */
export function checkReferences(stackId: string, json: TerraformJson): ReferenceProblem[] {
  const declared = new Map<string, string>(); // address -> type
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const name of Object.keys(byName)) declared.set(`${type}.${name}`, type);
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const name of Object.keys(byName)) declared.set(`data.${type}.${name}`, `data.${type}`);
  }
  const problems: ReferenceProblem[] = [];
  const blocks = [
    ...Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, block]) => ({ address: `${type}.${name}`, block })),
    ),
    ...Object.entries(json.data ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, block]) => ({ address: `data.${type}.${name}`, block })),
    ),
  ];
  for (const { address, block } of blocks) {
    for (const target of (block.depends_on as unknown[] | undefined) ?? []) {
      if (!declared.has(String(target))) {
        problems.push({
          stackId,
          at: `${address}.depends_on`,
          problem: `"${target}" is not declared in the stack`,
        });
      }
    }
    for (const { path, text } of stringsIn(block, "")) {
      for (const expression of expressions(text)) {
        for (const match of expression.matchAll(TRAVERSAL)) {
          const [, data, type, name, attribute] = match;
          const target = `${data ?? ""}${type}.${name}`;
          const targetType = declared.get(target);
          if (targetType === undefined) {
            problems.push({
              stackId,
              at: `${address}.${path}`,
              problem: `references ${target}, which the stack does not declare`,
            });
          } else if (attribute !== undefined && !attributesOf(targetType).has(attribute)) {
            problems.push({
              stackId,
              at: `${address}.${path}`,
              problem: `references ${target}.${attribute}, but ${targetType} has no attribute "${attribute}"`,
            });
          }
        }
      }
    }
  }
  return problems;
}

export function describeReferenceProblem(problem: ReferenceProblem): string {
  return `references: stack "${problem.stackId}", ${problem.at} ${problem.problem}: terraform validate would refuse it. Fix: point it at a resource and attribute the stack declares.`;
}

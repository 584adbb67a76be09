/**
 * Terraform references in the strings of synthesized JSON, parsed in one place. In Terraform's JSON syntax a
 * string is a template: literal text with `${ expression }` interpolations (`$${` writes a literal `${`). An
 * expression names values by reference (Terraform's "References to Named Values"): `<TYPE>.<NAME>` for a
 * managed resource, `data.<TYPE>.<NAME>`, `ephemeral.<TYPE>.<NAME>`, `var.<NAME>`, `local.<NAME>`,
 * `module.<NAME>`, `path.module|root|cwd`, `terraform.workspace`, `count.index`, `each.key|value` and
 * `self`, followed by attributes and indexes (`.arn`, `[0]`, `["key"]`, splats `[*]` and `.*`). References may
 * sit inside function calls (`${sha1(jsonencode([aws_x.a.id, aws_x.b.id]))}`), operators and nested strings.
 * Template directives count too: the condition of `%{ if }`, the collection of `%{ for }` (whose names are
 * the loop's own inside it). Templates themselves are scanned in templates.ts.
 */
import { scanTemplate, type TemplatePart, templateParts } from "./templates";

export type ReferenceKind =
  | "resource"
  | "data"
  | "ephemeral"
  | "var"
  | "local"
  | "module"
  | "path"
  | "terraform"
  | "count"
  | "each"
  | "self";

export interface Reference {
  readonly kind: ReferenceKind;
  /**
   * What the reference names: `aws_s3_bucket.b`, `data.aws_region.current`, `var.region`, `local.tags`,
   * `module.vpc`, `path.module`, `count.index`, `self`.
   */
  readonly address: string;
  /** The resource, data source or ephemeral type (`aws_s3_bucket`); undefined for the other kinds. */
  readonly type?: string;
  /** The resource's, variable's, local's or module's name; `module` of `path.module`; empty for `self`. */
  readonly name: string;
  /** What follows the address: attribute names, indexes (`[0]` is 0, `["k"]` is "k") and splats ("*"). */
  readonly path: readonly (string | number)[];
  /** The attribute right after the address (`arn` of `aws_x.y.arn`); undefined for `aws_x.y[0].arn`. */
  readonly attribute?: string;
  /** The traversal as written: `aws_s3_bucket.b[0].arn`. */
  readonly text: string;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_-]/;
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if"]);
const SINGLE = new Set(["var", "local", "module", "path", "terraform", "count", "each"]);
const TYPED = new Set(["data", "ephemeral"]);

function identifierAt(text: string, index: number): string {
  let end = index;
  while (end < text.length && IDENT.test(text[end])) end++;
  return text.slice(index, end);
}

/** Reads `.name`, `.0`, `.*`, `[0]`, `["key"]` and `[*]` steps after a name; stops at anything else. */
function readSteps(text: string, from: number): { steps: (string | number)[]; end: number } {
  const steps: (string | number)[] = [];
  let index = from;
  for (;;) {
    if (text[index] === "." && IDENT_START.test(text[index + 1] ?? "")) {
      const name = identifierAt(text, index + 1);
      steps.push(name);
      index += 1 + name.length;
    } else if (text[index] === "." && /\d/.test(text[index + 1] ?? "")) {
      const digits = /^\d+/.exec(text.slice(index + 1))?.[0] ?? "";
      steps.push(Number(digits));
      index += 1 + digits.length;
    } else if (text.startsWith(".*", index)) {
      steps.push("*");
      index += 2;
    } else if (text[index] === "[") {
      const step = /^\[\s*(?:(\d+)|"((?:[^"\\]|\\.)*)"|(\*))\s*\]/.exec(text.slice(index));
      if (!step) break; // an index computed by an expression: its references are read on their own
      steps.push(step[1] !== undefined ? Number(step[1]) : step[2] !== undefined ? step[2] : "*");
      index += step[0].length;
    } else break;
  }
  return { steps, end: index };
}

/** A reference from a traversal's steps, or undefined when the steps name no value (`data.aws_x`, `true`). */
function referenceOf(steps: readonly (string | number)[], text: string): Reference | undefined {
  const [head, ...rest] = steps;
  if (typeof head !== "string" || KEYWORDS.has(head)) return undefined;
  const named = (
    kind: ReferenceKind,
    address: string,
    type: string | undefined,
    name: string,
    path: readonly (string | number)[],
  ): Reference => ({
    kind,
    address,
    type,
    name,
    path,
    attribute: typeof path[0] === "string" ? path[0] : undefined,
    text,
  });
  if (head === "self") return named("self", "self", undefined, "", rest);
  const [first, second, ...more] = rest;
  if (typeof first !== "string") return undefined;
  if (TYPED.has(head)) {
    if (typeof second !== "string") return undefined;
    return named(head as ReferenceKind, `${head}.${first}.${second}`, first, second, more);
  }
  const path = second === undefined ? [] : [second, ...more];
  if (SINGLE.has(head)) return named(head as ReferenceKind, `${head}.${first}`, undefined, first, path);
  return named("resource", `${head}.${first}`, head, first, path);
}

/**
 * Every reference in one expression (the text inside `${...}`), in the order written. Function names,
 * keywords, numbers, `for` iterators (and the names in `bound`, those of enclosing `%{ for }` directives) and
 * attributes of computed values are not references; strings are read as templates, so references interpolated
 * inside them count.
 */
export function referencesInExpression(
  expression: string,
  bound: ReadonlySet<string> = new Set(),
): Reference[] {
  const found: Reference[] = [];
  const iterators = new Set(bound);
  let previous = ""; // the last character before the current token that is not a space
  let index = 0;
  while (index < expression.length) {
    const char = expression[index];
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === '"') {
      const { parts, end } = scanTemplate(expression, index + 1, true);
      found.push(...referencesInParts(parts, iterators));
      index = end + 1;
      previous = '"';
      continue;
    }
    if (/\d/.test(char)) {
      index += /^[0-9.eE+-]*[0-9]/.exec(expression.slice(index))?.[0].length ?? 1;
      previous = "0";
      continue;
    }
    if (!IDENT_START.test(char)) {
      index++;
      previous = char;
      continue;
    }
    const start = index;
    const head = identifierAt(expression, index);
    const { steps, end } = readSteps(expression, index + head.length);
    index = end;
    const next = /^\s*(\(|::)/.exec(expression.slice(index))?.[1];
    if (next === "::") {
      // A provider-defined function: `provider::aws::arn_parse(...)`.
      index = expression.indexOf("(", index);
      if (index === -1) break;
      continue;
    }
    const isCall = next === "(";
    const afterDot = previous === ".";
    previous = "a";
    if (
      head === "for" &&
      (expressionBefore(expression, start) === "[" || expressionBefore(expression, start) === "{")
    ) {
      // `[for k, v in list : ...]`: k and v are the loop's own names.
      const header = /^\s*([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\b/.exec(
        expression.slice(index),
      );
      if (header) {
        iterators.add(header[1]);
        if (header[2]) iterators.add(header[2]);
      }
      continue;
    }
    if (isCall || afterDot || iterators.has(head)) continue;
    const reference = referenceOf([head, ...steps], expression.slice(start, end));
    if (reference) found.push(reference);
  }
  return found;
}

function expressionBefore(text: string, index: number): string {
  return /(\S)\s*$/.exec(text.slice(0, index))?.[1] ?? "";
}

/** `for k, v in collection` of a `%{ for }` directive. */
const FOR_DIRECTIVE = /^for\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\s([\s\S]*)$/;

/** Every reference in the parts of a template; inside `%{ for v in x }...%{ endfor }`, `v` names no value. */
function referencesInParts(parts: readonly TemplatePart[], bound: ReadonlySet<string>): Reference[] {
  const found: Reference[] = [];
  const scopes = [bound];
  for (const part of parts) {
    const names = scopes[scopes.length - 1];
    if (part.kind === "expression") found.push(...referencesInExpression(part.expression, names));
    if (part.kind !== "directive") continue;
    const loop = FOR_DIRECTIVE.exec(part.expression);
    if (loop) {
      found.push(...referencesInExpression(loop[3], names));
      scopes.push(new Set([...names, loop[1], ...(loop[2] ? [loop[2]] : [])]));
    } else if (/^endfor\b/.test(part.expression)) {
      if (scopes.length > 1) scopes.pop();
    } else if (/^if\s/.test(part.expression)) {
      found.push(...referencesInExpression(part.expression.slice(2), names));
    }
  }
  return found;
}

/** Every reference in a template string. */
export function referencesInString(text: string): Reference[] {
  return referencesInParts(templateParts(text), new Set());
}

/** The reference an expression is made of, exactly (`aws_lambda_function.fn.arn`), or undefined. */
export function referenceExpression(expression: string): Reference | undefined {
  const trimmed = expression.trim();
  const references = referencesInExpression(trimmed);
  return references.length === 1 && references[0].text === trimmed ? references[0] : undefined;
}

/** The reference a value is made of, exactly (`"${aws_lambda_function.fn.arn}"`), or undefined. */
export function soleReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const parts = templateParts(value);
  return parts.length === 1 && parts[0].kind === "expression"
    ? referenceExpression(parts[0].expression)
    : undefined;
}

/** Every string in a value with where it is (`environment.variables.TABLE`, `statement[0].resources[1]`), cdktf's `//` metadata left out. */
export function* stringsIn(value: unknown, path = ""): Generator<{ path: string; text: string }> {
  if (typeof value === "string") yield { path, text: value };
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* stringsIn(item, `${path}[${i}]`);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "//") continue;
      yield* stringsIn(item, path === "" ? key : `${path}.${key}`);
    }
  }
}

/** Every reference in a value (a block, a list, a string), with where it is written. */
export function* referencesIn(value: unknown): Generator<{ path: string; reference: Reference }> {
  for (const { path, text } of stringsIn(value))
    for (const reference of referencesInString(text)) yield { path, reference };
}

/**
 * Resolves the Terraform references the gateway needs (`${aws_lambda_function.x.arn}`,
 * `"https://${aws_cognito_user_pool.p.endpoint}"`, `${data.aws_region.current.name}`...) from the synthesized
 * JSON alone: a literal attribute is read from the referenced block (and resolved in turn), a computed one
 * (ids, ARNs, URLs) is made up deterministically (ids.ts). Expressions it cannot evaluate (function calls,
 * arithmetic) are left as written and reported through `unresolved`.
 */
import { type ComputeContext, computedAttribute, LOCAL_ACCOUNT_ID } from "./ids";
import type { Block, StackFile } from "./types";

/** A resource of the stack. */
export interface ResourceRef {
  readonly type: string;
  readonly name: string;
  /** `type.name`, as Terraform addresses it. */
  readonly address: string;
  readonly block: Block;
}

const TRAVERSAL = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_$][\w-]*|\[\d+\]|\["[^"]*"\])*$/;

/** The parts of `a.b[0].c["d"]`: names and indexes. */
function traversalParts(expression: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const pattern = /([A-Za-z_$][\w-]*)|\[(\d+)\]|\["([^"]*)"\]/g;
  for (const match of expression.matchAll(pattern)) {
    if (match[1] !== undefined) parts.push(match[1]);
    else if (match[2] !== undefined) parts.push(Number(match[2]));
    else parts.push(match[3]);
  }
  return parts;
}

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

  constructor(readonly stack: StackFile) {
    const aws = stack.json.provider?.aws ?? [];
    const main = aws.find((provider) => provider.alias === undefined) ?? aws[0];
    this.region = typeof main?.region === "string" ? main.region : "us-east-1";
  }

  /** Every resource of a type, in the JSON's order. */
  resources(type: string): ResourceRef[] {
    return Object.entries(this.stack.json.resource?.[type] ?? {}).map(([name, block]) => ({
      type,
      name,
      address: `${type}.${name}`,
      block,
    }));
  }

  resource(type: string, name: string): ResourceRef | undefined {
    const block = this.stack.json.resource?.[type]?.[name];
    return block ? { type, name, address: `${type}.${name}`, block } : undefined;
  }

  /** The resource a value that is exactly one reference (`${type.name.attr}`) points at. */
  referenced(value: unknown): ResourceRef | undefined {
    const match = /^\$\{([a-z0-9_]+)\.([^.}\s]+)\.[^}]+\}$/.exec(String(value));
    return match ? this.resource(match[1], match[2]) : undefined;
  }

  /** The region of one resource: its own `region` (provider 6.x), its aliased provider's, or the stack's. */
  regionOf(block: Block): string {
    if (typeof block.region === "string" && !block.region.includes("${")) return block.region;
    const alias = /^aws\.(.+)$/.exec(String(block.provider ?? ""))?.[1];
    if (alias) {
      const provider = (this.stack.json.provider?.aws ?? []).find((p) => p.alias === alias);
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
    if (!text.includes("${")) return text;
    const parts: unknown[] = [];
    let index = 0;
    while (index < text.length) {
      const start = text.indexOf("${", index);
      if (start === -1) {
        parts.push(text.slice(index));
        break;
      }
      if (start > 0 && text[start - 1] === "$") {
        // `$${` is Terraform's escape for a literal `${`.
        parts.push(text.slice(index, start - 1), "${");
        index = start + 2;
        continue;
      }
      parts.push(text.slice(index, start));
      const end = closingBrace(text, start + 2);
      if (end === -1) {
        parts.push(text.slice(start));
        break;
      }
      const expression = text.slice(start + 2, end).trim();
      parts.push(this.evaluate(expression, text.slice(start, end + 1)));
      index = end + 1;
    }
    const meaningful = parts.filter((part) => part !== "");
    // A string that is exactly one expression keeps the expression's type (a list, a number...).
    if (meaningful.length === 1) return meaningful[0];
    return meaningful.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join("");
  }

  private evaluate(expression: string, original: string): unknown {
    if (!TRAVERSAL.test(expression)) {
      this.unresolved.add(original);
      return original;
    }
    const [head, ...rest] = traversalParts(expression);
    let value: unknown;
    let path: (string | number)[];
    if (head === "data") {
      const [type, name, attribute, ...more] = rest as string[];
      value = this.dataAttribute(String(type), String(name), String(attribute));
      path = more;
    } else if (head === "var") {
      const [name, ...more] = rest;
      value = this.resolve(this.stack.json.variable?.[String(name)]?.default);
      path = more;
    } else if (head === "local") {
      const [name, ...more] = rest;
      value = this.resolve(this.stack.json.locals?.[String(name)]);
      path = more;
    } else {
      const [name, attribute, ...more] = rest;
      if (attribute === undefined) {
        this.unresolved.add(original);
        return original;
      }
      value = this.attribute(String(head), String(name), String(attribute));
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

/** The index of the `}` closing an expression that starts at `from`, skipping nested braces and strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quoted = false;
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === "\\") index++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "{") depth++;
    else if (char === "}") {
      if (depth === 0) return index;
      depth--;
    }
  }
  return -1;
}

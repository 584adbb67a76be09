/**
 * Parsers for raw setting values (strings from the environment, or JSON values from cdktf context).
 * Each returns the typed value or throws `InvalidValue` with what is allowed; `loadSettings` adds the setting's
 * name and the offending value to the message.
 */

import { AWS_REGIONS } from "./regions";

export class InvalidValue extends Error {}

/** The JSON types a cdktf context value may have for a setting (a string always works, as in the environment). */
export type ContextKind = "string" | "number" | "boolean" | "list" | "object";

/** Parses the text of a value; `kind` says which JSON types the same setting takes from cdktf context. */
export type Parser<T> = ((raw: string) => T) & { readonly kind: ContextKind };

function parser<T>(kind: ContextKind, parse: (raw: string) => T): Parser<T> {
  return Object.assign(parse, { kind });
}

/** A decimal number as written (no hex, binary or exponent forms that `Number()` would also read). */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function integer(min: number, max: number): Parser<number> {
  return parser("number", (raw) => {
    const value = Number(raw.trim());
    if (!DECIMAL.test(raw.trim()) || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidValue(`an integer from ${min} to ${max}`);
    }
    return value;
  });
}

export function decimal(min: number, max: number): Parser<number> {
  return parser("number", (raw) => {
    const value = Number(raw.trim());
    if (!DECIMAL.test(raw.trim()) || value < min || value > max) {
      throw new InvalidValue(`a number from ${min} to ${max}`);
    }
    return value;
  });
}

export function oneOf<T extends string | number>(allowed: readonly T[], why = ""): Parser<T> {
  const kind = allowed.every((candidate) => typeof candidate === "number") ? "number" : "string";
  return parser(kind, (raw) => {
    const found = allowed.find((candidate) => String(candidate) === raw.trim());
    if (found === undefined) throw new InvalidValue(`one of ${allowed.join(", ")}${why}`);
    return found;
  });
}

export const boolean: Parser<boolean> = parser("boolean", (raw) => {
  const value = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(value)) return true;
  if (["false", "0", "no", "off"].includes(value)) return false;
  throw new InvalidValue("true or false");
});

export function matching(pattern: RegExp, description: string): Parser<string> {
  return parser("string", (raw) => {
    const value = raw.trim();
    if (!pattern.test(value)) throw new InvalidValue(description);
    return value;
  });
}

/**
 * A comma-separated list (or a JSON array of strings from context; `none` for empty); each entry checked by
 * `item`; with `unique`, an entry may appear once only.
 */
export function list<T>(item: Parser<T>, maxItems = 50, unique = false): Parser<T[]> {
  return parser("list", (raw) => {
    const trimmed = raw.trim();
    if (trimmed.toLowerCase() === "none") return [];
    const entries = trimmed.startsWith("[") ? jsonArray(trimmed) : trimmed.split(",");
    const values = entries.map((entry) => entry.trim()).filter((entry) => entry !== "");
    if (values.length > maxItems) throw new InvalidValue(`at most ${maxItems} comma-separated entries`);
    const repeated = values.find((value, i) => values.indexOf(value) !== i);
    if (unique && repeated !== undefined)
      throw new InvalidValue(`each entry once ("${repeated}" is repeated)`);
    return values.map(item);
  });
}

function jsonArray(raw: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidValue("a comma-separated list or a JSON array of strings");
  }
  if (!Array.isArray(parsed) || parsed.some((entry) => typeof entry !== "string" || entry.includes(","))) {
    throw new InvalidValue("a comma-separated list or a JSON array of strings without commas");
  }
  return parsed;
}

// Tags go on every resource (provider default tags), so they follow the strictest service tagged: EC2 takes
// 127-character keys (ec2 Tag.Key), and DynamoDB no "@" ("Tagging restrictions in DynamoDB": letters, digits,
// spaces and + - = . _ : /). Spaces, not tabs.
const TAG_KEY = /^[\p{L}\p{N}\p{Z}_.:/=+-]{1,127}$/u;
const TAG_VALUE = /^[\p{L}\p{N}\p{Z}_.:/=+-]{0,255}$/u;
/** Tag keys the stacks set themselves (constructs' provider default tags); IAM compares tag keys without case. */
export const OWN_TAG_KEYS = ["project", "stack", "environment", "managed-by"] as const;

/** Tags as `key=value,key=value` or a JSON object; keys and values follow AWS's tag character rules. */
export const tags: Parser<Record<string, string>> = parser("object", (raw) => {
  const trimmed = raw.trim();
  if (trimmed === "") return {};
  const pairs = trimmed.startsWith("{") ? jsonObjectPairs(trimmed) : keyValuePairs(trimmed);
  const result: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith("aws:")) {
      throw new InvalidValue(
        `tag keys of 1-127 letters, digits, spaces or _.:/=+-, not starting with "aws:" (bad key "${key}")`,
      );
    }
    if (!TAG_VALUE.test(value)) {
      throw new InvalidValue(
        `tag values of 0-255 letters, digits, spaces or _.:/=+- (bad value for "${key}")`,
      );
    }
    // IAM treats tag keys that differ only in case as one key (the second replaces the first).
    const clash = [...Object.keys(result), ...OWN_TAG_KEYS].find(
      (other) => other.toLowerCase() === key.toLowerCase(),
    );
    if (clash !== undefined) {
      throw new InvalidValue(
        `tag keys that differ in more than case, and none of the stacks' own (${OWN_TAG_KEYS.join(", ")}): "${key}" and "${clash}" are one key to IAM`,
      );
    }
    result[key] = value;
  }
  if (Object.keys(result).length > 40) throw new InvalidValue("at most 40 tags");
  return result;
});

function keyValuePairs(raw: string): [string, string][] {
  return raw.split(",").map((pair) => {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new InvalidValue('comma-separated key=value pairs, e.g. "team=platform,costcenter=42"');
    return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
  });
}

function jsonObjectPairs(raw: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidValue("a JSON object of string values, or key=value pairs");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidValue("a JSON object of string values, or key=value pairs");
  }
  return Object.entries(parsed).map(([key, value]) => {
    if (typeof value !== "string")
      throw new InvalidValue(`string tag values (tag "${key}" is ${typeof value})`);
    return [key, value];
  });
}

/**
 * An AWS region in a partition the stacks support (see partition.ts): commercial regions and AWS GovCloud (US).
 * China and the isolated regions are refused with the reason.
 */
export const region: Parser<string> = parser("string", (raw) => {
  const value = raw.trim();
  if (value.startsWith("cn-")) {
    throw new InvalidValue(
      "a commercial or AWS GovCloud (US) region: in the China regions API Gateway has no Cognito authorizers or edge-optimized endpoints and serves unauthenticated routes only with an ICP licence, so these stacks cannot deploy there as they are",
    );
  }
  if (/^eusc-|-iso[a-z]?-/.test(value)) {
    throw new InvalidValue(
      "a commercial or AWS GovCloud (US) region: the European Sovereign Cloud and the isolated partitions need endpoints and services these stacks are not set up for",
    );
  }
  if (!AWS_REGIONS.includes(value)) {
    throw new InvalidValue('an AWS region code such as "us-east-1" that the AWS provider knows');
  }
  return value;
});

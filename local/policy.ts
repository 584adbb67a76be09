/**
 * IAM policy evaluation for `execute-api:Invoke`, as API Gateway applies it to Lambda-authorizer policies
 * (gateway-behavior §4.3) and REST resource policies: an explicit Deny wins, then any Allow, otherwise an
 * implicit deny. Resources and string conditions take `*` and `?` wildcards; conditions cover the String*,
 * Ip*, Bool and Arn* operators with `IfExists` and `ForAnyValue:`/`ForAllValues:` forms. A negated operator
 * is true when the request has no such key (IAM's rule).
 */
import { BlockList, isIPv4 } from "node:net";

export type Decision = "allow" | "deny" | "implicit-deny";

export interface PolicyStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement?: PolicyStatement | PolicyStatement[];
}

/** Request facts conditions read (keys compared case-insensitively). */
export type ConditionContext = Readonly<Record<string, string | readonly string[] | undefined>>;

const patterns = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run, `?` one character; case-sensitive. */
export function wildcardMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return pattern === value;
  let regex = patterns.get(pattern);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regex = new RegExp(`^${source}$`, "s");
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(pattern, regex);
  }
  return regex.test(value);
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  const lowered = action.toLowerCase();
  const test = (patternsList: string[]) =>
    patternsList.some((pattern) => wildcardMatch(pattern.toLowerCase(), lowered));
  if (statement.NotAction !== undefined) return !test(list(statement.NotAction));
  return test(list(statement.Action));
}

function resourceMatches(statement: PolicyStatement, resource: string): boolean {
  if (statement.NotResource !== undefined)
    return !list(statement.NotResource).some((pattern) => wildcardMatch(pattern, resource));
  if (statement.Resource === undefined) return true;
  return list(statement.Resource).some((pattern) => wildcardMatch(pattern, resource));
}

function lookup(context: ConditionContext, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() === lower)
      return value === undefined ? undefined : typeof value === "string" ? [value] : [...value];
  }
  return undefined;
}

function ipMatches(cidr: string, ip: string): boolean {
  const blocks = new BlockList();
  const [address, bits] = cidr.split("/");
  const family = isIPv4(address) ? "ipv4" : "ipv6";
  try {
    if (bits === undefined) blocks.addAddress(address, family);
    else blocks.addSubnet(address, Number(bits), family);
    return blocks.check(ip, isIPv4(ip) ? "ipv4" : "ipv6");
  } catch {
    return false;
  }
}

function compare(operator: string, expected: string, actual: string): boolean {
  switch (operator) {
    case "stringequals":
    case "arnequals":
      return expected === actual;
    case "stringequalsignorecase":
      return expected.toLowerCase() === actual.toLowerCase();
    case "stringlike":
    case "arnlike":
      return wildcardMatch(expected, actual);
    case "ipaddress":
      return ipMatches(expected, actual);
    case "bool":
      return expected.toLowerCase() === actual.toLowerCase();
    default:
      return false;
  }
}

const NEGATED: Record<string, string> = {
  stringnotequals: "stringequals",
  stringnotequalsignorecase: "stringequalsignorecase",
  stringnotlike: "stringlike",
  notipaddress: "ipaddress",
  arnnotequals: "arnequals",
  arnnotlike: "arnlike",
};

function conditionHolds(
  rawOperator: string,
  key: string,
  expectedValues: unknown,
  context: ConditionContext,
): boolean {
  let operator = rawOperator.toLowerCase();
  let quantifier: "any" | "all" | undefined;
  if (operator.startsWith("foranyvalue:")) {
    quantifier = "any";
    operator = operator.slice(12);
  } else if (operator.startsWith("forallvalues:")) {
    quantifier = "all";
    operator = operator.slice(13);
  }
  const ifExists = operator.endsWith("ifexists");
  if (ifExists) operator = operator.slice(0, -8);
  const expected = (Array.isArray(expectedValues) ? expectedValues : [expectedValues]).map(String);
  const actual = lookup(context, key);
  if (operator === "null") {
    const wantMissing = expected[0]?.toLowerCase() === "true";
    return wantMissing === (actual === undefined);
  }
  const negatedBase = NEGATED[operator];
  if (actual === undefined || actual.length === 0) {
    if (ifExists) return true;
    return negatedBase !== undefined || quantifier === "all";
  }
  const base = negatedBase ?? operator;
  const matchesOne = (value: string) => expected.some((candidate) => compare(base, candidate, value));
  const positive = quantifier === "all" ? actual.every(matchesOne) : actual.some(matchesOne);
  return negatedBase ? !positive : positive;
}

function conditionsHold(statement: PolicyStatement, context: ConditionContext): boolean {
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(entries ?? {})) {
      if (!conditionHolds(operator, key, values, context)) return false;
    }
  }
  return true;
}

export function statements(document: PolicyDocument | undefined): PolicyStatement[] {
  const raw = document?.Statement;
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw : [raw];
}

/** Evaluates `document` for `action` on `resource`. */
export function evaluatePolicy(
  document: PolicyDocument | undefined,
  action: string,
  resource: string,
  context: ConditionContext = {},
): Decision {
  let allowed = false;
  for (const statement of statements(document)) {
    if (
      !actionMatches(statement, action) ||
      !resourceMatches(statement, resource) ||
      !conditionsHold(statement, context)
    )
      continue;
    const effect = String(statement.Effect ?? "").toLowerCase();
    if (effect === "deny") return "deny";
    if (effect === "allow") allowed = true;
  }
  return allowed ? "allow" : "implicit-deny";
}

/** Whether a policy document has the shape a Lambda authorizer must return. */
export function isPolicyDocument(value: unknown): value is PolicyDocument {
  if (typeof value !== "object" || value === null) return false;
  const raw = (value as PolicyDocument).Statement;
  if (raw === undefined) return false;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.every(
    (statement) =>
      typeof statement === "object" &&
      statement !== null &&
      typeof statement.Effect === "string" &&
      conditionIsWellFormed(statement.Condition),
  );
}

/** A `Condition` is absent or an object: AWS refuses a policy whose `Condition` is `null` (§4.3, recorded). */
function conditionIsWellFormed(condition: unknown): boolean {
  return (
    condition === undefined ||
    (typeof condition === "object" && condition !== null && !Array.isArray(condition))
  );
}

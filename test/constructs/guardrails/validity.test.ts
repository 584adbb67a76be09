/**
 * The validity check (what the AWS provider's validators and AWS's API constraints accept): every combination of
 * settings synthesizes output that passes it, every resource type the stacks create has rules, and each rule
 * fires on a copy of real output with one value broken.
 */
import {
  checkValidity,
  describeValidityViolation,
  valuesAt,
} from "../../../constructs/guardrails/validity/check";
import type { ValidityRule } from "../../../constructs/guardrails/validity/rule";
import { VALIDITY_RULES } from "../../../constructs/guardrails/validity/rules";
import { repositoryStacks, synthStacks } from "../../support/app-stacks";
import { COMBINATIONS } from "../../support/combinations";
import type { TerraformJson } from "../../support/synth";

type Output = { combination: string; stackId: string; json: TerraformJson };
const outputs: Output[] = [];

// The rules are checked on every stack of the repository, registered in STACKS or not: a fork that drops a
// stack from the app keeps rules whose values only that stack writes, and they stay tested.
beforeAll(() => {
  const stacks = repositoryStacks();
  for (const [combination, env] of Object.entries(COMBINATIONS)) {
    for (const [stackId, json] of synthStacks(stacks, env)) outputs.push({ combination, stackId, json });
  }
}, 120_000);

/** Blocks of a rule's type in one stack's JSON: resources, data sources, the provider or the terraform block. */
const blocksOf = (json: TerraformJson, type: string): Record<string, unknown>[] => {
  if (type === "provider.aws") return (json.provider?.aws ?? []) as Record<string, unknown>[];
  if (type === "terraform") return json.terraform ? [json.terraform as Record<string, unknown>] : [];
  const [kind, name] = type.startsWith("data.") ? ["data", type.slice(5)] : ["resource", type];
  return Object.values((json[kind] as TerraformJson["resource"] | undefined)?.[name] ?? {});
};

/** A stack JSON holding only `block` as a block of `type`, and the address the check gives it. */
const alone = (type: string, block: unknown): { json: object; address: string } => {
  if (type === "provider.aws") return { json: { provider: { aws: [block] } }, address: "provider.aws[0]" };
  if (type === "terraform") return { json: { terraform: block }, address: "terraform" };
  const kind = type.startsWith("data.") ? "data" : "resource";
  return {
    json: { [kind]: { [type.replace(/^data\./, "")]: { subject: block } } },
    address: `${type}.subject`,
  };
};

test("every combination of settings passes every rule", () => {
  const errors = outputs.flatMap(({ combination, stackId, json }) =>
    checkValidity(stackId, json, VALIDITY_RULES).map(
      (v) => `[${combination}] ${describeValidityViolation(v)}`,
    ),
  );
  expect(errors).toEqual([]);
});

test("every resource and data source type the stacks use has validity rules", () => {
  const used = new Set(
    outputs.flatMap(({ json }) => [
      ...Object.keys(json.resource ?? {}),
      ...Object.keys((json.data as object) ?? {}).map((type) => `data.${type}`),
    ]),
  );
  const covered = new Set(VALIDITY_RULES.map((rule) => rule.type));
  expect([...used].filter((type) => !covered.has(type)).sort()).toEqual([]);
});

/** A deep copy of `block` with the value at `segments` replaced (or a map key renamed, for `@key` rules). */
function broken(block: unknown, segments: readonly (string | number)[], bad: unknown, renameKey: boolean) {
  const copy = structuredClone(block) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of segments.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = segments[segments.length - 1];
  if (renameKey) {
    parent[String(bad)] = parent[last];
    delete parent[last];
  } else parent[last] = bad;
  return copy;
}

const ruleName = (rule: ValidityRule) =>
  `${rule.type} ${rule.kind === "attribute" ? `${rule.attribute}: ${rule.constraint.describe}` : `${rule.block || "(resource)"}: ${rule.name}`}`;

test.each(VALIDITY_RULES.map((rule) => [ruleName(rule), rule] as const))(
  "%s: fires on real output with one value broken",
  (_name, rule) => {
    const samples = outputs.flatMap(({ stackId, json }) =>
      blocksOf(json, rule.type).flatMap((block) =>
        valuesAt(block, rule.kind === "attribute" ? rule.attribute : rule.block).map((found) => ({
          stackId,
          block,
          found,
        })),
      ),
    );
    // A rule for a value no stack writes checks nothing: it must match some output.
    expect(samples.length).toBeGreaterThan(0);
    const { stackId, block, found } = samples[0];
    let changed: unknown;
    if (rule.kind === "attribute") {
      const segments = rule.each && Array.isArray(found.value) ? [...found.segments, 0] : found.segments;
      changed = broken(block, segments, rule.bad, rule.attribute.endsWith("@key"));
    } else {
      const target = structuredClone(found.value) as Record<string, unknown>;
      const item = (Array.isArray(target) ? target[0] : target) as Record<string, unknown>;
      for (const [key, value] of Object.entries(rule.bad)) {
        if (value === undefined) delete item[key];
        else item[key] = value;
      }
      changed = found.segments.length === 0 ? item : broken(block, found.segments, target, false);
    }
    const { json, address } = alone(rule.type, changed);
    const violations = checkValidity(stackId, json, [rule]);
    expect(violations.length).toBeGreaterThan(0);
    const message = describeValidityViolation(violations[0]);
    expect(message).toContain(`${address}.`);
    expect(message).toContain(rule.kind === "attribute" ? rule.constraint.describe : `rule: ${rule.name}`);
    // The same block unbroken passes.
    expect(checkValidity(stackId, alone(rule.type, block).json, [rule])).toEqual([]);
  },
);

test("the error names the setting behind a bad value", () => {
  const [rule] = VALIDITY_RULES;
  const message = describeValidityViolation(
    {
      stackId: "rest-regional",
      address: "aws_x.y",
      attribute: "name",
      value: "apigw-dev-items(regional)",
      rule,
      problem: "must be valid",
    },
    [{ name: "APIGW_COGNITO_DOMAIN_PREFIX", value: "apigw-dev-items" }],
  );
  expect(message).toContain('It comes from APIGW_COGNITO_DOMAIN_PREFIX = "apigw-dev-items"');
});

test("a setting that appears only in cdktf's metadata is not named as the cause", () => {
  const [rule] = VALIDITY_RULES;
  const message = describeValidityViolation(
    {
      stackId: "websocket",
      address: "aws_x.y",
      attribute: "",
      value: { name: "bad(name)", "//": { metadata: { path: "websocket/ApiGatewayAccountRole/Resource" } } },
      rule,
      problem: "must be valid",
    },
    [{ name: "APIGW_CLOUDWATCH_ROLE_OWNER", value: "websocket" }],
  );
  expect(message).not.toContain("It comes from");
});

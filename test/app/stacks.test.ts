/**
 * Every stack, with its defaults and with every option on, passes the security baseline at synth, and its
 * diagram can be drawn (the generator knows every resource type the stacks create). The READMEs show the
 * diagram and resource counts of the defaults (regenerate with `npm run docs`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BASELINE_RULES, evaluateBaseline } from "../../constructs/guardrails/baseline";
import { baselineTable } from "../../constructs/guardrails/baseline-table";
import { RESOURCE_KINDS } from "../../diagrams/graph";
import { mermaidBlock } from "../../diagrams/mermaid";
import { STACKS } from "../../stacks/all-stacks";
import { APP_BASELINE_EXCEPTIONS } from "../../stacks/baseline-exceptions";
import { resourceCountTable } from "../../stacks/resource-counts";
import { synthOperated as synthAlone, synthAppDefaults } from "../support/app-stacks";
import type { TerraformJson } from "../support/synth";

/** Every optional feature on. */
const EVERYTHING_ON = {
  APIGW_LAMBDA_RESERVED_CONCURRENCY: "5",
  APIGW_ALARM_EMAIL: "oncall@example.com",
  APIGW_REST_AUTHORIZER_TYPE: "REQUEST",
  APIGW_REST_REGIONAL_CACHE: "true",
  APIGW_REST_PRIVATE_CACHE: "true",
  APIGW_REST_REGIONAL_DOMAIN: "api.example.com",
  APIGW_REST_REGIONAL_ZONE_ID: "Z123456ABCDEFG",
  APIGW_REST_CLOUDFRONT: "true",
  APIGW_REST_CLOUDFRONT_DOMAIN: "www.example.com",
  APIGW_REST_EDGE_DOMAIN: "edge.example.com",
  APIGW_REST_EDGE_ZONE_ID: "Z123456ABCDEFG",
  APIGW_REST_PRIVATE_LAMBDAS_IN_VPC: "true",
  APIGW_REST_PRIVATE_PROBE: "true",
};

const synths = new Map<string, TerraformJson>();

/** A stack synthesized with its operations (alarms, backend, baseline), once per stack and settings. */
function synthOperated(Stack: (typeof STACKS)[number], env: Record<string, string>): TerraformJson {
  const key = `${Stack.id} ${JSON.stringify(env)}`;
  const json = synths.get(key) ?? synthAlone(Stack, env).json;
  synths.set(key, json);
  return json;
}

const STACK_CASES = STACKS.map((Stack) => [Stack.id, Stack] as const);

describe.each([
  ["defaults", {}],
  ["every option on", EVERYTHING_ON],
])("stacks with %s", (_name, env) => {
  test.each(STACK_CASES)("%s passes the security baseline and has a diagram", (id, Stack) => {
    const json = synthOperated(Stack, env);
    expect(
      evaluateBaseline(id, json, BASELINE_RULES, APP_BASELINE_EXCEPTIONS).violations.map(
        (v) => `${v.address} ${v.rule.id}: ${v.problem}`,
      ),
    ).toEqual([]);
    const unknown = Object.keys(json.resource).filter((type) => !(type in RESOURCE_KINDS));
    expect(unknown).toEqual([]);
    expect(mermaidBlock(json)).toMatch(/^```mermaid\nflowchart LR\n/);
  });
});

describe("generated docs (regenerate with `npm run docs`)", () => {
  const root = join(__dirname, "..", "..");
  const section = (file: string, name: string) =>
    new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)\\n<!-- /generated:${name} -->`).exec(
      readFileSync(file, "utf8"),
    )?.[1];
  let defaults: Map<string, TerraformJson>;
  beforeAll(() => {
    // As npm run docs synthesizes them: the app's own settings resolution (a fork's logging-role owner).
    defaults = new Map(STACKS.map((Stack) => [Stack.id, synthAppDefaults(Stack)]));
  });

  /** The registered stacks with a README of their own (a stack a fork adds may have none yet). */
  const documented = STACKS.map((Stack) => Stack.id).filter((id) =>
    existsSync(join(root, "stacks", id, "README.md")),
  );

  test.each(documented)("the %s README shows the diagram and the resource counts of its defaults", (id) => {
    const readme = join(root, "stacks", id, "README.md");
    const json = defaults.get(id) as TerraformJson;
    expect(section(readme, "diagram")).toBe(mermaidBlock(json));
    expect(section(readme, "resources")).toBe(resourceCountTable(json));
  });

  test("the README's baseline table matches a synth of the defaults", () => {
    const reports = [...defaults]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, json]) => evaluateBaseline(id, json, BASELINE_RULES, APP_BASELINE_EXCEPTIONS));
    expect(section(join(root, "README.md"), "baseline")).toBe(baselineTable(reports));
  });
});

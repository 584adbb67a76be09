/**
 * Every stack, with its defaults and with every option on, passes the security baseline at synth, and its
 * diagram can be drawn (the generator knows every resource type the stacks create). The READMEs show the
 * diagram of the defaults (regenerate with `node scripts/docs.js`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App, TerraformStack } from "cdktf";
import type { Settings } from "../../config/settings";
import { BASELINE_RULES, evaluateBaseline } from "../../constructs/guardrails/baseline";
import { baselineTable } from "../../constructs/guardrails/baseline-table";
import { APP_BASELINE_EXCEPTIONS } from "../../stacks/baseline-exceptions";
import { mermaidBlock, RESOURCE_KINDS } from "../../stacks/diagram";
import { HttpApiStack } from "../../stacks/http-api/stack";
import { addOperations } from "../../stacks/operations";
import { RestEdgeStack } from "../../stacks/rest-edge/stack";
import { RestPrivateStack } from "../../stacks/rest-private/stack";
import { RestRegionalStack } from "../../stacks/rest-regional/stack";
import { WebSocketStack } from "../../stacks/websocket/stack";
import { synthStack, type TerraformJson } from "../support/synth";

const STACKS: [string, new (app: App, settings: Settings) => TerraformStack][] = [
  ["http-api", HttpApiStack],
  ["rest-regional", RestRegionalStack],
  ["rest-edge", RestEdgeStack],
  ["rest-private", RestPrivateStack],
  ["websocket", WebSocketStack],
];

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
function synthOperated(Stack: (typeof STACKS)[number][1], env: Record<string, string>): TerraformJson {
  const key = `${Stack.name} ${JSON.stringify(env)}`;
  const cached = synths.get(key);
  if (cached) return cached;
  const { json } = synthStack((app, settings) => {
    const stack = new Stack(app, settings);
    addOperations(stack, settings);
    return stack;
  }, env);
  synths.set(key, json);
  return json;
}

describe.each([
  ["defaults", {}],
  ["every option on", EVERYTHING_ON],
])("stacks with %s", (_name, env) => {
  test.each(STACKS)("%s passes the security baseline and has a diagram", (id, Stack) => {
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

describe("generated docs (regenerate with `node scripts/docs.js`)", () => {
  const root = join(__dirname, "..", "..");
  const section = (file: string, name: string) =>
    new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)\\n<!-- /generated:${name} -->`).exec(
      readFileSync(file, "utf8"),
    )?.[1];
  let defaults: Map<string, TerraformJson>;
  beforeAll(() => {
    defaults = new Map(STACKS.map(([id, Stack]) => [id, synthOperated(Stack, {})]));
  });

  test.each(STACKS.map(([id]) => id))("the %s README shows the diagram of its defaults", (id) => {
    expect(section(join(root, "stacks", id, "README.md"), "diagram")).toBe(
      mermaidBlock(defaults.get(id) as TerraformJson),
    );
  });

  test("the README's baseline table matches a synth of the defaults", () => {
    const reports = [...defaults]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, json]) => evaluateBaseline(id, json, BASELINE_RULES, APP_BASELINE_EXCEPTIONS));
    expect(section(join(root, "README.md"), "baseline")).toBe(baselineTable(reports));
  });
});

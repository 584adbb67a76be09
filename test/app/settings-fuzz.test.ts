/**
 * Every combination of settings the settings module accepts synthesizes output that passes the checks main.ts
 * runs (security baseline, validity, references), and every value it must refuse is refused with a problem
 * naming the setting. Edge values of each setting (test/support/setting-edges.ts) are combined at random with
 * a fixed seed, through environment variables and cdktf context (as text and as native JSON, of the right type
 * and of a wrong one), shared and per stack, with now and then a misspelled name; a crash (any error but a
 * SettingsError) is a failure.
 *
 * Longer runs list every distinct failure, each reduced to the fewest settings that show it:
 *   FUZZ_RUNS=500 FUZZ_SEED=7 FUZZ_REPORT=fuzz.json npx jest test/app/settings-fuzz.test.ts
 */
import { writeFileSync } from "node:fs";
import { loadAppSettings, perStackEnv } from "../../config/app-settings";
import type { SettingSpec } from "../../config/setting-spec";
import { parseSetting, SETTINGS, type Settings, SettingsError } from "../../config/settings";
import { STACKS } from "../../stacks/all-stacks";
import type { AppInput } from "../support/app-synth";
import { EDGES, WRONG_JSON } from "../support/setting-edges";
import {
  combination,
  coveringCombinations,
  describeCombination,
  type FuzzReport,
  fuzz,
  govCloudCombination,
  judge,
} from "../support/settings-fuzz";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_512);
const reports: Record<string, FuzzReport> = {};
afterAll(() => {
  if (process.env.FUZZ_REPORT)
    writeFileSync(process.env.FUZZ_REPORT, `${JSON.stringify(reports, null, 2)}\n`);
});

const keys = Object.keys(SETTINGS) as (keyof Settings)[];

test("every setting has edge values", () => {
  expect(keys.filter((key) => !(key in EDGES))).toEqual([]);
});

describe.each(keys.map((key) => [SETTINGS[key].env, key] as const))("%s", (env, key) => {
  const parse = (value: string) =>
    parseSetting(SETTINGS[key] as SettingSpec<unknown>, { value, origin: env });

  test("accepts its edge values", () => {
    expect(EDGES[key].accepted.filter((value) => "problem" in parse(value))).toEqual([]);
  });

  test("refuses bad values, naming the setting and the value", () => {
    const named = (value: string) => `${env} = ${JSON.stringify(value)}: expected `;
    expect(
      EDGES[key].refused.filter((value) => {
        const parsed = parse(value);
        return !("problem" in parsed) || !parsed.problem.startsWith(named(value));
      }),
    ).toEqual([]);
  });

  test("refuses cdktf context values of the wrong JSON type, naming the context key", () => {
    const { context } = SETTINGS[key];
    const accepted = WRONG_JSON[EDGES[key].kind].filter((value) => {
      const problems = refusal({ env: {}, context: { [context]: value } });
      return !problems.some((problem) => problem.startsWith(`context "${context}" = `));
    });
    expect(accepted).toEqual([]);
  });
});

/** The problems `loadAppSettings` refuses the input with (none when it accepts it). */
function refusal({ env, context }: AppInput): string[] {
  try {
    loadAppSettings({
      env,
      context: (key) => context[key],
      contextKeys: Object.keys(context),
      stackIds: STACKS.map((Stack) => Stack.id),
    });
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
}

test.each([["rest-regional"], [5], [[]], [{ "http-api": 5 }], [{ "http-api": "throttleRateLimit=5" }]])(
  "a stacks context of the wrong shape (%j) is refused in one problem naming it",
  (stacks) => {
    const problems = refusal({ env: {}, context: { stacks } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^context "stacks(\.http-api)?" = /);
  },
);

test("per-stack values are checked even when a shared setting is refused", () => {
  // A per-stack variable of the last registered stack (APIGW_WEBSOCKET_LAMBDA_TIMEOUT_SECONDS in the app).
  const perStack = perStackEnv("lambdaTimeoutSeconds", STACKS[STACKS.length - 1].id);
  const problems = refusal({
    env: { APIGW_JWT_ISSUER: "https://login.example.com/", [perStack]: "30" },
    context: {},
  });
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^APIGW_JWT_AUDIENCE is empty/),
      expect.stringMatching(new RegExp(`^${perStack} = "30": expected `)),
    ]),
  );
});

test("combinations that give every setting each of its edge values synthesize valid output", () => {
  const failures = new Map<string, string>();
  for (const found of coveringCombinations()) {
    const { outcome, failures: wrong, refusal } = judge(found);
    for (const failure of wrong)
      if (!failures.has(failure.signature)) failures.set(failure.signature, failure.message);
    if (outcome !== "synthesized") failures.set(describeCombination(found), `${outcome}: ${refusal}`);
  }
  expect([...failures.values()]).toEqual([]);
}, 600_000);

test(`${RUNS} random combinations synthesize valid output or are refused naming the setting`, () => {
  const report = fuzz(combination, { seed: SEED, runs: RUNS });
  reports.app = report;
  expect(report.failures).toEqual([]);
  // Most combinations must reach the synth and its checks, or the test proves little.
  expect(report.outcomes.synthesized).toBeGreaterThanOrEqual(RUNS / 3);
}, 600_000);

test(`${Math.ceil(RUNS / 3)} random combinations in AWS GovCloud (US), without rest-edge (not offered there)`, () => {
  const runs = Math.ceil(RUNS / 3);
  const stacks = STACKS.filter((Stack) => Stack.id !== "rest-edge");
  const report = fuzz(govCloudCombination, { seed: SEED, runs, stacks });
  reports.govCloud = report;
  expect(report.failures).toEqual([]);
  expect(report.outcomes.synthesized).toBeGreaterThanOrEqual(runs / 3);
}, 600_000);

/**
 * Per-stack settings and unknown names: a platform team sets throttling, retention or memory per stack by
 * environment variable or cdktf context; any APIGW_* variable or context key the app does not read is refused
 * with the nearest real name.
 */
import { loadAppSettings, PER_STACK_SETTINGS, perStackEnv } from "../../config/app-settings";
import { SETTINGS, SettingsError } from "../../config/settings";
import { STACKS } from "../../stacks/all-stacks";

/** The app's stacks: every per-stack setting must have a variable for each. */
const appStackIds = STACKS.map((Stack) => Stack.id);
/** Two stacks of some app: the per-stack mechanism does not depend on which stacks a fork keeps. */
const stackIds = ["orders-api", "chat"];
const [first, second] = stackIds;

const problemsOf = (make: () => unknown): string[] => {
  try {
    make();
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error("no settings error");
};

test("a per-stack variable sets one stack only; the shared value stays for the others", () => {
  const env = { APIGW_THROTTLE_RATE: "40", [perStackEnv("throttleRateLimit", first)]: "400" };
  const settings = loadAppSettings({ env, stackIds });
  expect(settings.shared.throttleRateLimit).toBe(40);
  expect(settings.forStack(first).throttleRateLimit).toBe(400);
  expect(settings.forStack(second).throttleRateLimit).toBe(40);
});

test("per-stack context sections, with the environment winning", () => {
  const context = { stacks: { [first]: { lambdaMemoryMb: 1024, logRetentionDays: 731 } } };
  const env = { [perStackEnv("lambdaMemoryMb", first)]: "2048" };
  const settings = loadAppSettings({
    env,
    context: (key) => (context as Record<string, unknown>)[key],
    stackIds,
  });
  expect(settings.forStack(first).lambdaMemoryMb).toBe(2048);
  expect(settings.forStack(first).logRetentionDays).toBe(731);
  expect(settings.forStack(second).lambdaMemoryMb).toBe(SETTINGS.lambdaMemoryMb.default);
});

test("a per-stack value of a derived setting replaces its default for that stack only", () => {
  const env = { [perStackEnv("deletionProtection", first)]: "true" };
  const settings = loadAppSettings({ env, stackIds });
  expect(settings.shared.deletionProtection).toBe(false);
  expect(settings.forStack(first).deletionProtection).toBe(true);
  expect(settings.forStack(second).deletionProtection).toBe(false);
});

test("a problem of the shared values is reported once, not again for each stack with its own values", () => {
  const env = {
    APIGW_CORS_ORIGINS: "*",
    APIGW_CORS_CREDENTIALS: "true",
    [perStackEnv("lambdaMemoryMb", first)]: "512",
  };
  const problems = problemsOf(() => loadAppSettings({ env, stackIds }));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^APIGW_CORS_ORIGINS contains "\*" while APIGW_CORS_CREDENTIALS = true/);
});

test("every per-stack setting has a variable for every stack, and a bad per-stack value names it", () => {
  for (const key of PER_STACK_SETTINGS) {
    for (const id of appStackIds) expect(perStackEnv(key, id)).toMatch(/^APIGW_[A-Z0-9_]+$/);
  }
  const name = perStackEnv("logRetentionDays", second);
  expect(problemsOf(() => loadAppSettings({ env: { [name]: "31" }, stackIds }))).toEqual([
    expect.stringMatching(new RegExp(`^${name} = "31": expected one of`)),
  ]);
});

test("unknown variables and context keys are refused with the nearest real name", () => {
  const context = { throttleRate: 5, stacks: { [`${first}x`]: {}, [second]: { memory: 1 } } };
  const problems = problemsOf(() =>
    loadAppSettings({
      env: { APIGW_THROTLE_RATE: "1", APIGW_SOMETHING_ELSE: "1" },
      context: (key) => (context as Record<string, unknown>)[key],
      contextKeys: Object.keys(context),
      stackIds,
    }),
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining("APIGW_THROTLE_RATE is not a setting (did you mean APIGW_THROTTLE_RATE?)"),
      expect.stringMatching(/^APIGW_SOMETHING_ELSE is not a setting: rename or unset it/),
      expect.stringContaining('context "throttleRate" is not a setting (did you mean throttleRateLimit?)'),
      expect.stringContaining(
        `context "stacks.${first}x" names no stack of the app (did you mean ${first}?)`,
      ),
      expect.stringContaining(`context "stacks.${second}.memory" is not a per-stack setting`),
    ]),
  );
});

test("cdktf's own context keys are accepted", () => {
  expect(() =>
    loadAppSettings({ contextKeys: ["cdktfRelativeModules", "cdktfStaticModuleAssetHash"], stackIds }),
  ).not.toThrow();
});

test("the account logging role goes to a stack of the app: a fork without the default owner gets another", () => {
  const owner = (ids: string[], env: Record<string, string> = {}) =>
    loadAppSettings({ env, stackIds: ids }).shared.cloudwatchRoleOwner;
  expect(owner(["http-api", "websocket"])).toBe("websocket");
  expect(owner(["http-api"])).toBe("external");
  expect(owner(["http-api"], { APIGW_CLOUDWATCH_ROLE_OWNER: "external" })).toBe("external");
  expect(
    problemsOf(() => owner(["http-api", "websocket"], { APIGW_CLOUDWATCH_ROLE_OWNER: "rest-edge" })),
  ).toEqual([
    expect.stringMatching(
      /^APIGW_CLOUDWATCH_ROLE_OWNER = "rest-edge" is not a stack of this app: .* use websocket or external$/,
    ),
  ]);
});

import { loadSettings, SETTINGS, SettingsError } from "../../config/settings";

function problemsOf(env: Record<string, string>, context: Record<string, unknown> = {}): string[] {
  try {
    loadSettings({ env, context: (key) => context[key] });
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
}

describe("settings", () => {
  test("defaults need nothing from the environment", () => {
    const settings = loadSettings();
    expect(settings).toMatchObject({
      region: "us-east-1",
      environment: "dev",
      namePrefix: "apigw",
      tags: {},
      logRetentionDays: 365,
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      lambdaMemoryMb: 256,
      lambdaTimeoutSeconds: 10,
      lambdaReservedConcurrency: undefined,
      jwtIssuer: undefined,
      jwtAudience: [],
      corsAllowOrigins: ["http://localhost:3000"],
      corsAllowCredentials: false,
      deletionProtection: false,
      cognitoDomainPrefix: "apigw-dev-items",
    });
  });

  test("environment variables win over context, context over defaults", () => {
    const settings = loadSettings({
      env: { APIGW_REGION: "eu-west-1" },
      context: (key) => ({ region: "eu-central-1", environment: "staging", tags: { team: "platform" } })[key],
    });
    expect(settings.region).toBe("eu-west-1");
    expect(settings.environment).toBe("staging");
    expect(settings.tags).toEqual({ team: "platform" });
  });

  test("deletion protection defaults on outside dev", () => {
    expect(loadSettings({ env: { APIGW_ENVIRONMENT: "prod" } }).deletionProtection).toBe(true);
    expect(
      loadSettings({ env: { APIGW_ENVIRONMENT: "prod", APIGW_DELETION_PROTECTION: "false" } })
        .deletionProtection,
    ).toBe(false);
  });

  test("defaults that depend on other settings follow them, from any source; a value the user gives wins", () => {
    const context = { namePrefix: "shop", environment: "stage" };
    const derived = loadSettings({
      env: {
        APIGW_JWT_ISSUER: "https://login.example.com/",
        APIGW_JWT_AUDIENCE: "web",
        APIGW_REST_REGIONAL_DOMAIN: "api.example.com",
        APIGW_REST_REGIONAL_ZONE_ID: "Z0123456789ABCDEFGHIJ",
        APIGW_REST_PRIVATE_VPC_ID: "vpc-0123456789abcdef0",
        APIGW_REST_PRIVATE_SUBNET_IDS: "subnet-0123456789abcdef0",
      },
      context: (key) => (context as Record<string, unknown>)[key],
    });
    expect(derived).toMatchObject({
      deletionProtection: true,
      cognitoDomainPrefix: "shop-stage-items",
      restWriteAuthorizer: "lambda",
      restCloudFrontHostedZoneId: "Z0123456789ABCDEFGHIJ",
      restPrivateCreateVpc: false,
      tfcWorkspacePrefix: "shop-stage",
    });
    const given = loadSettings({
      env: {
        APIGW_COGNITO_DOMAIN_PREFIX: "mine",
        APIGW_TFC_WORKSPACE_PREFIX: "ws",
        APIGW_ENVIRONMENT: "prod",
      },
    });
    expect(given).toMatchObject({
      cognitoDomainPrefix: "mine",
      tfcWorkspacePrefix: "ws",
      deletionProtection: true,
    });
  });

  test("a value that does not parse is reported, and what depends on it is derived from its default", () => {
    expect(problemsOf({ APIGW_ENVIRONMENT: "Prod!" })).toEqual([
      expect.stringMatching(/^APIGW_ENVIRONMENT = "Prod!": expected 1-12 lowercase letters or digits/),
    ]);
  });

  test("parses lists, tags and numbers", () => {
    const settings = loadSettings({
      env: {
        APIGW_TAGS: "team=platform, cost-center=42",
        APIGW_CORS_ORIGINS: "https://a.example.com,https://b.example.com:8443",
        APIGW_THROTTLE_RATE: "12.5",
        APIGW_JWT_ISSUER: "https://login.example.com/",
        APIGW_JWT_AUDIENCE: '["web","cli"]',
      },
    });
    expect(settings.tags).toEqual({ team: "platform", "cost-center": "42" });
    expect(settings.corsAllowOrigins).toEqual(["https://a.example.com", "https://b.example.com:8443"]);
    expect(settings.throttleRateLimit).toBe(12.5);
    expect(settings.jwtAudience).toEqual(["web", "cli"]);
  });

  test.each([
    ["APIGW_REGION", "mars-1", 'an AWS region code such as "us-east-1"'],
    ["APIGW_REGION", "US-EAST-1", "an AWS region code"],
    ["APIGW_ENVIRONMENT", "Prod!", "1-12 lowercase letters or digits"],
    ["APIGW_NAME_PREFIX", "-x", "2-16 lowercase letters"],
    ["APIGW_LOG_RETENTION_DAYS", "abc", "one of 365, 400, 545"],
    ["APIGW_LOG_RETENTION_DAYS", "366", "one of 365, 400, 545"],
    ["APIGW_THROTTLE_RATE", "-5", "a number from 1 to 10000"],
    ["APIGW_THROTTLE_RATE", "fast", "a number from 1 to 10000"],
    ["APIGW_THROTTLE_BURST", "2.5", "an integer from 1 to 5000"],
    ["APIGW_LAMBDA_MEMORY_MB", "64", "an integer from 128 to 10240"],
    ["APIGW_LAMBDA_TIMEOUT_SECONDS", "60", "an integer from 1 to 29"],
    ["APIGW_LAMBDA_RESERVED_CONCURRENCY", "0", "an integer from 1 to 1000"],
    ["APIGW_JWT_ISSUER", "http://insecure.example.com", "an https URL"],
    ["APIGW_CORS_ORIGINS", "example.com", "origins like"],
    ["APIGW_CORS_CREDENTIALS", "maybe", "true or false"],
    ["APIGW_TAGS", "team", "key=value pairs"],
    ["APIGW_TAGS", "aws:owner=me", 'not starting with "aws:"'],
    ["APIGW_TAGS", '{"team": 1}', "string tag values"],
    ["APIGW_CLOUDWATCH_ROLE_OWNER", "http-api", "one of rest-regional"],
  ])("%s=%j fails naming the setting, the value and what is allowed", (variable, value, allowed) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(variable);
    expect(problems[0]).toContain(JSON.stringify(value));
    expect(problems[0]).toContain(allowed);
  });

  test("a bad context value names the context key", () => {
    const problems = problemsOf({}, { logRetentionDays: 0 });
    expect(problems).toEqual([expect.stringContaining('context "logRetentionDays" = "0"')]);
  });

  test("every problem is reported at once", () => {
    const problems = problemsOf({
      APIGW_REGION: "x",
      APIGW_THROTTLE_RATE: "-1",
      APIGW_LAMBDA_MEMORY_MB: "1",
    });
    expect(problems).toHaveLength(3);
  });

  test.each([
    [{ APIGW_JWT_ISSUER: "https://login.example.com/" }, "APIGW_JWT_AUDIENCE is empty"],
    [{ APIGW_JWT_AUDIENCE: "web" }, "without APIGW_JWT_ISSUER"],
    [
      { APIGW_CORS_ORIGINS: "*", APIGW_CORS_CREDENTIALS: "true" },
      'contains "*" while APIGW_CORS_CREDENTIALS = true',
    ],
  ])("rejects the combination %j", (env, message) => {
    expect(problemsOf(env)).toEqual([expect.stringContaining(message)]);
  });

  test("the error message lists every problem for the synth output", () => {
    expect(() => loadSettings({ env: { APIGW_REGION: "x" } })).toThrow(
      /invalid settings:\n {2}- APIGW_REGION = "x"/,
    );
  });

  test("every setting has a distinct environment variable and context key", () => {
    const specs = Object.values(SETTINGS);
    expect(new Set(specs.map((spec) => spec.env)).size).toBe(specs.length);
    expect(new Set(specs.map((spec) => spec.context)).size).toBe(specs.length);
    for (const spec of specs) expect(spec.env).toMatch(/^APIGW_[A-Z0-9_]+$/);
  });
});

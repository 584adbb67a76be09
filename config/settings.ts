/**
 * The typed settings of every stack, in sections (core here; WebSocket, REST, operations and state in their
 * files), with a default for each so a bare `synth` works offline. A value comes from an environment variable,
 * else from cdktf context (`cdktf.json` "context" or `--context key=value`), else the default. Most defaults
 * are fixed values; the few that depend on other settings are computed after parsing, by each section's
 * `derivedDefaults`, from the fixed ones only. Every problem fails synth with the setting, the value and the fix.
 */
import {
  boolean,
  decimal,
  InvalidValue,
  integer,
  list,
  matching,
  oneOf,
  type Parser,
  region,
  tags,
} from "./parsers";
import { partitionName } from "./partition";
import { type DerivedKeys, derivedSetting, type SettingSpec, type SpecValues, setting } from "./setting-spec";
import { SettingsError } from "./settings-error";
import { OPERATIONS_SETTINGS } from "./settings-operations";
import { REST_SETTINGS, restDerivedDefaults, restSettingsProblems } from "./settings-rest";
import { STATE_SETTINGS, stateDerivedDefaults, stateSettingsProblems } from "./settings-state";
import { WEBSOCKET_SETTINGS } from "./settings-websocket";

/** The stacks that may own the account logging role (REST and WebSocket stages log through it), or none. */
export const ROLE_OWNERS = ["rest-regional", "rest-edge", "rest-private", "websocket", "external"] as const;

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

// Hosts of at most 253 characters (DNS). Functions receive the origins and JWT settings as environment
// variables, which Lambda caps at 4 KB in all (crossCheck keeps their sum under it).
// Lowercase hosts: browsers send the Origin host in lowercase, and the REST preflight and the functions compare
// exactly. Ports 1-65535.
const ORIGIN =
  /^(\*|https?:\/\/(?=[a-z0-9.-]{1,253}(:|$))[a-z0-9.-]+(:([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5]))?)$/;
// HTTP API JWT issuers are URIs of 1-2048 characters (apigatewayv2 JWTConfiguration.Issuer).
const HTTPS_URL = /^(?=.{1,2048}$)https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
// Cognito callback URLs: https, or http for a loopback host only (CreateUserPoolClient CallbackURLs), 1-1024.
// "Amazon Cognito requires HTTPS over HTTP except for http://localhost for testing purposes only".
const CALLBACK_URL = /^(?=.{1,1024}$)(https:\/\/[^\s?#/]+|http:\/\/localhost(:\d{1,5})?)(\/[^\s#]*)?$/;

const origin = matching(
  ORIGIN,
  'origins like "https://app.example.com" (scheme, lowercase host, optional port 1-65535) or "*"',
);
/** CORS origins: `*` alone, or exact origins (a `*` among them would answer every origin anyway). */
const origins: Parser<string[]> = Object.assign(
  (raw: string) => {
    const values = list(origin, 20, true)(raw);
    if (values.includes("*") && values.length > 1)
      throw new InvalidValue('"*" alone, or exact origins without "*"');
    return values;
  },
  { kind: "list" as const },
);

/** Settings every stack uses. */
export const CORE_SETTINGS = {
  region: setting({
    env: "APIGW_REGION",
    context: "region",
    parse: region,
    default: "us-east-1",
    doc: "AWS region of every stack (edge certificates always go to us-east-1): a commercial or AWS GovCloud (US) region; ARNs use its partition.",
  }),
  environment: setting({
    env: "APIGW_ENVIRONMENT",
    context: "environment",
    parse: matching(/^[a-z][a-z0-9]{0,11}$/, "1-12 lowercase letters or digits, starting with a letter"),
    default: "dev",
    doc: "Environment name: the stage name and part of every physical name.",
  }),
  namePrefix: setting({
    env: "APIGW_NAME_PREFIX",
    context: "namePrefix",
    parse: matching(
      /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/,
      "2-16 lowercase letters, digits or dashes, starting with a letter",
    ),
    default: "apigw",
    doc: "Prefix of every physical name (`<prefix>-<environment>-<stack>-<thing>`).",
  }),
  tags: setting({
    env: "APIGW_TAGS",
    context: "tags",
    parse: tags,
    default: {},
    doc: "Extra tags on every resource (provider default tags), as `k=v,k=v` or a JSON object.",
  }),
  logRetentionDays: setting({
    env: "APIGW_LOG_RETENTION_DAYS",
    context: "logRetentionDays",
    // The security baseline (CKV_AWS_338) asks for a year: shorter periods would fail every stack's synth.
    parse: oneOf(
      LOG_RETENTION_DAYS.filter((days) => days >= 365),
      " (the security baseline, CKV_AWS_338, keeps logs at least a year)",
    ),
    default: 365,
    doc: "Retention of every log group, in days: one of CloudWatch Logs' periods of a year or more (the security baseline's minimum).",
  }),
  throttleRateLimit: setting({
    env: "APIGW_THROTTLE_RATE",
    context: "throttleRateLimit",
    parse: decimal(1, 10_000),
    default: 50,
    doc: "Stage-wide steady-state request rate per second (every stage is throttled).",
  }),
  throttleBurstLimit: setting({
    env: "APIGW_THROTTLE_BURST",
    context: "throttleBurstLimit",
    parse: integer(1, 5_000),
    default: 100,
    doc: "Stage-wide burst (token bucket size).",
  }),
  lambdaMemoryMb: setting({
    env: "APIGW_LAMBDA_MEMORY_MB",
    context: "lambdaMemoryMb",
    parse: integer(128, 10_240),
    default: 256,
    doc: "Memory of every function, in MB (CPU scales with it).",
  }),
  lambdaTimeoutSeconds: setting({
    env: "APIGW_LAMBDA_TIMEOUT_SECONDS",
    context: "lambdaTimeoutSeconds",
    parse: integer(1, 29),
    default: 10,
    doc: "Timeout of every function, in seconds (API Gateway stops waiting at 29-30 s).",
  }),
  lambdaReservedConcurrency: setting<number | undefined>({
    env: "APIGW_LAMBDA_RESERVED_CONCURRENCY",
    context: "lambdaReservedConcurrency",
    parse: integer(1, 1_000),
    default: undefined,
    doc: "Reserved concurrency of each function; unset leaves them on the account's shared pool (new accounts may not be able to reserve any).",
  }),
  jwtIssuer: setting<string | undefined>({
    env: "APIGW_JWT_ISSUER",
    context: "jwtIssuer",
    parse: matching(HTTPS_URL, "an https URL of an OIDC issuer, e.g. https://login.example.com/"),
    default: undefined,
    doc: "External JWT issuer; unset means the stack creates a Cognito user pool and trusts it.",
  }),
  jwtJwksUrl: setting<string | undefined>({
    env: "APIGW_JWT_JWKS_URL",
    context: "jwtJwksUrl",
    parse: matching(
      /^(?=.{1,2048}$)https:\/\/[^\s?#]+$/,
      "an https URL of a JSON Web Key Set, at most 2048 characters",
    ),
    default: undefined,
    doc: "JWKS of the external issuer when it is not at `<issuer>/.well-known/jwks.json` (e.g. Okta's `/v1/keys`); the REST and WebSocket Lambda authorizers read it.",
  }),
  jwtAudience: setting<string[]>({
    env: "APIGW_JWT_AUDIENCE",
    context: "jwtAudience",
    parse: list(matching(/^\S{1,256}$/, "audience values without spaces"), 10),
    default: [],
    doc: "Audiences (client ids) accepted from the external issuer; required with `APIGW_JWT_ISSUER`.",
  }),
  corsAllowOrigins: setting<string[]>({
    env: "APIGW_CORS_ORIGINS",
    context: "corsAllowOrigins",
    parse: origins,
    default: ["http://localhost:3000"],
    doc: "Origins allowed by CORS (comma-separated); `none` turns CORS off.",
  }),
  corsAllowCredentials: setting({
    env: "APIGW_CORS_CREDENTIALS",
    context: "corsAllowCredentials",
    parse: boolean,
    default: false,
    doc: "Whether browsers may send credentials cross-origin (never together with origin `*`).",
  }),
  deletionProtection: derivedSetting<boolean>({
    env: "APIGW_DELETION_PROTECTION",
    context: "deletionProtection",
    parse: boolean,
    defaultDoc: "true unless the environment is `dev`",
    doc: "Deletion protection on data tables; on by default outside the `dev` environment.",
  }),
  cognitoDomainPrefix: derivedSetting<string>({
    env: "APIGW_COGNITO_DOMAIN_PREFIX",
    context: "cognitoDomainPrefix",
    // Cognito takes 63 characters; stacks append up to 9 (`-regional`), and names.ts checks the whole.
    parse: matching(
      /^(?!.*(aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,52}[a-z0-9])?$/,
      "1-54 lowercase letters, digits or inner dashes without the words aws, amazon or cognito (stacks append up to 9 characters, and Cognito takes 63)",
    ),
    defaultDoc: "`<prefix>-<environment>-items` (stacks append their own suffix)",
    doc: "Prefix of the Cognito hosted sign-in domain (must be unique in the region).",
  }),
  oauthCallbackUrls: setting<string[]>({
    env: "APIGW_OAUTH_CALLBACK_URLS",
    context: "oauthCallbackUrls",
    parse: list(
      matching(
        CALLBACK_URL,
        "https URLs (http only for localhost, 127.0.0.1 or [::1]) of at most 1024 characters",
      ),
      10,
    ),
    default: ["http://localhost:3000/callback"],
    doc: "Redirect URLs the Cognito app client accepts after sign-in.",
  }),
  cloudwatchRoleOwner: setting({
    env: "APIGW_CLOUDWATCH_ROLE_OWNER",
    context: "cloudwatchRoleOwner",
    parse: oneOf(ROLE_OWNERS),
    default: "rest-regional" as const,
    doc: "Which stack owns the account-wide API Gateway CloudWatch Logs role (one per account and region), or `external` when it is managed elsewhere. Deploy the owner first.",
  }),
  lambdaSourceMaps: setting({
    env: "APIGW_LAMBDA_SOURCE_MAPS",
    context: "lambdaSourceMaps",
    parse: boolean,
    default: false,
    doc: "Set NODE_OPTIONS=--enable-source-maps on every function: TypeScript lines in logged stack traces, at about 20 ms more per cold start of the SDK functions. Only then does each zip carry its source map.",
  }),
  bundleCache: setting({
    env: "APIGW_BUNDLE_CACHE",
    context: "bundleCache",
    parse: boolean,
    default: true,
    doc: "Reuse Lambda bundles whose input files did not change (`node_modules/.cache/apigw-stacks`); `false` rebuilds every bundle. The output is byte-identical either way.",
  }),
} as const;

export { SettingsError };

/** Every setting, by area. */
export const SETTINGS = {
  ...CORE_SETTINGS,
  ...WEBSOCKET_SETTINGS,
  ...REST_SETTINGS,
  ...OPERATIONS_SETTINGS,
  ...STATE_SETTINGS,
} as const;

/** Every setting's value. Each stack takes the sections it uses; each construct gets explicit props. */
export type Settings = SpecValues<typeof SETTINGS>;
export type CoreSettings = SpecValues<typeof CORE_SETTINGS>;
export type WebSocketSettings = SpecValues<typeof WEBSOCKET_SETTINGS>;
export type { RestSettings } from "./settings-rest";
export type OperationsSettings = SpecValues<typeof OPERATIONS_SETTINGS>;
export type { StateSettings } from "./settings-state";

type DerivedKey = DerivedKeys<typeof SETTINGS>;
/** The settings with a fixed default: what a derived default may be computed from. */
export type FixedSettings = Omit<Settings, DerivedKey>;
/** Values the user gave (each parsed by its own spec); the rest take their defaults. */
export type GivenSettings = Partial<Settings>;

function coreDerivedDefaults(fixed: FixedSettings): Pick<CoreSettings, DerivedKeys<typeof CORE_SETTINGS>> {
  return {
    deletionProtection: fixed.environment !== "dev",
    cognitoDomainPrefix: `${fixed.namePrefix}-${fixed.environment}-items`,
  };
}

/** Every derived default, each from the settings with fixed defaults (so no order among them matters). */
function derivedDefaults(fixed: FixedSettings): Pick<Settings, DerivedKey> {
  return { ...coreDerivedDefaults(fixed), ...restDerivedDefaults(fixed), ...stateDerivedDefaults(fixed) };
}

/** Every fixed default. */
const FIXED_DEFAULTS = Object.fromEntries(
  Object.entries(SETTINGS).flatMap(([key, spec]) => ("default" in spec ? [[key, spec.default]] : [])),
) as FixedSettings;

/** The settings from what the user gave: fixed defaults first, then the derived ones, the user's values over both. */
export function resolveSettings(given: GivenSettings): Settings {
  const fixed: FixedSettings = { ...FIXED_DEFAULTS, ...given };
  return { ...fixed, ...derivedDefaults(fixed), ...given };
}

export interface SettingsSource {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** cdktf context values (any JSON). */
  readonly context?: (key: string) => unknown;
}

/** Reads, parses and cross-checks every setting; throws one `SettingsError` listing every problem. */
export function loadSettings(source: SettingsSource = {}): Settings {
  const { given, problems } = readSettings(source);
  const settings = resolveSettings(given);
  problems.push(...crossCheck(settings));
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

/**
 * The values the user gave (environment first, then context), each parsed by its setting; a value that does
 * not parse is a problem, and its setting keeps its default.
 */
export function readSettings(source: SettingsSource): { given: GivenSettings; problems: string[] } {
  const env = source.env ?? {};
  const problems: string[] = [];
  const given: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec<unknown>][]) {
    const raw = rawValue(spec, env, source.context);
    if (raw === undefined) continue;
    if ("problem" in raw) {
      problems.push(raw.problem);
      continue;
    }
    const parsed = parseSetting(spec, raw);
    if ("problem" in parsed) problems.push(parsed.problem);
    else given[key] = parsed.value;
  }
  // Each value was parsed by the spec of its own key.
  return { given: given as GivenSettings, problems };
}

/** Parses one raw value, or says what is wrong with it (naming where it came from). */
export function parseSetting<T>(
  spec: SettingSpec<T>,
  raw: { value: string; origin: string },
): { value: T } | { problem: string } {
  try {
    return { value: spec.parse(raw.value) };
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    return { problem: `${raw.origin} = ${JSON.stringify(raw.value)}: expected ${error.message}` };
  }
}

function rawValue(
  spec: SettingSpec<unknown>,
  env: Readonly<Record<string, string | undefined>>,
  context: SettingsSource["context"],
): RawValue | undefined {
  const fromEnv = env[spec.env];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv, origin: spec.env };
  return contextValue(spec, context?.(spec.context), `context "${spec.context}"`);
}

export type RawValue = { value: string; origin: string } | { problem: string };

const KIND_WORDS = {
  string: "a string",
  number: "a number (or a string of one)",
  boolean: "true or false",
  list: "a JSON array of strings or a comma-separated string",
  object: "a JSON object of strings or key=value pairs",
} as const;

/**
 * A cdktf context value (any JSON) as the text the setting parses, when its JSON type fits the setting: a
 * `false` where a bucket name goes must not become a bucket named "false". Undefined when it is not set.
 */
export function contextValue(
  spec: SettingSpec<unknown>,
  value: unknown,
  origin: string,
): RawValue | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return { value, origin };
  const kind = spec.parse.kind;
  const fits =
    (kind === "number" && typeof value === "number") ||
    (kind === "boolean" && typeof value === "boolean") ||
    (kind === "list" && Array.isArray(value)) ||
    (kind === "object" && typeof value === "object" && !Array.isArray(value));
  if (!fits) {
    return { problem: `${origin} = ${JSON.stringify(value)}: expected ${KIND_WORDS[kind]}` };
  }
  return { value: JSON.stringify(value), origin };
}

/** Checks that span several settings. */
export function crossCheck(settings: Settings): string[] {
  const problems: string[] = [];
  if (settings.jwtIssuer !== undefined && settings.jwtAudience.length === 0) {
    problems.push(
      `${SETTINGS.jwtAudience.env} is empty while ${SETTINGS.jwtIssuer.env} = "${settings.jwtIssuer}": set the audience (client ids) the issuer's tokens carry`,
    );
  }
  if (settings.jwtIssuer === undefined && settings.jwtAudience.length > 0) {
    problems.push(
      `${SETTINGS.jwtAudience.env} = "${settings.jwtAudience.join(",")}" without ${SETTINGS.jwtIssuer.env}: set the issuer too, or unset the audience to use the stack's Cognito user pool`,
    );
  }
  if (settings.corsAllowCredentials && settings.corsAllowOrigins.includes("*")) {
    problems.push(
      `${SETTINGS.corsAllowOrigins.env} contains "*" while ${SETTINGS.corsAllowCredentials.env} = true: browsers reject that; list the exact origins or turn credentials off`,
    );
  }
  if (settings.jwtJwksUrl !== undefined && settings.jwtIssuer === undefined) {
    problems.push(
      `${SETTINGS.jwtJwksUrl.env} = "${settings.jwtJwksUrl}" without ${SETTINGS.jwtIssuer.env}: the key set belongs to an external issuer; the stacks' own Cognito pools publish theirs at the default address, so unset it or set the issuer too`,
    );
  }
  if (
    settings.stateRegion !== undefined &&
    partitionName(settings.stateRegion) !== partitionName(settings.region)
  ) {
    problems.push(
      `${SETTINGS.stateRegion.env} = "${settings.stateRegion}" is in another partition than ${SETTINGS.region.env} = "${settings.region}": the S3 backend would need that partition's credentials; keep the state bucket in the stacks' partition`,
    );
  }
  problems.push(...environmentBudgetProblems(settings));
  problems.push(...restSettingsProblems(settings));
  problems.push(...stateSettingsProblems(settings));
  return problems;
}

/**
 * Lambda allows 4 KB of environment variables per function, keys and values together (Lambda quotas). The
 * authorizers receive the JWT settings and the route functions the CORS origins; the rest of each function's
 * variables are short (the REST authorizer's `ROUTE_SCOPES` is 139 bytes for the route table as shipped), so
 * these get 3 KB. A function whose variables exceed 4 KB all the same fails synth in NodeFunction.
 */
export const ENVIRONMENT_BUDGET_BYTES = 3_072;

function environmentBudgetProblems(settings: Settings): string[] {
  const bytes = (values: readonly (string | undefined)[]) =>
    values.reduce((sum, value) => sum + Buffer.byteLength(value ?? "") + 1, 0);
  const problems: string[] = [];
  const jwt = bytes([settings.jwtIssuer, settings.jwtJwksUrl, settings.jwtAudience.join(",")]);
  if (jwt > ENVIRONMENT_BUDGET_BYTES) {
    problems.push(
      `${SETTINGS.jwtIssuer.env}, ${SETTINGS.jwtJwksUrl.env} and ${SETTINGS.jwtAudience.env} add up to ${jwt} bytes: the authorizers receive them as environment variables, which Lambda caps at 4 KB per function; keep them under ${ENVIRONMENT_BUDGET_BYTES} bytes together`,
    );
  }
  const origins = bytes([settings.corsAllowOrigins.join(",")]);
  if (origins > ENVIRONMENT_BUDGET_BYTES) {
    problems.push(
      `${SETTINGS.corsAllowOrigins.env} is ${origins} bytes: every route function receives it as an environment variable, which Lambda caps at 4 KB per function; keep it under ${ENVIRONMENT_BUDGET_BYTES} bytes`,
    );
  }
  return problems;
}

/**
 * Random combinations of settings for the fuzz test: each is a list of assignments (a setting, shared or for
 * one stack, set through an environment variable or cdktf context as text or as native JSON), turned into the
 * environment and context the app reads, synthesized as main.ts does, and judged: refused with every problem
 * naming a setting, or synthesized with no baseline, validity or reference error. Anything else is a failure,
 * which `minimize` reduces to the fewest assignments that still show it.
 */
import fc from "fast-check";
import { PER_STACK_SETTINGS, perStackEnv, STACKS_CONTEXT } from "../../config/app-settings";
import { SETTINGS, type Settings, SettingsError } from "../../config/settings";
import { STACKS, type StackClass } from "../../stacks/all-stacks";
import { type AppInput, synthAppFrom } from "./app-synth";
import { EDGES, type Edges, WRONG_JSON } from "./setting-edges";

type Key = keyof Settings;
export type Channel = "env" | "context" | "context-json";

export interface Assignment {
  readonly key: Key;
  /** Set for one stack only (`APIGW_<STACK>_<SETTING>`, context `stacks.<id>.<key>`). */
  readonly stackId?: string;
  readonly raw: string;
  /** A native JSON value for context instead of `raw` (a value of the wrong type). */
  readonly json?: unknown;
  readonly channel: Channel;
  /** The value is one the parser must refuse. */
  readonly refused: boolean;
  /** Assignments of one feature (a domain and its zone) share a group, so `minimize` can drop them together. */
  readonly group?: number;
}

/** A name no setting has (a misspelling) or a malformed `stacks` context: must be refused, naming it. */
export interface Slip {
  readonly name: string;
  readonly channel: "env" | "context";
  readonly value: unknown;
  /** Text a problem must contain. */
  readonly named: string;
}

export interface Combination {
  readonly assignments: readonly Assignment[];
  readonly slip?: Slip;
}

const KEYS = Object.keys(SETTINGS) as Key[];
/** Regions of AWS GovCloud (US), the other partition the settings accept. */
export const GOVCLOUD_REGIONS = ["us-gov-west-1", "us-gov-east-1"] as const;
const STACK_IDS = STACKS.map((Stack) => Stack.id);

/** The name a user sets an assignment by, as the settings module quotes it in a problem. */
export function nameOf(a: Pick<Assignment, "key" | "stackId" | "channel">): string {
  const key = a.key as (typeof PER_STACK_SETTINGS)[number];
  if (a.channel === "env") return a.stackId ? perStackEnv(key, a.stackId) : SETTINGS[a.key].env;
  const context = SETTINGS[a.key].context;
  return a.stackId ? `context "${STACKS_CONTEXT}.${a.stackId}.${context}"` : `context "${context}"`;
}

/** The value as native JSON in cdktf.json: numbers as numbers, lists as arrays, tags as an object. */
export function asJson(kind: Edges["kind"], raw: string): unknown {
  const text = raw.trim();
  if (kind === "number" && text !== "" && Number.isFinite(Number(text))) return Number(text);
  if (kind === "boolean" && ["true", "false"].includes(text.toLowerCase()))
    return text.toLowerCase() === "true";
  if ((kind === "list" || kind === "tags") && /^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return raw;
    }
  }
  if (kind === "list" && text.toLowerCase() !== "none") return raw.split(",");
  if (kind === "tags" && raw.split(",").every((pair) => pair.indexOf("=") > 0)) {
    return Object.fromEntries(
      raw.split(",").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
    );
  }
  return raw;
}

/** The environment and cdktf context a combination sets. */
export function inputOf(combination: Combination): AppInput {
  const env: Record<string, string> = {};
  const context: Record<string, unknown> = {};
  for (const a of combination.assignments) {
    const value =
      a.json !== undefined ? a.json : a.channel === "context-json" ? asJson(EDGES[a.key].kind, a.raw) : a.raw;
    if (a.channel === "env") env[nameOf(a)] = a.raw;
    else if (a.stackId) {
      const stacks = (context[STACKS_CONTEXT] ?? {}) as Record<string, Record<string, unknown>>;
      stacks[a.stackId] = { ...stacks[a.stackId], [SETTINGS[a.key].context]: value };
      context[STACKS_CONTEXT] = stacks;
    } else context[SETTINGS[a.key].context] = value;
  }
  const { slip } = combination;
  if (slip?.channel === "env") env[slip.name] = String(slip.value);
  if (slip?.channel === "context") context[slip.name] = slip.value;
  return { env, context };
}

export interface Failure {
  /** What went wrong with numbers and quoted values generalized: failures with one cause share it. */
  readonly signature: string;
  readonly message: string;
}

/** A setting problem names the setting it is about. */
const NAMES_A_SETTING = /APIGW_[A-Z0-9_]+|context "[^"]+"/;

export interface Judgement {
  /** Whether the settings were refused or the stacks synthesized. */
  readonly outcome: "refused" | "synthesized" | "crashed";
  /** What is wrong with the outcome (empty when it is right). */
  readonly failures: Failure[];
  /** The refusal's message, when the settings were refused. */
  readonly refusal?: string;
}

/** Synthesizes a combination (with the app's stacks, or a fork's) and judges the outcome. */
export function judge(combination: Combination, stacks: readonly StackClass[] = STACKS): Judgement {
  // Names the refusal must mention, and how a missing one is grouped.
  const expected = [
    ...combination.assignments
      .filter((a) => a.refused)
      .map((a) => ({ name: nameOf(a), group: a.stackId ? "a per-stack value" : a.key })),
    ...(combination.slip ? [{ name: combination.slip.named, group: `slip ${combination.slip.name}` }] : []),
  ];
  let errors: readonly string[];
  try {
    ({ errors } = synthAppFrom({ ...inputOf(combination), stacks }));
  } catch (error) {
    if (!(error instanceof SettingsError)) {
      const message = error instanceof Error ? error.message : String(error);
      const failure = { signature: `crash: ${generalize(message)}`, message: `crash: ${message}` };
      return { outcome: "crashed", failures: [failure] };
    }
    const failures: Failure[] = error.problems
      .filter((problem) => !NAMES_A_SETTING.test(problem))
      .map((problem) => ({
        signature: `unnamed: ${generalize(problem)}`,
        message: `problem names no setting: ${problem}`,
      }));
    for (const { name, group } of expected) {
      if (!error.problems.some((problem) => problem.includes(name))) {
        failures.push({
          signature: `not named: ${group}`,
          message: `refused, but no problem names ${name}: ${error.message}`,
        });
      }
    }
    return { outcome: "refused", failures, refusal: error.message };
  }
  const accepted = combination.assignments
    .filter((a) => a.refused)
    .map((a) => {
      const value = a.json !== undefined ? `${JSON.stringify(a.json)} (JSON)` : JSON.stringify(a.raw);
      return {
        signature: `accepted: ${a.key} = ${value.slice(0, 60)}`,
        message: `accepted ${nameOf(a)} = ${value}, which must be refused`,
      };
    });
  const { slip } = combination;
  const slipped = slip
    ? [
        {
          signature: `accepted: slip ${slip.name} = ${JSON.stringify(slip.value)}`,
          message: `accepted ${slip.named} = ${JSON.stringify(slip.value)}, which must be refused`,
        },
      ]
    : [];
  const checks = errors.map((error) => ({ signature: signatureOf(error), message: error }));
  return { outcome: "synthesized", failures: [...accepted, ...slipped, ...checks] };
}

/** Quoted values and numbers replaced, so one cause gives one signature whatever the values. */
function generalize(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+/g, "N")
    .slice(0, 300);
}

/** A check error without its stack, names and values: the kind of check, the resource type, attribute and rule. */
function signatureOf(error: string): string {
  const index = (path: string) => path.replace(/\[\d+\]/g, "[]");
  const validity =
    /^validity: stack "[^"]+", ([a-z0-9_.]+?)\.[^.\s]+\.(\S+) = .*?: (must be .*?|[^:]*\(rule: [^)]*\)); source:/.exec(
      error,
    );
  if (validity) return `validity: ${validity[1]}.${index(validity[2])}: ${generalize(validity[3])}`;
  const baseline = /^security baseline: stack "[^"]+", ([a-z0-9_]+)\.\S+ breaks (\S+)/.exec(error);
  if (baseline) return `security baseline: ${baseline[1]} ${baseline[2]}`;
  const references =
    /^references: stack "[^"]+", ([a-z0-9_]+)\.[^.\s]+\.(\S+) (.*?): terraform validate/.exec(error);
  if (references) return `references: ${references[1]}.${index(references[2])} ${generalize(references[3])}`;
  return generalize(error);
}

/**
 * The fewest assignments of `combination` that still fail with `signature`: assignments are dropped one at a
 * time while the failure stays, until none can be (cheap delta debugging; a synth is about 0.2 s with warm bundles).
 */
export function minimize(
  combination: Combination,
  signature: string,
  stacks: readonly StackClass[] = STACKS,
): Combination {
  const fails = (candidate: Combination) =>
    judge(candidate, stacks).failures.some((f) => f.signature === signature);
  let current = combination;
  if (current.slip && fails({ assignments: current.assignments }))
    current = { assignments: current.assignments };
  // Whole features first (a domain without its zone is refused, which hides the failure), then one at a time.
  const drops = (assignments: readonly Assignment[]) => [
    ...new Set(assignments.flatMap((a) => (a.group === undefined ? [] : [a.group]))),
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of drops(current.assignments)) {
      const candidate = { ...current, assignments: current.assignments.filter((a) => a.group !== group) };
      if (fails(candidate)) {
        current = candidate;
        changed = true;
      }
    }
    for (let i = current.assignments.length - 1; i >= 0; i--) {
      const candidate = { ...current, assignments: current.assignments.filter((_, j) => j !== i) };
      if (fails(candidate)) {
        current = candidate;
        changed = true;
      }
    }
  }
  return current;
}

/** A combination as the settings a user would write, for a report. */
export function describeCombination(combination: Combination): string {
  const { env, context } = inputOf(combination);
  const short = (value: string) =>
    value.length > 80 ? `${value.slice(0, 60)}…(${value.length} chars)` : value;
  const parts = Object.entries(env).map(([name, value]) => `${name}=${JSON.stringify(short(value))}`);
  if (Object.keys(context).length > 0) parts.push(`context ${short(JSON.stringify(context))}`);
  return parts.length > 0 ? parts.join(" ") : "(defaults)";
}

// ---- generators ----

/** `arbitrary` in about `percent` % of the samples, else undefined. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, percent: number) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 100 - percent }, { arbitrary, weight: percent });

const channel = fc.constantFrom<Channel>("env", "env", "context", "context-json");
/**
 * The edge values of a setting that the app accepts: the parser's, less a logging-role owner that names a
 * stack the app does not register (a fork that dropped it refuses it, naming the stacks it has).
 */
function appAccepted(key: Key): readonly string[] {
  const values = EDGES[key].accepted;
  if (key !== "cloudwatchRoleOwner") return values;
  return values.filter((value) => value === "external" || STACK_IDS.includes(value));
}

const accepted = (key: Key, stackId?: string) =>
  fc.record({
    key: fc.constant(key),
    raw: fc.constantFrom(...appAccepted(key)),
    channel,
    refused: fc.constant(false),
    ...(stackId ? { stackId: fc.constant(stackId) } : {}),
  }) as fc.Arbitrary<Assignment>;
const refused = (key: Key, stackId?: string) =>
  fc.record({
    key: fc.constant(key),
    raw: fc.constantFrom(...EDGES[key].refused),
    channel,
    refused: fc.constant(true),
    ...(stackId ? { stackId: fc.constant(stackId) } : {}),
  }) as fc.Arbitrary<Assignment>;
/** A value of the wrong JSON type for the setting, in cdktf context. */
const wrongJson = (key: Key, stackId?: string) =>
  fc.record({
    key: fc.constant(key),
    raw: fc.constant(""),
    json: fc.constantFrom(...WRONG_JSON[EDGES[key].kind]),
    channel: fc.constant<Channel>("context-json"),
    refused: fc.constant(true),
    ...(stackId ? { stackId: fc.constant(stackId) } : {}),
  }) as fc.Arbitrary<Assignment>;
const anyKey = fc.constantFrom(...KEYS);
/** Settings that need a companion (a domain its zone, an issuer its audience...): set through FEATURES. */
const COMPANIONED: readonly Key[] = [
  "restRegionalDomain",
  "restRegionalHostedZoneId",
  "restCloudFront",
  "restCloudFrontDomain",
  "restCloudFrontHostedZoneId",
  "restEdgeDomain",
  "restEdgeHostedZoneId",
  "restPrivateVpcId",
  "restPrivateSubnetIds",
  "restPrivateCreateVpc",
  "jwtIssuer",
  "jwtAudience",
  "stateBucket",
  "stateRegion",
  "tfcOrganization",
];
const standaloneKey = fc.constantFrom(...KEYS.filter((key) => !COMPANIONED.includes(key)));
const perStack = fc.tuple(fc.constantFrom(...STACK_IDS), fc.constantFrom(...PER_STACK_SETTINGS));
const zone = (key: Key) => accepted(key);

/** Settings that only make sense together, so combinations reach the options behind them. */
const FEATURES: fc.Arbitrary<Assignment[]>[] = [
  fc.tuple(accepted("restRegionalDomain"), zone("restRegionalHostedZoneId")),
  fc.tuple(accepted("restEdgeDomain"), zone("restEdgeHostedZoneId")),
  fc.tuple(
    accepted("restCloudFrontDomain"),
    zone("restCloudFrontHostedZoneId"),
    fc.constant<Assignment>({ key: "restCloudFront", raw: "true", channel: "env", refused: false }),
  ),
  fc.tuple(accepted("restPrivateVpcId"), accepted("restPrivateSubnetIds")),
  fc.tuple(
    accepted("jwtIssuer"),
    accepted("jwtAudience"),
    fc.constant<Assignment>({ key: "restReadAuthorizer", raw: "lambda", channel: "env", refused: false }),
  ),
  fc.oneof(
    fc.tuple(accepted("stateBucket"), sometimes(accepted("stateRegion"), 50)),
    fc.tuple(
      accepted("tfcOrganization"),
      sometimes(accepted("tfcWorkspacePrefix"), 50),
      sometimes(accepted("tfcHostname"), 50),
    ),
  ),
].map((feature, group) =>
  (feature as fc.Arbitrary<(Assignment | undefined)[]>).map((parts) =>
    parts.filter((part): part is Assignment => part !== undefined).map((part) => ({ ...part, group })),
  ),
);

/** A misspelled name (one character dropped after the prefix), or a `stacks` context of the wrong shape. */
const slip: fc.Arbitrary<Slip> = fc.oneof(
  fc
    .tuple(anyKey, fc.nat(), fc.constantFrom<Slip["channel"]>("env", "context"))
    .map(([key, at, channel]): Slip => {
      const name = channel === "env" ? SETTINGS[key].env : SETTINGS[key].context;
      const keep = channel === "env" ? "APIGW_".length : 1;
      const cut = keep + (at % (name.length - keep));
      const misspelled = name.slice(0, cut) + name.slice(cut + 1);
      const named = channel === "env" ? misspelled : `context "${misspelled}"`;
      return { name: misspelled, channel, value: "1", named };
    })
    .filter(({ name, channel }) =>
      channel === "env"
        ? !Object.values(SETTINGS).some((spec) => spec.env === name)
        : !Object.values(SETTINGS).some((spec) => spec.context === name) && !name.startsWith("cdktf"),
    ),
  fc
    .constantFrom<unknown>("rest-regional", 5, [], { "http-api": 5 }, { "http-api": "throttleRateLimit=5" })
    .map(
      (value): Slip => ({
        name: STACKS_CONTEXT,
        channel: "context",
        value,
        named: `context "${STACKS_CONTEXT}`,
      }),
    ),
);

/**
 * A random combination: a few coherent features, a few single settings at edge values, a few per-stack values,
 * and sometimes one refused value or a misspelled name. A setting is assigned at most once per scope.
 */
export const combination: fc.Arbitrary<Combination> = fc
  .record({
    // Each feature in about a third of the combinations.
    features: fc.tuple(
      ...FEATURES.map((feature) =>
        fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: feature, weight: 1 }),
      ),
    ),
    singles: fc.array(
      standaloneKey.chain((key) => accepted(key)),
      { maxLength: 20 },
    ),
    // Now and then any setting alone, companion or not: the cross-checks must refuse what is incomplete.
    loose: sometimes(
      anyKey.chain((key) => accepted(key)),
      15,
    ),
    stacks: fc.array(
      perStack.chain(([id, key]) => accepted(key, id)),
      { maxLength: 3 },
    ),
    bad: sometimes(
      fc.oneof(
        anyKey.chain((key) => refused(key)),
        perStack.chain(([id, key]) => refused(key, id)),
        anyKey.chain((key) => wrongJson(key)),
        perStack.chain(([id, key]) => wrongJson(key, id)),
      ),
      25,
    ),
    slip: sometimes(slip, 5),
  })
  .map(({ features, singles, loose, stacks, bad, slip: slipped }) => {
    const assignments: Assignment[] = [];
    const seen = new Set<string>();
    for (const a of [
      ...(bad ? [bad] : []),
      ...features.flat(),
      ...singles,
      ...(loose ? [loose] : []),
      ...stacks,
    ]) {
      const scope = `${a.stackId ?? ""}/${a.key}`;
      if (seen.has(scope)) continue;
      seen.add(scope);
      assignments.push(a);
    }
    // A malformed `stacks` context replaces the per-stack sections: those values go through the environment
    // (a wrong JSON type has no environment form, so it is left out).
    const reshaped =
      slipped?.name === STACKS_CONTEXT
        ? assignments
            .filter((a) => !(a.stackId && a.json !== undefined))
            .map((a) => (a.stackId ? { ...a, channel: "env" as const } : a))
        : assignments;
    return { assignments: reshaped, ...(slipped ? { slip: slipped } : {}) };
  });

/** A combination in an AWS GovCloud (US) region (any region setting it had is replaced). */
export const govCloudCombination: fc.Arbitrary<Combination> = fc
  .tuple(combination, fc.constantFrom(...GOVCLOUD_REGIONS))
  .map(([found, region]) => ({
    ...found,
    assignments: [
      { key: "region" as const, raw: region, channel: "env" as const, refused: false },
      // rest-edge is not in a GovCloud app, so it has no per-stack settings there; custom domains need public
      // Route 53 zones, which GovCloud does not have (the settings refuse them there).
      ...found.assignments.filter(
        (a) =>
          a.key !== "region" && a.stackId !== "rest-edge" && !/Domain|HostedZoneId|CloudFront$/.test(a.key),
      ),
    ],
  }));

export interface FuzzReport {
  readonly outcomes: Record<Judgement["outcome"], number>;
  /** One entry per distinct failure: its message, the fewest settings that show it, and how often it came. */
  readonly failures: string[];
}

/** Judges `runs` samples of `arbitrary` (fixed `seed`); each distinct failure is reduced to its fewest settings. */
export function fuzz(
  arbitrary: fc.Arbitrary<Combination>,
  { seed, runs, stacks = STACKS }: { seed: number; runs: number; stacks?: readonly StackClass[] },
): FuzzReport {
  const found = new Map<string, { combination: Combination; count: number }>();
  const outcomes = { refused: 0, synthesized: 0, crashed: 0 };
  for (const sample of fc.sample(arbitrary, { seed, numRuns: runs })) {
    const { outcome, failures } = judge(sample, stacks);
    outcomes[outcome]++;
    for (const signature of new Set(failures.map((f) => f.signature))) {
      const known = found.get(signature);
      if (known) known.count++;
      else found.set(signature, { combination: sample, count: 1 });
    }
  }
  const failures = [...found].map(([signature, { combination: first, count }]) => {
    const smallest = minimize(first, signature, stacks);
    const message = judge(smallest, stacks).failures.find((f) => f.signature === signature)?.message;
    return `${message}\n    settings: ${describeCombination(smallest)}\n    (${count} of ${runs} combinations)`;
  });
  return { outcomes, failures };
}

/**
 * A few combinations that together give every setting each of its accepted edge values at least once, so the
 * bounded random run cannot miss one: combination `i` gives each setting its `i`-th value (round robin) through
 * a rotating channel, with every feature on. Values that only conflict with each other are paired so the
 * combination stays one the settings module should accept (e.g. no Cognito authorizer with an external
 * issuer); AWS GovCloud (US) regions are left to the GovCloud combinations (the app refuses them for rest-edge).
 */
export function coveringCombinations(): Combination[] {
  const channels: Channel[] = ["env", "context", "context-json"];
  const rounds = Math.max(...KEYS.map((key) => appAccepted(key).length));
  return Array.from({ length: rounds }, (_, round) => {
    const values = new Map<Key, string>(
      KEYS.map((key) => {
        const accepted = appAccepted(key).filter((value) => !value.trim().startsWith("us-gov-"));
        return [key, accepted[round % accepted.length]];
      }),
    );
    const issuer = round % 2 === 1;
    const state = ["s3", "hcp", "local"][round % 3];
    const drop: Key[] = [];
    if (!issuer) drop.push("jwtIssuer", "jwtAudience", "jwtJwksUrl");
    else {
      values.set("restReadAuthorizer", "lambda");
      values.set("restWriteAuthorizer", "lambda");
      // The issuer, JWKS URL and audiences share 3 KB of the authorizers' environment.
      if ((values.get("jwtIssuer")?.length ?? 0) > 1000) drop.push("jwtJwksUrl");
    }
    if (values.get("corsAllowOrigins")?.split(",").includes("*")) values.set("corsAllowCredentials", "false");
    // API key names join the physical names (`<prefix>-<environment>-rest-regional-<key>`, at most 64).
    const longestKey = Math.max(
      ...["restBasicApiKeys", "restPremiumApiKeys"].flatMap((key) =>
        (values.get(key as Key) ?? "").split(",").map((name) => name.length),
      ),
    );
    const prefix = `${values.get("namePrefix")?.trim()}-${values.get("environment")?.trim()}-rest-regional-`;
    if (prefix.length + longestKey > 64) {
      values.set("namePrefix", "ab");
      values.set("environment", "d");
    }
    if (state !== "s3") drop.push("stateBucket", "stateRegion");
    if (state !== "hcp") drop.push("tfcOrganization", "tfcWorkspacePrefix", "tfcHostname");
    // An existing VPC every other round; the stack creates one otherwise.
    if (round % 2 === 0) drop.push("restPrivateVpcId", "restPrivateSubnetIds");
    values.set("restPrivateCreateVpc", round % 2 === 0 ? "true" : "false");
    values.set("restCloudFront", "true");
    return {
      assignments: KEYS.filter((key) => !drop.includes(key)).map((key, i) => ({
        key,
        raw: values.get(key) as string,
        channel: channels[(round + i) % channels.length],
        refused: false,
      })),
    };
  });
}

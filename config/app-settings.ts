/**
 * The app's settings: shared values, values a platform team sets per stack, and the check that every
 * `APIGW_*` variable and context key the user gave is one the app reads (a misspelled one would otherwise be
 * ignored silently).
 *
 * Per stack: `APIGW_<STACK>_<SETTING>` (the stack id in capitals, dashes as underscores, before the setting's
 * own name: `APIGW_REST_REGIONAL_THROTTLE_RATE`) or cdktf context
 * `"stacks": { "rest-regional": { "throttleRateLimit": 100 } }`. The environment wins, as for shared settings.
 */

import type { SettingSpec } from "./setting-spec";
import {
  contextValue,
  crossCheck,
  type GivenSettings,
  parseSetting,
  ROLE_OWNERS,
  readSettings,
  resolveSettings,
  SETTINGS,
  type Settings,
  type SettingsSource,
} from "./settings";
import { SettingsError } from "./settings-error";

/** Settings that can differ per stack: capacity, cost and operations knobs. */
export const PER_STACK_SETTINGS = [
  "throttleRateLimit",
  "throttleBurstLimit",
  "logRetentionDays",
  "lambdaMemoryMb",
  "lambdaTimeoutSeconds",
  "lambdaReservedConcurrency",
  "deletionProtection",
  "alarmEmail",
  "alarm5xxPercent",
  "alarmP99LatencyMs",
  "alarmLambdaErrors",
] as const satisfies readonly (keyof Settings)[];
type PerStackKey = (typeof PER_STACK_SETTINGS)[number];

/** The context key holding per-stack sections. */
export const STACKS_CONTEXT = "stacks";

/** `APIGW_THROTTLE_RATE` for stack `rest-regional` is `APIGW_REST_REGIONAL_THROTTLE_RATE`. */
export function perStackEnv(key: PerStackKey, stackId: string): string {
  return SETTINGS[key].env.replace(/^APIGW_/, `APIGW_${stackId.toUpperCase().replace(/-/g, "_")}_`);
}

export interface AppSettings {
  /** Values of settings as shared by every stack. */
  readonly shared: Settings;
  /** The settings of one stack: the shared ones with the stack's own values over them. */
  forStack(stackId: string): Settings;
  /** Every value under the name the user sets it by, for error messages. */
  readonly named: readonly { name: string; value: unknown }[];
}

export interface AppSettingsSource extends SettingsSource {
  /** Ids of the app's stacks (per-stack names are checked against them). */
  readonly stackIds: readonly string[];
  /** Context keys the user gave (cdktf.json `context`, CDKTF_CONTEXT_JSON), checked against known ones. */
  readonly contextKeys?: readonly string[];
}

/** Reads shared and per-stack settings; throws one SettingsError with every problem, unknown names included. */
export function loadAppSettings(source: AppSettingsSource): AppSettings {
  const problems = unknownNames(source);
  const read = readSettings(source);
  problems.push(...read.problems);
  problems.push(...roleOwnerProblems(read.given, source.stackIds));
  const shared = resolveSettings(read.given);
  const sharedProblems = crossCheck(shared);
  problems.push(...sharedProblems);
  const named: { name: string; value: unknown }[] = Object.entries(SETTINGS).map(([key, spec]) => ({
    name: spec.env,
    value: shared[key as keyof Settings],
  }));
  const byStack = new Map<string, Settings>();
  const sections = stackSections(source.context);
  for (const stackId of source.stackIds) {
    const overrides: GivenSettings = {};
    for (const key of PER_STACK_SETTINGS) {
      const env = perStackEnv(key, stackId);
      const fromEnv = source.env?.[env];
      const spec = SETTINGS[key] as SettingSpec<unknown>;
      const raw =
        fromEnv !== undefined && fromEnv.trim() !== ""
          ? { value: fromEnv, origin: env }
          : contextValue(
              spec,
              sections[stackId]?.[spec.context],
              `context "${STACKS_CONTEXT}.${stackId}.${spec.context}"`,
            );
      if (raw === undefined) continue;
      if ("problem" in raw) {
        problems.push(raw.problem);
        continue;
      }
      const parsed = parseSetting(spec, raw);
      if ("problem" in parsed) problems.push(parsed.problem);
      else {
        // Parsed by the spec of `key` itself.
        Object.assign(overrides, { [key]: parsed.value });
        named.push({ name: raw.origin, value: parsed.value });
      }
    }
    if (Object.keys(overrides).length === 0) continue;
    // The stack's own values over the shared ones the user gave; defaults (derived ones too) follow from both.
    const settings = resolveSettings({ ...read.given, ...overrides });
    // A problem of the shared values is reported once, not again for every stack.
    const own = crossCheck(settings).filter((problem) => !sharedProblems.includes(problem));
    problems.push(...own.map((problem) => `stack "${stackId}": ${problem}`));
    byStack.set(stackId, settings);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return { shared, named, forStack: (stackId) => byStack.get(stackId) ?? shared };
}

/**
 * The account logging role belongs to one stack of the app. Unset, it goes to the default owner, or, in a fork
 * without that stack, to the first of the app's stacks that can own it (none needed: `external`). Set, it must
 * name a stack of the app.
 */
function roleOwnerProblems(given: GivenSettings, stackIds: readonly string[]): string[] {
  const spec = SETTINGS.cloudwatchRoleOwner;
  const owners = ROLE_OWNERS.filter((owner) => owner !== "external");
  if (given.cloudwatchRoleOwner === undefined) {
    if (!stackIds.includes(spec.default)) {
      Object.assign(given, {
        cloudwatchRoleOwner: owners.find((owner) => stackIds.includes(owner)) ?? "external",
      });
    }
    return [];
  }
  if (given.cloudwatchRoleOwner === "external" || stackIds.includes(given.cloudwatchRoleOwner)) return [];
  const candidates = owners.filter((owner) => stackIds.includes(owner));
  return [
    `${spec.env} = "${given.cloudwatchRoleOwner}" is not a stack of this app: no stack would create the account's logging role; use ${[...candidates, "external"].join(" or ")}`,
  ];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The `stacks` context's sections that are objects (the others are reported by `stackSectionProblems`). */
function stackSections(context: SettingsSource["context"]): Record<string, Record<string, unknown>> {
  const value = context?.(STACKS_CONTEXT);
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1])),
  );
}

const SECTION_EXAMPLE = '{"throttleRateLimit": 100}';

/** A `stacks` context that is not an object of objects. */
function stackSectionProblems(context: SettingsSource["context"]): string[] {
  const value = context?.(STACKS_CONTEXT);
  if (value === undefined || value === null) return [];
  if (!isObject(value)) {
    return [
      `context "${STACKS_CONTEXT}" = ${JSON.stringify(value)}: expected an object of stack sections such as {"http-api": ${SECTION_EXAMPLE}}`,
    ];
  }
  return Object.entries(value)
    .filter(([, section]) => !isObject(section))
    .map(
      ([stackId, section]) =>
        `context "${STACKS_CONTEXT}.${stackId}" = ${JSON.stringify(section)}: expected an object such as ${SECTION_EXAMPLE}`,
    );
}

/** `APIGW_*` variables and context keys that no setting reads, each with the nearest known name. */
function unknownNames(source: AppSettingsSource): string[] {
  const problems: string[] = [];
  const knownEnv = [
    ...Object.values(SETTINGS).map((spec) => spec.env),
    ...source.stackIds.flatMap((id) => PER_STACK_SETTINGS.map((key) => perStackEnv(key, id))),
  ];
  for (const name of Object.keys(source.env ?? {}).filter((key) => key.startsWith("APIGW_"))) {
    if (knownEnv.includes(name)) continue;
    problems.push(
      `${name} is not a setting${suggestion(name, knownEnv)}: rename or unset it (the README lists every setting)`,
    );
  }
  const knownContext = [...Object.values(SETTINGS).map((spec) => spec.context), STACKS_CONTEXT];
  for (const key of source.contextKeys ?? []) {
    // cdktf's own context keys (cdktfRelativeModules, cdktfStaticModuleAssetHash, ...).
    if (knownContext.includes(key) || key.startsWith("cdktf")) continue;
    problems.push(`context "${key}" is not a setting${suggestion(key, knownContext)}: rename or remove it`);
  }
  problems.push(...stackSectionProblems(source.context));
  const sections = stackSections(source.context);
  const perStackContext = PER_STACK_SETTINGS.map((key) => SETTINGS[key].context);
  for (const [stackId, section] of Object.entries(sections)) {
    if (!source.stackIds.includes(stackId)) {
      problems.push(
        `context "${STACKS_CONTEXT}.${stackId}" names no stack of the app${suggestion(stackId, source.stackIds)}`,
      );
      continue;
    }
    for (const key of Object.keys(section ?? {})) {
      if (perStackContext.includes(key)) continue;
      problems.push(
        `context "${STACKS_CONTEXT}.${stackId}.${key}" is not a per-stack setting${suggestion(key, perStackContext)}; per stack you can set ${perStackContext.join(", ")}`,
      );
    }
  }
  return problems;
}

/**
 * ` (did you mean X?)` for the known name nearest to `name` (fewest edits; a name that starts like it wins a
 * tie), when one is near enough.
 */
function suggestion(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  let best: { candidate: string; distance: number; prefix: boolean } | undefined;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const prefix = other.startsWith(lower) || lower.startsWith(other);
    if (!best || distance < best.distance || (distance === best.distance && prefix && !best.prefix)) {
      best = { candidate, distance, prefix };
    }
  }
  const near = best && (best.prefix || best.distance <= Math.max(2, Math.floor(name.length / 4)));
  return best && near ? ` (did you mean ${best.candidate}?)` : "";
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

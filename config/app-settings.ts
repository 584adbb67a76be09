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
  crossCheck,
  type GivenSettings,
  parseSetting,
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
      const fromContext = sections[stackId]?.[SETTINGS[key].context];
      const raw =
        fromEnv !== undefined && fromEnv.trim() !== ""
          ? { value: fromEnv, origin: env }
          : fromContext !== undefined && fromContext !== null && fromContext !== ""
            ? {
                value: typeof fromContext === "string" ? fromContext : JSON.stringify(fromContext),
                origin: `context "${STACKS_CONTEXT}.${stackId}.${SETTINGS[key].context}"`,
              }
            : undefined;
      if (raw === undefined) continue;
      const parsed = parseSetting(SETTINGS[key] as SettingSpec<unknown>, raw);
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

function stackSections(context: SettingsSource["context"]): Record<string, Record<string, unknown>> {
  const value = context?.(STACKS_CONTEXT);
  return value !== null && typeof value === "object"
    ? (value as Record<string, Record<string, unknown>>)
    : {};
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

/** ` (did you mean X?)` for the known name nearest to `name`, when one is near enough or starts like it. */
function suggestion(name: string, known: readonly string[]): string {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const [a, b] = [name.toLowerCase(), candidate.toLowerCase()];
    const distance = a.startsWith(b) || b.startsWith(a) ? 0 : editDistance(a, b);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 4))
    ? ` (did you mean ${best.candidate}?)`
    : "";
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

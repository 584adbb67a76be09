import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App, TerraformStack } from "cdktf";
import { Testing } from "cdktf";
import { loadSettings, type Settings } from "../../config/settings";

/** The synthesized Terraform JSON of one stack, as written to `cdktf.out/stacks/<id>/cdk.tf.json`. */
export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  provider?: Record<string, unknown[]>;
  [key: string]: unknown;
}

export interface SynthResult {
  readonly json: TerraformJson;
  /** The stack's folder in the synth output (where Terraform runs and the assets live). */
  readonly stackDir: string;
  readonly settings: Settings;
}

/** Synthesizes one stack into a fresh temporary folder with settings from `env` (defaults otherwise). */
export function synthStack(
  create: (app: App, settings: Settings) => TerraformStack,
  env: Record<string, string> = {},
): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-synth-"));
  const app = Testing.app({ outdir, fakeCdktfJsonPath: true });
  const settings = loadSettings({ env });
  const stack = create(app, settings);
  app.synth();
  const stackDir = join(outdir, "stacks", stack.node.id);
  const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as TerraformJson;
  return { json, stackDir, settings };
}

/** Every resource of a type, as a list of its blocks. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource[type] ?? {});
}

/** The one resource of a type; fails when there is not exactly one. */
export function onlyResource(json: TerraformJson, type: string): Record<string, unknown> {
  const found = resourcesOf(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** The logical name of the resource a `${type.name.attr}` reference points at. */
export function referencedName(reference: unknown): string {
  const match = /^\$\{[a-z0-9_]+\.([^.}]+)\./.exec(String(reference));
  if (!match) throw new Error(`not a resource reference: ${String(reference)}`);
  return match[1];
}

/** The resource a `${type.name.attr}` reference points at. */
export function resolveReference(json: TerraformJson, reference: unknown): Record<string, unknown> {
  const match = /^\$\{([a-z0-9_]+)\.([^.}]+)\./.exec(String(reference));
  if (!match) throw new Error(`not a resource reference: ${String(reference)}`);
  const found = json.resource[match[1]]?.[match[2]];
  if (!found) throw new Error(`reference to a missing resource: ${String(reference)}`);
  return found;
}

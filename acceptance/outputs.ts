/**
 * A deployed stack's Terraform outputs, from `terraform -chdir=cdktf.out/stacks/<stack> output -json` or from
 * a JSON file in any of the shapes the tools write:
 * - `terraform output -json`: `{ "api_url": { "sensitive": false, "type": "string", "value": "https://..." } }`;
 * - `npx cdktf deploy|output <stack> --outputs-file <f>`: `{ "<stack>": { "api_url": "https://..." } }`, values
 *   keyed by stack, then by the output's construct id (cdktf-cli 0.21, @cdktf/cli-core lib/output.js
 *   saveOutputs and getConstructIdsForOutputs), several stacks in one file when deployed together;
 * - a flat `{ "api_url": "https://..." }`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { SetupError } from "./setup-error";

export type Outputs = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** An entry of `terraform output -json` (cli-core's isTerraformOutput: boolean `sensitive`, a `type`). */
function isTerraformOutput(value: unknown): value is { value: unknown } {
  return isRecord(value) && typeof value.sensitive === "boolean" && "type" in value && "value" in value;
}

const ENDPOINT_OUTPUTS = ["api_url", "websocket_url"];

export function outputsOf(json: unknown, stackId: string, source: string): Outputs {
  if (!isRecord(json)) throw new SetupError([`${source} is not a JSON object of outputs`]);
  const entries = Object.entries(json);
  if (entries.length > 0 && entries.every(([, value]) => isTerraformOutput(value))) {
    return Object.fromEntries(entries.map(([name, entry]) => [name, (entry as { value: unknown }).value]));
  }
  const own = json[stackId];
  if (isRecord(own)) return own;
  if (ENDPOINT_OUTPUTS.some((name) => name in json)) return json;
  const keys = Object.keys(json);
  throw new SetupError([
    `${source} holds no outputs of stack ${stackId} (${keys.length === 0 ? "it is empty" : `its keys: ${keys.join(", ")}`}): is ${stackId} deployed? Give the file \`npx cdktf deploy ${stackId} --outputs-file <file>\` wrote, or the output of \`terraform -chdir=cdktf.out/stacks/${stackId} output -json\``,
  ]);
}

export interface OutputSource {
  /** A JSON file of outputs; without it, `terraform output -json` in the stack's synthesized folder. */
  readonly file?: string;
  /** The project root (where `cdktf.out` is). */
  readonly cwd: string;
  /** The environment terraform runs with (its PATH, the state backend's credentials). */
  readonly env?: NodeJS.ProcessEnv;
}

export function readOutputs(stackId: string, source: OutputSource): Outputs {
  if (source.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.file, "utf8");
    } catch (error) {
      throw new SetupError([`cannot read the outputs file ${source.file}: ${(error as Error).message}`]);
    }
    try {
      return outputsOf(JSON.parse(text), stackId, source.file);
    } catch (error) {
      if (error instanceof SetupError) throw error;
      throw new SetupError([`the outputs file ${source.file} is not JSON: ${(error as Error).message}`]);
    }
  }
  return terraformOutputs(stackId, source.cwd, source.env ?? process.env);
}

function terraformOutputs(stackId: string, cwd: string, env: NodeJS.ProcessEnv): Outputs {
  const dir = join(cwd, "cdktf.out", "stacks", stackId);
  const shown = relative(cwd, dir);
  const alternative = `or give the outputs as a file (--outputs-file <file>, e.g. the one \`npx cdktf deploy ${stackId} --outputs-file <file>\` writes)`;
  if (!existsSync(join(dir, "cdk.tf.json"))) {
    throw new SetupError([
      `${shown} does not exist: synthesize with the settings of the deploy (\`npm run synth\`) and run \`terraform -chdir=${shown} init\`, ${alternative}`,
    ]);
  }
  const result = spawnSync("terraform", [`-chdir=${dir}`, "output", "-json"], { encoding: "utf8", env });
  if (result.error) {
    throw new SetupError([
      `cannot run terraform (${result.error.message}): put terraform on PATH, ${alternative}`,
    ]);
  }
  if (result.status !== 0) {
    throw new SetupError([
      `\`terraform -chdir=${shown} output -json\` failed: ${result.stderr.trim()}\nRun \`terraform -chdir=${shown} init\` with the state backend's credentials, ${alternative}`,
    ]);
  }
  return outputsOf(JSON.parse(result.stdout), stackId, `terraform output of ${shown}`);
}

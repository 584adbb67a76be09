/**
 * `npm run test:deployed -- <stack> [--outputs-file <file>]`: the acceptance cases against a deployed stack.
 * Exit 0 when every case passes (or a PRIVATE API is skipped on purpose), 1 when a case fails, 2 when the
 * cases cannot run (usage, outputs, token or credentials missing: the message says what to set).
 */
import { resolve } from "node:path";
import { acceptanceCases } from "./cases";
import { type DeployedTarget, deployedTarget } from "./deployed";
import type { Env } from "./env";
import { readOutputs } from "./outputs";
import { resultLine, runCases, summary } from "./run";
import { SetupError } from "./setup-error";

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = [
  "usage: npm run test:deployed -- <stack> [--outputs-file <file>]",
  "",
  "Outputs: `terraform -chdir=cdktf.out/stacks/<stack> output -json` by default, or a JSON file",
  "(--outputs-file, or ACCEPTANCE_OUTPUTS_FILE), e.g. the one `npx cdktf deploy <stack> --outputs-file <file>` writes.",
  "Credentials: ACCEPTANCE_TOKEN[_<STACK>] or ACCEPTANCE_TOKEN_COMMAND; for REST stacks AWS_ACCESS_KEY_ID,",
  'AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN) and optionally ACCEPTANCE_API_KEY. See the README, "Check a deployed stack".',
].join("\n");

interface Arguments {
  readonly stackId?: string;
  readonly outputsFile?: string;
  readonly help: boolean;
  readonly problem?: string;
}

export function parseArguments(argv: readonly string[]): Arguments {
  let stackId: string | undefined;
  let outputsFile: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "-h" || arg === "--help") return { help: true };
    if (arg === "--outputs-file") {
      outputsFile = argv[++index];
      if (outputsFile === undefined) return { help: false, problem: "--outputs-file needs a file" };
    } else if (arg.startsWith("--outputs-file=")) {
      outputsFile = arg.slice("--outputs-file=".length);
    } else if (arg.startsWith("-")) {
      return { help: false, problem: `unknown option ${arg}` };
    } else if (stackId === undefined) {
      stackId = arg;
    } else {
      return { help: false, problem: `one stack at a time (got ${stackId} and ${arg})` };
    }
  }
  return { stackId, outputsFile, help: false, problem: stackId === undefined ? "which stack?" : undefined };
}

export async function main(argv: readonly string[], env: Env, io: Io, cwd: string): Promise<number> {
  const args = parseArguments(argv);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.problem !== undefined || args.stackId === undefined) {
    io.err(`${args.problem}\n\n${USAGE}`);
    return 2;
  }
  const stackId = args.stackId;
  let planned: DeployedTarget;
  try {
    const file = args.outputsFile ?? env.ACCEPTANCE_OUTPUTS_FILE;
    // npm runs scripts in the project root; a relative file is the caller's, where INIT_CWD says they were.
    const outputs = readOutputs(stackId, {
      file: file === undefined ? undefined : resolve(env.INIT_CWD ?? cwd, file),
      cwd,
      env,
    });
    planned = await deployedTarget(stackId, outputs, env);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    io.err(`cannot check ${stackId}:\n${error.problems.map((problem) => `  - ${problem}`).join("\n")}`);
    return 2;
  }
  if ("skip" in planned) {
    io.out(` SKIP  ${stackId}: ${planned.skip}`);
    return 0;
  }
  const { target, notes } = planned;
  io.out(` RUNS  ${stackId} (${target.kind} API at ${target.url})`);
  for (const note of notes) io.out(`       ${note}`);
  const started = Date.now();
  const results = await runCases(acceptanceCases(target), (result) => io.out(resultLine(result)));
  const failed = results.some((result) => !result.passed);
  io.out(`\n ${failed ? "FAIL" : "PASS"}  ${stackId}\n${summary(results, Date.now() - started)}`);
  return failed ? 1 : 0;
}

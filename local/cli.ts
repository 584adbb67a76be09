/**
 * `npm start`: synthesizes the stacks (through the project's `synth`, scripts/start.js), serves them, prints one
 * table (stack, variant, URL) and then `ready <gateway url>`. With `--watch`, every save under the project's
 * sources synthesizes again and reloads what changed (one line per reload); with `--inspect`, a debugger can
 * attach to the functions. Ctrl-C / SIGTERM stop everything and exit with 0.
 */
import { StackSelectionError } from "../tfjson/stack-files";
import { type RunningGateway, startGateway } from "./gateway";
import { type Inspector, openInspector } from "./inspect";
import { dropNodeVersionWarning } from "./node-warnings";
import { DEFAULT_PORT, type GatewayOptions } from "./options";
import { describeReload } from "./reload";
import { type Watching, watchSources } from "./watch";

/** What `npm start` knows about the project: how to synthesize it and which files it is built from. */
export interface Project {
  /** Folders and files whose changes call for a new synth (`--watch`). */
  readonly sources: readonly string[];
  /** The folder a synth with these choices writes to. */
  outdir(choice: SynthChoice): string;
  /** Synthesizes into `outdir`; `quiet` collects the synth's output instead of printing it. */
  synth(choice: SynthChoice & { readonly outdir: string; readonly quiet: boolean }): Promise<SynthOutcome>;
}

export interface SynthChoice {
  /** Only these stacks (all when empty). */
  readonly stacks: readonly string[];
  /** Functions bundled with source maps (for a debugger). */
  readonly sourceMaps: boolean;
}

export interface SynthOutcome {
  readonly ok: boolean;
  readonly exitCode: number;
  /** What the synth printed (when quiet). */
  readonly output: string;
}

/** The command line: the gateway's options and what `npm start` does around the gateway. */
export interface CommandLine {
  readonly gateway: GatewayOptions;
  /** Synthesize before serving. @default true */
  readonly synth: boolean;
  /** Synthesize again and reload on every save. @default false */
  readonly watch: boolean;
  /** Open the debugger port. */
  readonly inspect?: { readonly host: string; readonly port: number };
}

/** Node's own default debugger port. */
export const DEFAULT_INSPECT_PORT = 9229;

export const USAGE = `usage: npm start -- [options]
  --stack <id>          serve only this stack (repeatable; default: every stack in cdktf.out)
  --port <n>            the gateway's port; APIs take the next ones (default ${DEFAULT_PORT}; 0 picks free ports)
  --host <address>      listen address (default 127.0.0.1)
  --outdir <dir>        synth output folder (default ./cdktf.out)
  --dynamo-dir <dir>    keep DynamoDB data in this folder across runs (default: in memory)
  --max-instances <n>   instances per function without reserved concurrency (default 2)
  --scale-in-after <s>  stop a function's instances beyond its most recently used one after this many idle
                        seconds (default 30)
  --env KEY=VALUE       extra environment variable for every function (repeatable)
  --no-throttle         turn off throttles (stage, route, usage plan, account)
  --no-quota            turn off usage-plan quotas
  --no-local-issuer     keep the stacks' own JWT issuers (tokens from /_local/token will not be accepted)
  --ws-idle-timeout <s> close idle WebSocket connections after this many seconds (default 600)
  --quiet               no per-request lines and no function output
  --watch               on every save under the project's sources, synthesize again (only the stacks served)
                        and swap what changed: functions, APIs; data, quotas and keys stay
  --inspect[=[host:]port]  let a debugger (VS Code, Chrome DevTools) attach to the functions, on port 9229 by
                        default: source maps on, one instance per function, no timeouts
  --no-synth            serve what the output folder holds without synthesizing first`;

export class UsageError extends Error {}

/** `--help`: the usage, printed on stdout, exit 0. */
export class HelpRequested extends UsageError {}

export function parseArguments(argv: readonly string[]): CommandLine {
  const stacks: string[] = [];
  const env: Record<string, string> = {};
  const options: Record<string, unknown> = {};
  const http: Record<string, unknown> = {};
  const websocket: Record<string, unknown> = {};
  let synth = true;
  let watch = false;
  let inspect: CommandLine["inspect"];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const [flag, inline] =
      arg.includes("=") && arg.startsWith("--")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    const integer = (min: number): number => {
      const raw = value();
      const number = Number(raw);
      if (!Number.isInteger(number) || number < min)
        throw new UsageError(`${flag} "${raw}": expected an integer >= ${min}`);
      return number;
    };
    switch (flag) {
      case "--stack":
        stacks.push(
          ...value()
            .split(",")
            .filter((id) => id !== ""),
        );
        break;
      case "--port": {
        const port = integer(0);
        if (port > 65535) throw new UsageError(`--port "${port}": expected 0 to 65535`);
        options.port = port;
        break;
      }
      case "--host":
        options.host = value();
        break;
      case "--outdir":
        options.outdir = value();
        break;
      case "--dynamo-dir":
        options.dynamoDir = value();
        break;
      case "--max-instances":
        options.maxInstancesPerFunction = integer(1);
        break;
      case "--scale-in-after":
        options.surplusInstanceTtlMs = integer(1) * 1000;
        break;
      case "--env": {
        const pair = value();
        const equals = pair.indexOf("=");
        if (equals < 1) throw new UsageError(`--env "${pair}": expected KEY=VALUE`);
        env[pair.slice(0, equals)] = pair.slice(equals + 1);
        break;
      }
      case "--no-throttle":
        options.throttling = false;
        break;
      case "--no-quota":
        options.quotas = false;
        break;
      case "--no-local-issuer":
        options.trustLocalIssuer = false;
        break;
      case "--ws-idle-timeout":
        websocket.idleTimeoutMs = integer(1) * 1000;
        break;
      case "--quiet":
        options.log = { requests: false, functions: false };
        break;
      case "--no-synth":
        synth = false;
        break;
      case "--watch":
        watch = true;
        break;
      case "--inspect":
        inspect = inspectAddress(inline);
        break;
      case "--help":
      case "-h":
        throw new HelpRequested(USAGE);
      default:
        throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    }
  }
  const gateway: GatewayOptions = {
    ...(options as GatewayOptions),
    ...(stacks.length > 0 ? { stacks } : {}),
    ...(Object.keys(env).length > 0 ? { functionEnv: env } : {}),
    ...(Object.keys(http).length > 0 ? { http } : {}),
    ...(Object.keys(websocket).length > 0 ? { websocket } : {}),
  };
  return { gateway, synth, watch, ...(inspect ? { inspect } : {}) };
}

/** `--inspect`, `--inspect=9230`, `--inspect=127.0.0.1:9230` (as node's own flag). */
function inspectAddress(value: string | undefined): { host: string; port: number } {
  const match = /^(?:(.+):)?(\d+)$/.exec(value ?? String(DEFAULT_INSPECT_PORT));
  const port = Number(match?.[2]);
  if (!match || port > 65535)
    throw new UsageError(
      `--inspect "${value}": expected --inspect, --inspect=<port> or --inspect=<host>:<port>`,
    );
  return { host: match[1]?.replace(/^\[(.*)\]$/, "$1") ?? "127.0.0.1", port };
}

/** How to get a stack that the folder served lacks: what writes that folder. */
function stackHint(error: unknown, command: CommandLine, outdir: string | undefined): string {
  if (!(error instanceof StackSelectionError) || command.synth) return "";
  return outdir === undefined
    ? " (`npm run synth` writes cdktf.out; or drop --no-synth)"
    : ` (drop --no-synth: npm start synthesizes what it serves into ${outdir})`;
}

/** The table printed at start: one row per API. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The command line, or undefined after printing the usage (`--help`) or what is wrong with it (exit code 2). */
function readCommand(argv: readonly string[], project: Project | undefined): CommandLine | undefined {
  try {
    const command = parseArguments(argv);
    if (command.watch && !project)
      throw new UsageError("--watch synthesizes again on every save: run it as npm start");
    return command;
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(error.message);
      return undefined;
    }
    console.error((error as Error).message);
    process.exitCode = 2;
    return undefined;
  }
}

export async function main(argv: readonly string[], project?: Project): Promise<void> {
  dropNodeVersionWarning();
  const command = readCommand(argv, project);
  if (!command) return;
  const choice: SynthChoice = {
    stacks: command.gateway.stacks ?? [],
    sourceMaps: command.inspect !== undefined,
  };
  // Where the synth writes (and so what is served); `--no-synth` alone serves the default folder as it is.
  const outdir =
    command.gateway.outdir ?? (command.synth || command.watch ? project?.outdir(choice) : undefined);
  // Watching starts before the first synth: a save made while it runs (or before `ready` is read) is not lost.
  let served: (gateway: RunningGateway) => void = () => undefined;
  const watching =
    command.watch && project && outdir
      ? watchAndReload(
          project,
          { ...choice, outdir },
          new Promise<RunningGateway>((resolve) => {
            served = resolve;
          }),
        )
      : undefined;
  if (project && outdir && command.synth) {
    const first = await project.synth({ ...choice, outdir, quiet: false });
    if (!first.ok) {
      watching?.close();
      console.error("synth failed: the gateway serves the synthesized stacks, so it cannot start");
      process.exitCode = first.exitCode || 1;
      return;
    }
  }
  let inspector: Inspector | undefined;
  let gateway: RunningGateway;
  try {
    if (command.inspect) inspector = openInspector(command.inspect.host, command.inspect.port);
    gateway = await startGateway({
      ...command.gateway,
      ...(outdir ? { outdir } : {}),
      ...(command.inspect ? { debugging: true } : {}),
    });
  } catch (error) {
    watching?.close();
    inspector?.close();
    console.error(`local gateway: ${(error as Error).message}${stackHint(error, command, outdir)}`);
    process.exitCode = error instanceof StackSelectionError ? 2 : 1;
    return;
  }
  announce(gateway, inspector, command);
  served(gateway);
  stopOnSignals(gateway, () => {
    watching?.close();
    inspector?.close();
  });
  keepServingOnBugs();
}

/** The table (stack, variant, URL), the APIs' warnings, the debugger's banner, then `ready <url>`. */
function announce(gateway: RunningGateway, inspector: Inspector | undefined, command: CommandLine): void {
  gateway.log.flush();
  const rows = [
    ["stack", "variant", "endpoint", "url"],
    ...gateway.apis.map((api) => [api.id, api.variant, api.endpointType, api.url]),
  ];
  process.stdout.write(`${table(rows)}\n`);
  for (const api of gateway.apis)
    for (const warning of api.warnings) process.stdout.write(`warning: ${api.id}: ${warning}\n`);
  if (inspector) process.stdout.write(`${inspector.banner}\n`);
  if (inspector && !command.synth)
    process.stdout.write(
      "note: --no-synth serves the functions as they were built: breakpoints in TypeScript need source maps " +
        "(APIGW_LAMBDA_SOURCE_MAPS=true), which --inspect turns on when it synthesizes\n",
    );
  process.stdout.write(`ready ${gateway.url}\n`);
}

/** Ctrl-C / SIGTERM stop the gateway and exit 0; a second signal exits at once with 1. */
function stopOnSignals(gateway: RunningGateway, stopWatching: () => void): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    stopWatching();
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

/**
 * Last resort: every request path catches its own failures (they are bugs when they reach here), and one
 * failed request must not take every API and the in-memory data down with it. Said loudly, then served on.
 */
function keepServingOnBugs(): void {
  const lastResort = (kind: string) => (error: unknown) =>
    console.error(
      `local gateway: ${kind} (a bug in the gateway; still serving): ${(error as Error)?.stack ?? String(error)}`,
    );
  process.on("uncaughtException", lastResort("uncaught exception"));
  process.on("unhandledRejection", lastResort("unhandled rejection"));
}

/**
 * `--watch`: after each burst of saves, synthesizes again (quietly: its output shows only when it fails) and
 * reloads the gateway once it serves; one line per reload.
 */
function watchAndReload(
  project: Project,
  synth: SynthChoice & { readonly outdir: string },
  serving: Promise<RunningGateway>,
): Watching {
  return watchSources({
    paths: project.sources,
    rebuild: async (_changed, since) => {
      const gateway = await serving;
      const outcome = await project.synth({ ...synth, quiet: true });
      const seconds = () => ((performance.now() - since) / 1000).toFixed(2);
      const failed = (why: string) =>
        process.stdout.write(
          `reload failed after ${seconds()} s: ${why}; still serving the last good version\n`,
        );
      if (!outcome.ok) {
        process.stderr.write(outcome.output.endsWith("\n") ? outcome.output : `${outcome.output}\n`);
        failed("the synth failed (above)");
        return;
      }
      try {
        const report = await gateway.reload();
        gateway.log.flush();
        process.stdout.write(`${describeReload(report, performance.now() - since)}\n`);
      } catch (error) {
        failed((error as Error).message);
      }
    },
  });
}

if (require.main === module) void main(process.argv.slice(2));

/**
 * `npm start` (after synth): serves the synthesized stacks, prints one table (stack, variant, URL) and then
 * `ready <gateway url>`. Ctrl-C / SIGTERM stop everything and exit with 0.
 */
import { startGateway } from "./gateway";
import { dropNodeVersionWarning } from "./node-warnings";
import { DEFAULT_PORT, type GatewayOptions } from "./options";

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
  --no-synth            (npm start only) serve what cdktf.out holds without synthesizing first`;

export class UsageError extends Error {}

export function parseArguments(argv: readonly string[]): GatewayOptions {
  const stacks: string[] = [];
  const env: Record<string, string> = {};
  const options: Record<string, unknown> = {};
  const http: Record<string, unknown> = {};
  const websocket: Record<string, unknown> = {};
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
        break;
      case "--help":
      case "-h":
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return {
    ...(options as GatewayOptions),
    ...(stacks.length > 0 ? { stacks } : {}),
    ...(Object.keys(env).length > 0 ? { functionEnv: env } : {}),
    ...(Object.keys(http).length > 0 ? { http } : {}),
    ...(Object.keys(websocket).length > 0 ? { websocket } : {}),
  };
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

export async function main(argv: readonly string[]): Promise<void> {
  dropNodeVersionWarning();
  let options: GatewayOptions;
  try {
    options = parseArguments(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway(options);
  } catch (error) {
    console.error(`local gateway: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  gateway.log.flush();
  const rows = [
    ["stack", "variant", "endpoint", "url"],
    ...gateway.apis.map((api) => [api.id, api.variant, api.endpointType, api.url]),
  ];
  process.stdout.write(`${table(rows)}\n`);
  for (const api of gateway.apis)
    for (const warning of api.warnings) process.stdout.write(`warning: ${api.id}: ${warning}\n`);
  process.stdout.write(`ready ${gateway.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
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
  // Last resort: every request path catches its own failures (they are bugs when they reach here), and one
  // failed request must not take every API and the in-memory data down with it. Said loudly, then served on.
  const lastResort = (kind: string) => (error: unknown) =>
    console.error(
      `local gateway: ${kind} (a bug in the gateway; still serving): ${(error as Error)?.stack ?? String(error)}`,
    );
  process.on("uncaughtException", lastResort("uncaught exception"));
  process.on("unhandledRejection", lastResort("unhandled rejection"));
}

if (require.main === module) void main(process.argv.slice(2));

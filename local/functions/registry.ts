/**
 * The stack's Lambda functions as the Terraform declares them (`aws_lambda_function`: zip `filename`,
 * `handler`, environment, `memory_size`, `timeout`, `reserved_concurrent_executions`), each with its pool of
 * worker-thread instances, looked up by any form API Gateway integrations use (invoke ARN, ARN, name).
 */
import { isAbsolute, join } from "node:path";
import type { References, ResourceRef } from "../terraform/references";
import { unpackArtifact } from "./artifact";
import { FunctionPool, type FunctionSpec } from "./pool";

export interface LambdaFunction {
  readonly address: string;
  readonly functionName: string;
  readonly arn: string;
  /** Its instances; a reload hands the same pool new code (FunctionPool.prepare). */
  readonly pool: FunctionPool;
}

export interface RegistryOptions {
  /** Instances per function when it has no reserved concurrency. */
  readonly maxInstances: number;
  readonly idleTtlMs?: number;
  /** Instances beyond the most recently used one stop after this long idle. */
  readonly surplusIdleTtlMs?: number;
  /** Functions run under a debugger: one instance each, no timeouts (see PoolOptions.debugging). */
  readonly debugging?: boolean;
  /** Where relative source paths of the functions' source maps resolve (see unpackArtifact). */
  readonly sourceRoot?: string;
  /** Variables every function gets on top of its declared ones (e.g. the DynamoDB endpoint). */
  readonly environment: Environment;
  readonly output: (functionName: string, text: string) => void;
  /** Problems found while reading a function (they also surface as errors when it runs). */
  readonly warn: (message: string) => void;
}

export type Environment = (
  declared: Readonly<Record<string, string>>,
  functionName: string,
) => Record<string, string>;

/** A function of the Terraform: its names and the spec its instances start from. */
interface Definition {
  readonly address: string;
  readonly functionName: string;
  readonly arn: string;
  /** Every form an integration may name it by. */
  readonly keys: readonly string[];
  readonly spec: FunctionSpec;
}

/** A function served before and after a reload whose code or settings changed: it runs `spec` once loaded. */
export interface ChangedFunction {
  readonly fn: LambdaFunction;
  readonly spec: FunctionSpec;
}

/** Terraform's defaults for `aws_lambda_function`. */
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_SECONDS = 3;

export class FunctionRegistry {
  /** The functions, in the Terraform's order. */
  readonly functions: readonly LambdaFunction[];
  /** Functions taken over from the previous registry whose code or settings differ (see `next`). */
  readonly changed: readonly ChangedFunction[];
  /** Functions were added, removed or renamed since the previous registry: APIs must look them up again. */
  readonly membershipChanged: boolean;
  private readonly byKey = new Map<string, LambdaFunction>();
  private readonly created: LambdaFunction[] = [];
  private readonly previous: FunctionRegistry | undefined;

  constructor(
    refs: References,
    private readonly options: RegistryOptions,
    previous?: FunctionRegistry,
  ) {
    this.previous = previous;
    const before = new Map(previous?.functions.map((fn) => [fn.address, fn]));
    const changed: ChangedFunction[] = [];
    const functions: LambdaFunction[] = [];
    for (const resource of refs.resources("aws_lambda_function")) {
      const definition = defineFunction(refs, resource, options);
      const kept = before.get(definition.address);
      const same = kept?.functionName === definition.functionName && kept.arn === definition.arn;
      const fn = same && kept ? kept : this.create(definition);
      if (fn === kept && JSON.stringify(kept.pool.spec) !== JSON.stringify(definition.spec))
        changed.push({ fn, spec: definition.spec });
      functions.push(fn);
      for (const key of definition.keys) this.byKey.set(key, fn);
    }
    this.functions = functions;
    this.changed = changed;
    this.membershipChanged =
      previous !== undefined && (this.created.length > 0 || functions.length !== previous.functions.length);
  }

  /**
   * The registry of the stack's new Terraform: functions of the same address and names keep their object and
   * pool (those in `changed` get new instances when the caller has them load the new code); the others are
   * new. Nothing changes for the APIs built on this registry until the caller adopts the new one; then
   * `dropped` closes the functions it no longer serves, or, when the caller keeps this one, the next one's
   * `discard` closes what that one started.
   */
  next(refs: References, environment: Environment): FunctionRegistry {
    return new FunctionRegistry(refs, { ...this.options, environment }, this);
  }

  /**
   * Closes the pools of the previous registry's functions that this one does not serve, each once the calls
   * it is running have ended (at most `graceMs`).
   */
  async dropped(graceMs: number): Promise<void> {
    const kept = new Set(this.functions);
    await Promise.all(
      (this.previous?.functions ?? [])
        .filter((fn) => !kept.has(fn))
        .map((fn) => fn.pool.closeWhenIdle(graceMs)),
    );
  }

  /** Closes the pools this registry created: it is not going to serve. */
  async discard(): Promise<void> {
    await Promise.all(this.created.map((fn) => fn.pool.close()));
  }

  private create(definition: Definition): LambdaFunction {
    const fn: LambdaFunction = {
      address: definition.address,
      functionName: definition.functionName,
      arn: definition.arn,
      pool: new FunctionPool(definition.spec, {
        output: this.options.output,
        idleTtlMs: this.options.idleTtlMs,
        surplusIdleTtlMs: this.options.surplusIdleTtlMs,
        debugging: this.options.debugging,
      }),
    };
    this.created.push(fn);
    return fn;
  }

  /**
   * The function an integration URI, ARN or name designates: `arn:aws:apigateway:<region>:lambda:path/
   * 2015-03-31/functions/<function arn>/invocations`, a function ARN (with or without `:$LATEST`), or a name.
   */
  find(uri: string | undefined): LambdaFunction | undefined {
    if (!uri) return undefined;
    const direct = this.byKey.get(uri);
    if (direct) return direct;
    const inner = /functions\/(.+?)\/invocations$/.exec(uri)?.[1];
    if (inner) return this.find(inner);
    const named = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(uri)?.[1];
    return named ? this.byKey.get(named) : undefined;
  }

  /** Closes every pool, each once its running calls have ended (at most `graceMs`; at once by default). */
  async close(graceMs = 0): Promise<void> {
    await Promise.all(this.functions.map((fn) => fn.pool.closeWhenIdle(graceMs)));
  }
}

function defineFunction(refs: References, resource: ResourceRef, options: RegistryOptions): Definition {
  const block = resource.block;
  const functionName = refs.string(block.function_name) ?? resource.name;
  const arn = String(refs.attribute(resource.type, resource.name, "arn"));
  const warnings: string[] = [];
  const runtime = refs.string(block.runtime) ?? "";
  if (runtime && !runtime.startsWith("nodejs")) {
    warnings.push(`runtime ${runtime} is not a Node.js runtime: the gateway runs it as Node.js anyway`);
  }
  const filename = refs.string(block.filename);
  let dir = "";
  if (!filename) {
    warnings.push("has no local `filename` (image or S3 code): it cannot run locally");
  } else {
    try {
      const zipPath = isAbsolute(filename) ? filename : join(refs.stack.dir, filename);
      const unpacked = unpackArtifact(zipPath, { sourceRoot: options.sourceRoot });
      dir = unpacked.dir;
      const declaredHash = refs.string(block.source_code_hash);
      if (declaredHash && !declaredHash.includes("${") && declaredHash !== unpacked.sha256Base64) {
        warnings.push(
          `source_code_hash ${declaredHash} does not match the zip on disk (${unpacked.sha256Base64})`,
        );
      }
    } catch (error) {
      warnings.push(`code ${filename} cannot be read: ${(error as Error).message}`);
    }
  }
  const declared = Object.fromEntries(
    Object.entries(
      (refs.resolve(block.environment) as { variables?: Record<string, unknown> } | undefined)?.variables ??
        {},
    ).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
  for (const [key, value] of Object.entries(declared)) {
    if (value.includes("${"))
      warnings.push(`environment variable ${key} keeps an unresolved expression: ${value}`);
  }
  const memoryMb = Number(refs.resolve(block.memory_size) ?? DEFAULT_MEMORY_MB);
  const timeoutMs = Number(refs.resolve(block.timeout) ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const reserved = Number(refs.resolve(block.reserved_concurrent_executions) ?? -1);
  const logGroupName = logGroup(refs, block) ?? `/aws/lambda/${functionName}`;
  const region = refs.regionOf(block);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LANG: "en_US.UTF-8",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime || "nodejs22.x"}`,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${functionName}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    LAMBDA_TASK_ROOT: dir,
    LAMBDA_RUNTIME_DIR: dir,
    ...declared,
    ...options.environment(declared, functionName),
  };
  // Reserved concurrency caps the instances; a debugger gets one instance per function.
  const cap = options.debugging ? 1 : Math.max(options.maxInstances, 1);
  for (const warning of warnings) options.warn(`${refs.stack.id}: function ${functionName}: ${warning}`);
  return {
    address: resource.address,
    functionName,
    arn,
    keys: [
      arn,
      `${arn}:$LATEST`,
      functionName,
      resource.address,
      String(refs.attribute(resource.type, resource.name, "invoke_arn")),
    ],
    spec: {
      dir,
      handler: refs.string(block.handler) ?? "index.handler",
      functionName,
      functionArn: arn,
      memoryMb,
      logGroupName,
      env,
      timeoutMs,
      maxInstances: reserved >= 0 ? Math.min(reserved, cap) : options.debugging ? 1 : options.maxInstances,
    },
  };
}

function logGroup(refs: References, block: Record<string, unknown>): string | undefined {
  const config = refs.resolve(block.logging_config);
  const first = Array.isArray(config) ? config[0] : config;
  const name = (first as { log_group?: unknown } | undefined)?.log_group;
  return typeof name === "string" ? name : undefined;
}

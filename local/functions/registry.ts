/**
 * The stack's Lambda functions as the Terraform declares them (`aws_lambda_function`: zip `filename`,
 * `handler`, environment, `memory_size`, `timeout`, `reserved_concurrent_executions`), each with its pool of
 * worker-thread instances, looked up by any form API Gateway integrations use (invoke ARN, ARN, name).
 */
import { isAbsolute, join } from "node:path";
import type { References } from "../terraform/references";
import { unpackArtifact } from "./artifact";
import { FunctionPool } from "./pool";

export interface LambdaFunction {
  readonly address: string;
  readonly functionName: string;
  readonly arn: string;
  readonly pool: FunctionPool;
  readonly timeoutMs: number;
  /** Problems found while loading (they also surface as errors when the function runs). */
  readonly warnings: readonly string[];
}

export interface RegistryOptions {
  /** Instances per function when it has no reserved concurrency. */
  readonly maxInstances: number;
  readonly idleTtlMs?: number;
  /** Instances beyond the most recently used one stop after this long idle. */
  readonly surplusIdleTtlMs?: number;
  /** Variables every function gets on top of its declared ones (e.g. the DynamoDB endpoint). */
  readonly environment: (
    declared: Readonly<Record<string, string>>,
    functionName: string,
  ) => Record<string, string>;
  readonly output: (functionName: string, text: string) => void;
  readonly warn: (message: string) => void;
}

/** Terraform's defaults for `aws_lambda_function`. */
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_SECONDS = 3;

export class FunctionRegistry {
  private readonly byKey = new Map<string, LambdaFunction>();
  readonly functions: LambdaFunction[] = [];

  constructor(refs: References, options: RegistryOptions) {
    for (const resource of refs.resources("aws_lambda_function")) {
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
          const unpacked = unpackArtifact(zipPath);
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
          (refs.resolve(block.environment) as { variables?: Record<string, unknown> } | undefined)
            ?.variables ?? {},
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
      const fn: LambdaFunction = {
        address: resource.address,
        functionName,
        arn,
        timeoutMs,
        warnings,
        pool: new FunctionPool(
          {
            dir,
            handler: refs.string(block.handler) ?? "index.handler",
            functionName,
            functionArn: arn,
            memoryMb,
            logGroupName,
            env,
            timeoutMs,
            maxInstances:
              reserved >= 0 ? Math.min(reserved, Math.max(options.maxInstances, 1)) : options.maxInstances,
          },
          {
            output: options.output,
            idleTtlMs: options.idleTtlMs,
            surplusIdleTtlMs: options.surplusIdleTtlMs,
          },
        ),
      };
      for (const warning of warnings) options.warn(`${refs.stack.id}: function ${functionName}: ${warning}`);
      this.functions.push(fn);
      for (const key of [
        arn,
        `${arn}:$LATEST`,
        functionName,
        resource.address,
        String(refs.attribute(resource.type, resource.name, "invoke_arn")),
      ]) {
        this.byKey.set(key, fn);
      }
    }
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

  async close(): Promise<void> {
    await Promise.all(this.functions.map((fn) => fn.pool.close()));
  }
}

function logGroup(refs: References, block: Record<string, unknown>): string | undefined {
  const config = refs.resolve(block.logging_config);
  const first = Array.isArray(config) ? config[0] : config;
  const name = (first as { log_group?: unknown } | undefined)?.log_group;
  return typeof name === "string" ? name : undefined;
}

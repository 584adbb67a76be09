import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AssetType, Lazy, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { type Bundle, bundleFunction, type LambdaBundling } from "./bundling";
import { type PolicyStatement, policyDocument, serviceTrustPolicy } from "./iam";
import { LogGroup } from "./log-group";

export interface NodeFunctionProps {
  /** Handler source file, relative to the repo root; it must export `handler`. */
  readonly entry: string;
  /** Physical function name (also names its role and log group). */
  readonly functionName: string;
  readonly description?: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** Days to keep the function's logs. */
  readonly logRetentionDays: number;
  /**
   * Lambda's log format: JSON (its own lines and the function's as JSON objects) or Text (AWS GovCloud (US)
   * offers no JSON log formatting; the handlers still write JSON lines themselves).
   * @default "JSON"
   */
  readonly logFormat?: "JSON" | "Text";
  /**
   * Environment variables. Never put secrets here: they are visible in state and in the console.
   * @default - none (plus NODE_OPTIONS when source maps are on)
   */
  readonly environment?: Record<string, string>;
  /**
   * Reserved concurrency: caps the function and guarantees it capacity.
   * @default - unreserved (the account's shared pool)
   */
  readonly reservedConcurrency?: number;
  /**
   * Where the project keeps its handlers and what their bundles replace (see `bundling.ts`).
   * @default - the entry bundled alone, with nothing replaced, its zip named by the entry's whole path
   */
  readonly bundling?: LambdaBundling;
}

/** App context key: `false` makes every NodeFunction rebuild its bundle instead of reusing the cache. */
export const BUNDLE_CACHE_CONTEXT = "apigw:bundleCache";

/**
 * App context key: `true` puts a source map in each zip and sets NODE_OPTIONS=--enable-source-maps so stack
 * traces in the logs show TypeScript lines. Off by default: Node then parses the map at every cold start
 * (measured: the items function's import went from 79 to 99 ms), and making the maps is about a fifth of a
 * cold synth's bundling.
 */
export const SOURCE_MAPS_CONTEXT = "apigw:sourceMaps";

/**
 * A Node.js 22 Lambda function on arm64, bundled by esbuild into a deterministic zip (see `bundling.ts`),
 * with its own role (least privilege: its own log group, X-Ray, and what callers grant it), its own log
 * group with retention, JSON logs and active tracing.
 */
export class NodeFunction extends Construct {
  readonly resource: LambdaFunction;
  readonly bundle: Bundle;
  readonly role: IamRole;
  readonly logGroup: LogGroup;
  readonly functionName: string;
  readonly arn: string;
  readonly invokeArn: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const memorySize = props.memorySize ?? 256;
    const timeoutSeconds = props.timeoutSeconds ?? 10;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
      throw new Error(`memorySize ${memorySize} is invalid: use an integer from 128 to 10240 MB`);
    }
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) {
      throw new Error(`timeoutSeconds ${timeoutSeconds} is invalid: use an integer from 1 to 900`);
    }
    // Lambda: 4 KB of environment variables per function, keys and values together (Lambda quotas).
    const environment = Object.entries(props.environment ?? {});
    const envBytes = environment.reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value), 0);
    if (envBytes > 4_096) {
      const [largest] = [...environment].sort((a, b) => b[1].length - a[1].length);
      throw new Error(
        `environment of ${props.functionName} is ${envBytes} bytes, over Lambda's 4 KB: shorten ${largest[0]} (${largest[1].length} characters) or read it at run time`,
      );
    }

    const useCache = this.node.tryGetContext(BUNDLE_CACHE_CONTEXT) !== false;
    const sourceMaps = this.node.tryGetContext(SOURCE_MAPS_CONTEXT) === true;
    this.bundle = bundleFunction({
      ...props.bundling,
      entry: props.entry,
      root: projectRoot(),
      useCache,
      sourceMap: sourceMaps,
    });
    const asset = new TerraformAsset(this, "Code", {
      path: this.bundle.zipPath,
      type: AssetType.FILE,
      assetHash: this.bundle.sha256Hex.slice(0, 32),
    });

    this.logGroup = new LogGroup(this, "Logs", {
      name: `/aws/lambda/${props.functionName}`,
      retentionDays: props.logRetentionDays,
    });
    this.statements.push(
      {
        Sid: "OwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${this.logGroup.arn}:*`,
      },
      {
        // X-Ray's write actions support no resource-level restriction.
        Sid: "Tracing",
        Effect: "Allow",
        Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        Resource: "*",
      },
    );

    this.role = new IamRole(this, "Role", {
      name: props.functionName,
      assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com"),
    });
    const policy = new IamRolePolicy(this, "Policy", {
      name: "least-privilege",
      role: this.role.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });

    this.resource = new LambdaFunction(this, "Resource", {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: this.bundle.handler,
      filename: asset.path,
      sourceCodeHash: this.bundle.sha256Base64,
      memorySize,
      timeout: timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: props.logFormat ?? "JSON", logGroup: this.logGroup.name },
      environment: {
        variables: {
          ...(sourceMaps ? { NODE_OPTIONS: "--enable-source-maps" } : {}),
          ...props.environment,
        },
      },
      // The role must carry its policy, and the log group must exist with its retention, before the first
      // invocation; otherwise Lambda creates a log group that never expires.
      dependsOn: [policy, this.logGroup.resource],
    });
    this.functionName = this.resource.functionName;
    this.arn = this.resource.arn;
    this.invokeArn = this.resource.invokeArn;
  }

  /** Adds a statement to the function's inline policy. Scope `Resource` to ARNs, never `*`. */
  addToPolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }

  /** Lets API Gateway invoke the function, only from `sourceArn` (an execute-api ARN pattern). */
  grantInvokeFromApiGateway(id: string, sourceArn: string): LambdaPermission {
    return new LambdaPermission(this, id, {
      action: "lambda:InvokeFunction",
      functionName: this.resource.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn,
    });
  }
}

let cachedRoot: string | undefined;

/** The folder holding cdktf.json, found from this file (works from sources and from compiled output). */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  while (!existsSync(join(dir, "cdktf.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cdktf.json not found above ${__dirname}`);
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

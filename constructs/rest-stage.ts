import type { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { Construct } from "constructs";
import { CACHE_SIZES_GB } from "../config/settings-rest";
import { accessLogFormat } from "./access-log-format";
import { LogGroup } from "./log-group";

export interface RestStageCache {
  /** Cache cluster size in GB (one of API Gateway's sizes). */
  readonly sizeGb: string;
  /** Seconds a cached answer lives (1-3600). */
  readonly ttlSeconds: number;
  /** Method paths to cache: the resource path with every "/" written as "~1", then the method: `~1items~1{id}/GET`. */
  readonly methodPaths: readonly string[];
}

export interface RestStageProps {
  readonly restApiId: string;
  readonly deploymentId: string;
  readonly stageName: string;
  /** Physical API name: names the access log group `/aws/apigateway/<apiName>/access`. */
  readonly apiName: string;
  readonly logRetentionDays: number;
  /** Stage-wide throttle (method settings `*` `/*`). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default "ERROR" */
  readonly loggingLevel?: "ERROR" | "INFO";
  /** @default - no cache cluster; no method is cached */
  readonly cache?: RestStageCache;
  /**
   * The account-level CloudWatch role setting, when this stack owns it: logging fails until it exists.
   * @default - owned by another stack (deployed first) or managed outside
   */
  readonly account?: ApiGatewayAccount;
}

/**
 * A REST stage: JSON access logs and pre-created execution logs (both with retention), X-Ray tracing, and
 * method settings for every method (`*` `/*`: logging level, metrics, no data trace, throttling), plus, when
 * caching, an encrypted cache cluster and per-method cache settings for the listed methods only (a list answer
 * keyed on nothing but its path would serve one page for every query).
 */
export class RestStage extends Construct {
  readonly stage: ApiGatewayStage;
  readonly accessLogs: LogGroup;
  readonly executionLogs: LogGroup;
  readonly methodSettings: ApiGatewayMethodSettings[] = [];

  constructor(scope: Construct, id: string, props: RestStageProps) {
    super(scope, id);
    const cache = props.cache;
    if (cache) {
      if (!(CACHE_SIZES_GB as readonly string[]).includes(cache.sizeGb)) {
        throw new Error(`cache.sizeGb "${cache.sizeGb}" is invalid: use one of ${CACHE_SIZES_GB.join(", ")}`);
      }
      if (!Number.isInteger(cache.ttlSeconds) || cache.ttlSeconds < 1 || cache.ttlSeconds > 3600) {
        throw new Error(`cache.ttlSeconds ${cache.ttlSeconds} is invalid: use an integer from 1 to 3600`);
      }
      for (const path of cache.methodPaths) {
        if (!/^(~1[^/~]+)+\/(GET|HEAD)$/.test(path)) {
          throw new Error(
            `cache method path "${path}" is invalid: use the resource path with every "/" written as "~1", then "/GET" (e.g. "~1items~1{id}/GET")`,
          );
        }
      }
    }

    this.accessLogs = new LogGroup(this, "AccessLogs", {
      name: `/aws/apigateway/${props.apiName}/access`,
      retentionDays: props.logRetentionDays,
    });
    // API Gateway writes execution logs to a group it names itself and creates without retention; creating
    // it first gives it one.
    this.executionLogs = new LogGroup(this, "ExecutionLogs", {
      name: `API-Gateway-Execution-Logs_${props.restApiId}/${props.stageName}`,
      retentionDays: props.logRetentionDays,
    });

    this.stage = new ApiGatewayStage(this, "Resource", {
      restApiId: props.restApiId,
      deploymentId: props.deploymentId,
      stageName: props.stageName,
      xrayTracingEnabled: true,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: accessLogFormat("rest") },
      cacheClusterEnabled: cache !== undefined,
      cacheClusterSize: cache?.sizeGb,
      dependsOn: [this.executionLogs.resource, ...(props.account ? [props.account] : [])],
    });

    const common = {
      metricsEnabled: true,
      loggingLevel: props.loggingLevel ?? "ERROR",
      dataTraceEnabled: false,
      throttlingRateLimit: props.throttle.rateLimit,
      throttlingBurstLimit: props.throttle.burstLimit,
    };
    this.methodSettings.push(
      new ApiGatewayMethodSettings(this, "AllMethods", {
        restApiId: props.restApiId,
        stageName: this.stage.stageName,
        methodPath: "*/*",
        settings: {
          ...common,
          cachingEnabled: false,
          cacheDataEncrypted: cache ? true : undefined,
        },
      }),
    );
    // A method-level entry replaces the stage-level one for that method, so it repeats every setting.
    for (const methodPath of cache?.methodPaths ?? []) {
      this.methodSettings.push(
        // The id comes from the plain path (`cache-items-id-GET`), as it did before the key was escaped.
        new ApiGatewayMethodSettings(this, `cache-${plainPath(methodPath).replace(/[^A-Za-z0-9]+/g, "-")}`, {
          restApiId: props.restApiId,
          stageName: this.stage.stageName,
          methodPath,
          settings: {
            ...common,
            cachingEnabled: true,
            cacheDataEncrypted: true,
            cacheTtlInSeconds: cache?.ttlSeconds,
            // Only callers allowed execute-api:InvalidateCache (IAM) may bypass the cache with
            // `Cache-Control: max-age=0`; others are served from the cache, with a header saying so.
            requireAuthorizationForCacheControl: true,
            unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
          },
        }),
      );
    }
  }
}

/** `~1items~1{id}/GET` as `items/{id}/GET`. */
function plainPath(methodPath: string): string {
  return methodPath.replaceAll("~1", "/").replace(/^\//, "");
}

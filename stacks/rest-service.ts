/**
 * What the three REST stacks share, adapted from the route table and the settings: under `Service`, the
 * route functions and items table, the identity provider (the stack's Cognito user pool, or an external
 * issuer), the Lambda authorizer function, the REST API itself, the `basic` and `premium` usage plans with
 * their API keys, and an IAM policy operators attach to call the AWS_IAM (admin) routes and invalidate cache
 * entries.
 */

import type { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { bodySchemas } from "../api/items-schema";
import { RESOURCE_SERVER, routeList, signedInRouteScopes } from "../api/routes";
import { name } from "../config/names";
import { lambdaLogFormat } from "../config/partition";
import type { CoreSettings, RestSettings } from "../config/settings";
import { NodeFunction } from "../constructs/node-function";
import { isCacheable, RestApi, type RestEndpointType } from "../constructs/rest-api";
import { RestOperatorPolicy } from "../constructs/rest-operator-policy";
import { UsagePlans } from "../constructs/usage-plans";
import { type Identity, identity, userPoolOutputs } from "./identity";
import { LAMBDA_BUNDLING } from "./lambda-bundling";
import { restAuthorization, restRoutes } from "./rest-routes";
import { type RouteBackend, routeBackend } from "./route-backend";

export interface RestServiceOptions {
  /** Stack id: part of every physical name. */
  readonly stackId: string;
  readonly endpointType: RestEndpointType;
  /** Suffix of the Cognito sign-in domain prefix (unique per region): e.g. `regional`. */
  readonly cognitoDomainSuffix: string;
  /** Whether the stage has a cache. */
  readonly cache: boolean;
  /** PRIVATE only: the VPC endpoints the API is reached through. */
  readonly vpcEndpointIds?: readonly string[];
  /** The account-level CloudWatch role, when this stack owns it. */
  readonly account?: ApiGatewayAccount;
}

export interface RestService extends Identity {
  readonly backend: RouteBackend;
  readonly authorizerFunction?: NodeFunction;
  readonly api: RestApi;
  readonly usagePlans: UsagePlans;
  /** Absent when the table has no admin route and the stage no cache: there would be nothing to grant. */
  readonly adminPolicy?: RestOperatorPolicy;
}

type ServiceSettings = CoreSettings & RestSettings;

/** The REST service of a stack, under `Service`. */
export function restService(
  stack: Construct,
  settings: ServiceSettings,
  options: RestServiceOptions,
): RestService {
  const scope = new Construct(stack, "Service");
  const { stackId } = options;
  const physical = (...parts: string[]) => name(settings, stackId, ...parts);
  const backend = routeBackend(scope, stackId, settings, settings.corsAllowOrigins);
  const routes = restRoutes(backend, settings);
  const used = new Set(Object.values(routes).map((route) => route?.authorization));

  if (settings.jwtIssuer && used.has("cognito")) {
    throw new Error(
      `a Cognito authorizer cannot trust the external issuer "${settings.jwtIssuer}": assign "lambda" to reads and writes`,
    );
  }
  const { jwt, users } = identity(scope, settings, {
    stackId,
    domainSuffix: options.cognitoDomainSuffix,
    resourceServer: RESOURCE_SERVER,
    scopeNames: ["write", "admin"],
  });

  const authorizerFunction = used.has("lambda")
    ? new NodeFunction(scope, "Authorizer", {
        entry: "lambdas/authorizer/index.ts",
        functionName: physical("authorizer"),
        description: "REST Lambda authorizer: verifies bearer JWTs, answers with an IAM policy",
        memorySize: settings.lambdaMemoryMb,
        timeoutSeconds: settings.lambdaTimeoutSeconds,
        reservedConcurrency: settings.lambdaReservedConcurrency,
        logRetentionDays: settings.logRetentionDays,
        logFormat: lambdaLogFormat(settings.region),
        environment: {
          JWT_ISSUER: jwt.issuer,
          JWT_AUDIENCE: jwt.audience.join(","),
          ROUTE_SCOPES: JSON.stringify(signedInRouteScopes()),
          ...(settings.jwtJwksUrl ? { JWKS_URL: settings.jwtJwksUrl } : {}),
        },
        bundling: LAMBDA_BUNDLING,
      })
    : undefined;

  const api = new RestApi(scope, "Api", {
    apiName: physical(),
    description: `Items service (${options.endpointType} REST API), from the shared route table`,
    endpointType: options.endpointType,
    stageName: settings.environment,
    routes,
    models: bodySchemas,
    cognitoUserPoolArn: users?.pool.arn,
    lambdaAuthorizer: authorizerFunction
      ? {
          function: authorizerFunction,
          type: settings.restAuthorizerType,
          resultTtlSeconds: settings.restAuthorizerCacheTtl,
        }
      : undefined,
    throttle: { rateLimit: settings.throttleRateLimit, burstLimit: settings.throttleBurstLimit },
    logRetentionDays: settings.logRetentionDays,
    loggingLevel: settings.restLoggingLevel,
    cache: options.cache
      ? { sizeGb: settings.restCacheSizeGb, ttlSeconds: settings.restCacheTtlSeconds }
      : undefined,
    cors:
      settings.corsAllowOrigins.length > 0
        ? { allowOrigins: settings.corsAllowOrigins, allowCredentials: settings.corsAllowCredentials }
        : undefined,
    vpcEndpointIds: options.vpcEndpointIds,
    account: options.account,
  });

  const writes = routeList().filter((route) => route.spec.write && route.spec.access !== "public");
  const usagePlans = new UsagePlans(scope, "UsagePlans", {
    restApiId: api.api.id,
    stageName: api.stage.stage.stageName,
    physicalName: physical,
    plans: [
      {
        id: "basic",
        description: "Small clients: low rate, tighter still on writes",
        throttle: { rateLimit: settings.restBasicRateLimit, burstLimit: settings.restBasicBurstLimit },
        quota: { limit: settings.restBasicQuotaLimit, period: settings.restBasicQuotaPeriod },
        methodThrottles: writes.map((route) => ({
          path: `${route.path}/${route.method}`,
          rateLimit: settings.restBasicWriteRateLimit,
          burstLimit: settings.restBasicWriteBurstLimit,
        })),
        apiKeys: settings.restBasicApiKeys,
      },
      {
        id: "premium",
        description: "Partners: higher rate and quota",
        throttle: { rateLimit: settings.restPremiumRateLimit, burstLimit: settings.restPremiumBurstLimit },
        quota: { limit: settings.restPremiumQuotaLimit, period: settings.restPremiumQuotaPeriod },
        apiKeys: settings.restPremiumApiKeys,
      },
    ],
  });

  const invokeArns = routeList()
    .filter((route) => restAuthorization(route.spec, settings) === "iam")
    .map((route) => api.methodArn(route));
  const invalidateCacheArns = options.cache
    ? routeList()
        .filter(isCacheable)
        .map((route) => api.methodArn(route))
    : [];
  const adminPolicy =
    invokeArns.length + invalidateCacheArns.length > 0
      ? new RestOperatorPolicy(scope, "AdminPolicy", {
          policyName: physical("admin"),
          description: "Attach to operators: call the AWS_IAM (admin) routes, bypass cached answers",
          invokeArns,
          invalidateCacheArns,
        })
      : undefined;

  return { backend, jwt, users, authorizerFunction, api, usagePlans, adminPolicy };
}

/** The outputs every REST stack has: URL, ids to look things up with, never a secret. */
export function restServiceOutputs(stack: Construct, service: RestService, region: string): void {
  new TerraformOutput(stack, "api_url", { value: service.api.url, description: "Invoke URL of the stage" });
  new TerraformOutput(stack, "api_id", { value: service.api.api.id, description: "REST API id" });
  new TerraformOutput(stack, "api_key_ids", {
    value: Object.fromEntries([...service.usagePlans.keys].map(([keyName, key]) => [keyName, key.id])),
    description: "API key ids by name (values: aws apigateway get-api-key --api-key <id> --include-value)",
  });
  new TerraformOutput(stack, "usage_plan_ids", {
    value: Object.fromEntries([...service.usagePlans.plans].map(([planId, plan]) => [planId, plan.id])),
    description: "Usage plan ids by plan",
  });
  if (service.adminPolicy) {
    new TerraformOutput(stack, "admin_policy_arn", {
      value: service.adminPolicy.arn,
      description: "IAM policy to attach to operators for the AWS_IAM (admin) routes",
    });
  }
  new TerraformOutput(stack, "stage_name", {
    value: service.api.stage.stage.stageName,
    description: "Stage name",
  });
  new TerraformOutput(stack, "jwt_issuer", {
    value: service.jwt.issuer,
    description: "Issuer the API trusts",
  });
  new TerraformOutput(stack, "items_table", {
    value: service.backend.itemsTable.name,
    description: "DynamoDB table",
  });
  if (service.users) {
    userPoolOutputs(
      stack,
      service.users,
      region,
      "Public app client id (no secret): the audience of the API's tokens",
    );
  }
}

import type { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { TerraformOutput, type TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { RESOURCE_SERVER, routeList, signedInRouteScopes } from "../api/routes";
import { cognitoDomain, name } from "../config/names";
import type { Settings } from "../config/settings";
import type { JwtTrust } from "./http-api";
import { policyDocument } from "./iam";
import { NodeFunction } from "./node-function";
import { isCacheable, RestApi, type RestEndpointType } from "./rest-api";
import { RouteFunctions } from "./route-functions";
import { UsagePlans } from "./usage-plans";
import { UserPool } from "./user-pool";

export interface RestServiceProps {
  readonly settings: Settings;
  /** Stack id: part of every physical name. */
  readonly stackId: string;
  readonly endpointType: RestEndpointType;
  /** Suffix of the Cognito sign-in domain prefix (unique per region): e.g. `regional`. */
  readonly cognitoDomainSuffix: string;
  /** @default false */
  readonly cache?: boolean;
  /** PRIVATE only: the VPC endpoints the API is reached through. */
  readonly vpcEndpointIds?: readonly string[];
  /** The account-level CloudWatch role, when this stack owns it. @default - owned elsewhere */
  readonly account?: ApiGatewayAccount;
}

/**
 * Everything the three REST stacks share: the route functions and items table, the identity provider (the
 * stack's Cognito user pool, or an external issuer), the Lambda authorizer function, the REST API itself, the
 * `basic` and `premium` usage plans with their API keys, and an IAM policy operators attach to call the
 * AWS_IAM (admin) routes and invalidate cache entries.
 */
export class RestService extends Construct {
  readonly backend: RouteFunctions;
  readonly users?: UserPool;
  readonly jwt: JwtTrust;
  readonly authorizerFunction?: NodeFunction;
  readonly api: RestApi;
  readonly usagePlans: UsagePlans;
  readonly adminPolicy: IamPolicy;
  readonly region: string;

  constructor(scope: Construct, id: string, props: RestServiceProps) {
    super(scope, id);
    const { settings, stackId } = props;
    this.region = settings.region;
    const routes = routeList();
    const physical = (...parts: string[]) => name(settings, stackId, ...parts);
    this.backend = new RouteFunctions(this, "Functions", {
      settings,
      stackId,
      routes,
      corsOrigins: settings.corsAllowOrigins,
    });

    const usesCognito =
      settings.restReadAuthorizer === "cognito" || settings.restWriteAuthorizer === "cognito";
    const usesLambda = settings.restReadAuthorizer === "lambda" || settings.restWriteAuthorizer === "lambda";
    if (settings.jwtIssuer) {
      if (usesCognito) {
        throw new Error(
          `a Cognito authorizer cannot trust the external issuer "${settings.jwtIssuer}": assign "lambda" to reads and writes`,
        );
      }
      this.jwt = { issuer: settings.jwtIssuer, audience: settings.jwtAudience };
    } else {
      this.users = new UserPool(this, "Users", {
        poolName: physical("users"),
        domainPrefix: cognitoDomain(settings, props.cognitoDomainSuffix),
        resourceServer: RESOURCE_SERVER,
        scopeNames: ["write", "admin"],
        callbackUrls: settings.oauthCallbackUrls,
        deletionProtection: settings.deletionProtection,
      });
      this.jwt = { issuer: this.users.issuer, audience: [this.users.client.id] };
    }

    if (usesLambda) {
      this.authorizerFunction = new NodeFunction(this, "Authorizer", {
        entry: "lambdas/authorizer/index.ts",
        functionName: physical("authorizer"),
        description: "REST Lambda authorizer: verifies bearer JWTs, answers with an IAM policy",
        memorySize: settings.lambdaMemoryMb,
        timeoutSeconds: settings.lambdaTimeoutSeconds,
        reservedConcurrency: settings.lambdaReservedConcurrency,
        logRetentionDays: settings.logRetentionDays,
        environment: {
          JWT_ISSUER: this.jwt.issuer,
          JWT_AUDIENCE: this.jwt.audience.join(","),
          ROUTE_SCOPES: JSON.stringify(signedInRouteScopes()),
        },
      });
    }

    this.api = new RestApi(this, "Api", {
      apiName: physical(),
      endpointType: props.endpointType,
      stageName: settings.environment,
      routes,
      functions: this.backend.functions,
      access: { read: settings.restReadAuthorizer, write: settings.restWriteAuthorizer },
      cognitoUserPoolArn: this.users?.pool.arn,
      lambdaAuthorizer: this.authorizerFunction
        ? {
            function: this.authorizerFunction,
            type: settings.restAuthorizerType,
            resultTtlSeconds: settings.restAuthorizerCacheTtl,
          }
        : undefined,
      throttle: { rateLimit: settings.throttleRateLimit, burstLimit: settings.throttleBurstLimit },
      logRetentionDays: settings.logRetentionDays,
      loggingLevel: settings.restLoggingLevel,
      cache: props.cache
        ? { sizeGb: settings.restCacheSizeGb, ttlSeconds: settings.restCacheTtlSeconds }
        : undefined,
      cors:
        settings.corsAllowOrigins.length > 0
          ? { allowOrigins: settings.corsAllowOrigins, allowCredentials: settings.corsAllowCredentials }
          : undefined,
      vpcEndpointIds: props.vpcEndpointIds,
      account: props.account,
    });

    const writes = routes.filter((route) => route.spec.write && route.spec.access !== "public");
    this.usagePlans = new UsagePlans(this, "UsagePlans", {
      restApiId: this.api.api.id,
      stageName: this.api.stage.stage.stageName,
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

    const adminRoutes = routes.filter((route) => route.spec.access === "admin");
    const cachedRoutes = props.cache ? routes.filter(isCacheable) : [];
    this.adminPolicy = new IamPolicy(this, "AdminPolicy", {
      name: physical("admin"),
      description: "Attach to operators: call the AWS_IAM (admin) routes, bypass cached answers",
      policy: policyDocument([
        {
          Sid: "AdminRoutes",
          Effect: "Allow",
          Action: ["execute-api:Invoke"],
          Resource: adminRoutes.map((r) => this.api.methodArn(r)),
        },
        ...(cachedRoutes.length > 0
          ? [
              {
                Sid: "InvalidateCache",
                Effect: "Allow" as const,
                Action: ["execute-api:InvalidateCache"],
                Resource: cachedRoutes.map((r) => this.api.methodArn(r)),
              },
            ]
          : []),
      ]),
    });
  }
}

/** The outputs every REST stack has: URL, ids to look things up with, never a secret. */
export function restServiceOutputs(stack: TerraformStack, service: RestService): void {
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
  new TerraformOutput(stack, "admin_policy_arn", {
    value: service.adminPolicy.arn,
    description: "IAM policy to attach to operators for the AWS_IAM (admin) routes",
  });
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
    new TerraformOutput(stack, "user_pool_id", {
      value: service.users.pool.id,
      description: "Cognito user pool id",
    });
    new TerraformOutput(stack, "user_pool_client_id", {
      value: service.users.client.id,
      description: "Public app client id (no secret): the audience of the API's tokens",
    });
    new TerraformOutput(stack, "sign_in_domain", {
      value: `https://${service.users.domain.domain}.auth.${service.region}.amazoncognito.com`,
      description: "Hosted sign-in (OAuth 2.0 authorization code flow with PKCE)",
    });
  }
}

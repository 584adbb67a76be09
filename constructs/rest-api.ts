import type { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayRestApiPolicy } from "@cdktf/provider-aws/lib/api-gateway-rest-api-policy";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { redeploymentTrigger } from "./deployment-trigger";
import { GatewayResponses } from "./gateway-responses";
import type { CorsSettings } from "./http-api";
import type { NodeFunction } from "./node-function";
import { privateApiPolicy } from "./private-api-policy";
import { type LambdaAuthorizerOptions, type RestAuthorization, RestAuthorizers } from "./rest-authorizers";
import { RestCors } from "./rest-cors";
import { RestModels } from "./rest-models";
import { RestStage } from "./rest-stage";
import {
  type ParsedRouteKey,
  type RouteKey,
  routeArnPath,
  routeConstructId,
  routeEntries,
} from "./route-keys";

export type RestEndpointType = "REGIONAL" | "EDGE" | "PRIVATE";

export interface RestCacheOptions {
  /** Cache cluster size in GB. @default "0.5" */
  readonly sizeGb?: string;
  /** Seconds a cached answer lives. @default 300 */
  readonly ttlSeconds?: number;
}

export interface RestRouteProps {
  /** The function behind the method (a Lambda proxy integration). */
  readonly function: NodeFunction;
  /**
   * What guards the method. Every method but a `none` one also requires an API key (keys identify callers
   * for the usage plans; they never authenticate).
   */
  readonly authorization: RestAuthorization;
  /**
   * OAuth scopes a token must carry, any one of them: API Gateway checks them for `cognito`; for `lambda`
   * they only document what the authorizer function checks itself. Not allowed with `none` or `iam`.
   * @default - none: any valid token
   */
  readonly scopes?: readonly string[];
  /** Name of the request model (a key of `models`) the body must match. @default - the body is not validated */
  readonly body?: string;
}

export interface RestApiProps {
  /** Physical API name. */
  readonly apiName: string;
  /** @default - none */
  readonly description?: string;
  readonly endpointType: RestEndpointType;
  /** Stage name (also the first path segment of the default URL). */
  readonly stageName: string;
  /** The methods, by route key (`GET /items/{id}`); at least one. */
  readonly routes: Readonly<Partial<Record<RouteKey, RestRouteProps>>>;
  /** JSON Schemas (draft 4) of the request bodies, by model name (`body` of a route). @default - none */
  readonly models?: Readonly<Record<string, object>>;
  /** User pool a Cognito authorizer trusts. @default - none: required when a route uses "cognito" */
  readonly cognitoUserPoolArn?: string;
  /** The Lambda authorizer. @default - none: required when a route uses "lambda" */
  readonly lambdaAuthorizer?: LambdaAuthorizerOptions;
  /** Stage-wide throttle of every method. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Retention of the access and execution log groups. */
  readonly logRetentionDays: number;
  /** @default "ERROR" */
  readonly loggingLevel?: "ERROR" | "INFO";
  /**
   * Stage cache: an encrypted cluster, and caching of the GET routes that read one item (path parameters as
   * the cache key, plus the optional `version` query parameter so a writer can read its own write).
   * @default - no cache
   */
  readonly cache?: RestCacheOptions;
  /** @default - no CORS (no preflight methods, no CORS headers on gateway errors) */
  readonly cors?: CorsSettings;
  /**
   * VPC endpoints a PRIVATE API is reached through (associated, and the only ones its policy admits).
   * @default - none: required for PRIVATE, refused for the other endpoint types
   */
  readonly vpcEndpointIds?: readonly string[];
  /** The account-level CloudWatch role, when this stack owns it. @default - owned elsewhere */
  readonly account?: ApiGatewayAccount;
}

const PATH = /^\/[A-Za-z0-9._{}-]+(\/[A-Za-z0-9._{}-]+)*$/;

/**
 * A REST API (API Gateway v1) built from its routes: one resource per path segment, one method per route
 * with a Lambda proxy integration and an invoke permission scoped to that method's ARN; API keys required on
 * every non-public method; the Cognito, Lambda or IAM authorizer each route names; request validation with
 * JSON-schema models; JSON gateway errors; CORS preflight; a PRIVATE endpoint's resource policy; and one
 * deployment whose trigger hashes everything above, then a logged, traced, throttled (and optionally cached)
 * stage. Routes are given up front (no `addRoutes`): the preflight methods, the resource policy and the
 * deployment trigger are made from all of them.
 */
export class RestApi extends Construct {
  readonly api: ApiGatewayRestApi;
  readonly deployment: ApiGatewayDeployment;
  readonly stage: RestStage;
  readonly authorizers: RestAuthorizers;
  readonly models: RestModels;
  readonly methods = new Map<string, ApiGatewayMethod>();
  readonly policy?: ApiGatewayRestApiPolicy;
  /** Invoke URL of the stage. */
  readonly url: string;
  readonly executionArn: string;
  /** The resources the deployment trigger hashes. */
  readonly shapingElements: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    const routes = routeEntries(props.routes);
    validate(props, routes);
    const vpcEndpointIds = props.vpcEndpointIds ? [...props.vpcEndpointIds] : undefined;

    this.api = new ApiGatewayRestApi(this, "Resource", {
      name: props.apiName,
      description: props.description,
      apiKeySource: "HEADER",
      endpointConfiguration: { types: [props.endpointType], vpcEndpointIds },
      lifecycle: { createBeforeDestroy: true },
    });
    this.executionArn = this.api.executionArn;
    const restApiId = this.api.id;
    this.shapingElements.push(this.api);

    this.models = new RestModels(this, "Models", { restApiId, schemas: props.models });
    this.authorizers = new RestAuthorizers(this, "Authorizers", {
      restApiId,
      executionArn: this.api.executionArn,
      used: routes.map((route) => route.props.authorization),
      cognitoUserPoolArn: props.cognitoUserPoolArn,
      lambda: props.lambdaAuthorizer,
    });
    this.shapingElements.push(...this.models.elements, ...this.authorizers.elements);

    const resources = this.resourceTree(routes);
    const cachedPaths: string[] = [];
    for (const route of routes) {
      const fn = route.props.function;
      const resource = resources.get(route.path);
      if (!resource) throw new Error(`route "${route.key}" has no resource`);
      const routeId = routeConstructId(route);
      const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map(
        (match) => `method.request.path.${match[1]}`,
      );
      const cached = props.cache !== undefined && isCacheable(route);
      const cacheKeys = cached ? [...pathParameters, "method.request.querystring.version"] : [];
      const requestParameters = Object.fromEntries([
        ...pathParameters.map((parameter): [string, boolean] => [parameter, true]),
        ...(cached ? [["method.request.querystring.version", false] as [string, boolean]] : []),
      ]);

      const method = new ApiGatewayMethod(this, routeId, {
        restApiId,
        resourceId: resource.id,
        httpMethod: route.method,
        ...this.authorizers.methodAuthorization(route.props.authorization, route.props.scopes),
        // API keys identify the caller for usage plans; they are never the authentication.
        apiKeyRequired: route.props.authorization !== "none",
        requestValidatorId: this.models.validator.id,
        requestModels: this.models.requestModels(route.props.body),
        requestParameters: Object.keys(requestParameters).length > 0 ? requestParameters : undefined,
      });
      const integration = new ApiGatewayIntegration(this, `${routeId}-integration`, {
        restApiId,
        resourceId: resource.id,
        httpMethod: method.httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: fn.invokeArn,
        timeoutMilliseconds: 29_000,
        cacheKeyParameters: cacheKeys.length > 0 ? cacheKeys : undefined,
      });
      fn.grantInvokeFromApiGateway(`invoke-${routeId}`, `${this.api.executionArn}/*/${routeArnPath(route)}`);
      this.methods.set(route.key, method);
      this.shapingElements.push(method, integration);
      // Stage method settings are keyed by the resource path with every "/" written as "~1" (a JSON Pointer
      // escape: the provider patches `/<key>/caching/enabled`), e.g. `~1items~1{id}/GET`.
      if (cached) cachedPaths.push(`${route.path.replaceAll("/", "~1")}/${route.method}`);
    }

    const corsOrigins = props.cors?.allowOrigins ?? [];
    const responses = new GatewayResponses(this, "GatewayResponses", {
      restApiId,
      corsAllowOrigins: corsOrigins,
    });
    this.shapingElements.push(...responses.elements);
    if (corsOrigins.length > 0) {
      const cors = new RestCors(this, "Cors", {
        restApiId,
        allowOrigins: corsOrigins,
        allowCredentials: props.cors?.allowCredentials,
        requestValidatorId: this.models.validator.id,
        resources: [...resources.entries()]
          .filter(([path]) => routes.some((route) => route.path === path))
          .map(([path, resource]) => ({
            id: resource.id,
            key: pathKey(path),
            methods: routes.filter((route) => route.path === path).map((route) => route.method),
          })),
      });
      this.shapingElements.push(...cors.elements);
    }

    if (props.endpointType === "PRIVATE") {
      const openMethodPaths = routes
        .filter((route) => route.props.authorization !== "iam")
        .map((route) => routeArnPath(route));
      if (corsOrigins.length > 0) openMethodPaths.push("OPTIONS/*");
      this.policy = new ApiGatewayRestApiPolicy(this, "Policy", {
        restApiId,
        policy: privateApiPolicy({
          executionArn: this.api.executionArn,
          vpcEndpointIds: vpcEndpointIds ?? [],
          openMethodPaths,
        }),
      });
      this.shapingElements.push(this.policy);
    }

    this.deployment = new ApiGatewayDeployment(this, "Deployment", {
      restApiId,
      description: `Deployment of ${props.apiName}`,
      triggers: { redeployment: redeploymentTrigger(this, this.shapingElements) },
      lifecycle: { createBeforeDestroy: true },
      // Everything the snapshot captures must exist first (a PRIVATE API cannot deploy without its policy).
      dependsOn: this.shapingElements.filter((element) => element !== this.api),
    });

    this.stage = new RestStage(this, "Stage", {
      restApiId,
      deploymentId: this.deployment.id,
      stageName: props.stageName,
      apiName: props.apiName,
      logRetentionDays: props.logRetentionDays,
      throttle: props.throttle,
      loggingLevel: props.loggingLevel,
      account: props.account,
      cache: props.cache
        ? {
            sizeGb: props.cache.sizeGb ?? "0.5",
            ttlSeconds: props.cache.ttlSeconds ?? 300,
            methodPaths: cachedPaths,
          }
        : undefined,
    });
    this.url = this.stage.stage.invokeUrl;
  }

  /** `<stage ARN path>` of a route's method for IAM policies: `<execution arn>/<stage>/<METHOD>/<path>`. */
  methodArn(route: Pick<ParsedRouteKey, "method" | "path">): string {
    return `${this.api.executionArn}/${this.stage.stage.stageName}/${routeArnPath(route)}`;
  }

  /** One API Gateway resource per distinct path prefix of the routes, keyed by path (`/items/{id}`). */
  private resourceTree(routes: readonly ParsedRouteKey[]): Map<string, ApiGatewayResource> {
    const byPath = new Map<string, ApiGatewayResource>();
    const paths = [...new Set(routes.map((route) => route.path))].sort();
    for (const path of paths) {
      const segments = path.split("/").slice(1);
      segments.forEach((segment, index) => {
        const prefix = `/${segments.slice(0, index + 1).join("/")}`;
        if (byPath.has(prefix)) return;
        const parentId =
          index === 0 ? this.api.rootResourceId : byPath.get(`/${segments.slice(0, index).join("/")}`)?.id;
        const resource = new ApiGatewayResource(this, `resource-${pathKey(prefix)}`, {
          restApiId: this.api.id,
          parentId: parentId ?? this.api.rootResourceId,
          pathPart: segment,
        });
        byPath.set(prefix, resource);
        this.shapingElements.push(resource);
      });
    }
    return byPath;
  }
}

/** `/items/{id}` gives `items-id` (construct ids: renaming one recreates the resource). */
function pathKey(path: string): string {
  return path.slice(1).replace(/[{}]/g, "").replace(/\//g, "-");
}

/** GET routes that read one thing (they have a path parameter) are cached; lists and writes never are. */
export function isCacheable(route: Pick<ParsedRouteKey, "method" | "path">): boolean {
  return route.method === "GET" && /\{[^}+]+\}/.test(route.path);
}

function validate(
  props: RestApiProps,
  routes: readonly (ParsedRouteKey & { props: RestRouteProps })[],
): void {
  if (routes.length === 0) throw new Error("routes is empty: a REST API needs at least one route");
  for (const route of routes) {
    if (!PATH.test(route.path) || route.path.includes("+")) {
      throw new Error(
        `route "${route.key}" has an unsupported path: use /segment/{param} segments (no greedy {proxy+})`,
      );
    }
    const { authorization, scopes = [] } = route.props;
    if ((authorization === "none" || authorization === "iam") && scopes.length > 0) {
      throw new Error(
        `route "${route.key}" lists scopes ${JSON.stringify(scopes)} with authorization "${authorization}", which checks no token: drop the scopes or use "cognito" or "lambda"`,
      );
    }
  }
  if (!/^[A-Za-z0-9_]{1,128}$/.test(props.stageName)) {
    throw new Error(`stageName "${props.stageName}" is invalid: use 1-128 letters, digits or underscores`);
  }
  const endpoints = props.vpcEndpointIds ?? [];
  if (props.endpointType === "PRIVATE" && endpoints.length === 0) {
    throw new Error(
      "endpointType PRIVATE needs vpcEndpointIds: give the execute-api VPC endpoint(s) it is reached through",
    );
  }
  if (props.endpointType !== "PRIVATE" && endpoints.length > 0) {
    throw new Error(
      `vpcEndpointIds are only for PRIVATE APIs, not ${props.endpointType}: remove them or make the API PRIVATE`,
    );
  }
  for (const [name, value] of [
    ["throttle.rateLimit", props.throttle.rateLimit],
    ["throttle.burstLimit", props.throttle.burstLimit],
  ] as const) {
    if (!(value > 0)) throw new Error(`${name} ${value} is invalid: use a positive number`);
  }
}

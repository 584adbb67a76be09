import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { accessLogFormat } from "./access-log-format";
import { LogGroup } from "./log-group";
import type { NodeFunction } from "./node-function";
import { type HttpMethod, type RouteKey, routeArnPath, routeConstructId, routeEntries } from "./route-keys";

export interface JwtTrust {
  /** Expected `iss` claim; the authorizer fetches `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Accepted `aud` (ID tokens) or `client_id` (access tokens) values. */
  readonly audience: readonly string[];
}

export interface CorsSettings {
  readonly allowOrigins: readonly string[];
  /** @default false */
  readonly allowCredentials?: boolean;
}

export interface HttpRouteProps {
  /**
   * The function behind the route (a Lambda proxy integration, payload 2.0). Routes of one function share
   * its integration, whose construct id is `<function's construct id>-integration`.
   */
  readonly function: NodeFunction;
  /** `JWT`: a valid token from the API's issuer; `NONE`: a public route. @default "JWT" */
  readonly authorization?: "JWT" | "NONE";
  /** OAuth scopes a token must carry, any one of them (JWT routes only). @default - none: any valid token */
  readonly scopes?: readonly string[];
}

export interface HttpApiProps {
  /** Physical API name. */
  readonly apiName: string;
  /** The routes, by route key (`GET /items/{id}`). @default - none (add them with `addRoutes`) */
  readonly routes?: Readonly<Partial<Record<RouteKey, HttpRouteProps>>>;
  /** Issuer whose JWTs the non-public routes require. */
  readonly jwt: JwtTrust;
  /** @default - no CORS configuration (browsers cannot call the API cross-origin) */
  readonly cors?: CorsSettings;
  /** Stage-wide throttle applied to every route. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Retention of the access log group. */
  readonly logRetentionDays: number;
}

const HEADERS_CLIENTS_SEND = ["authorization", "content-type", "if-match"];
const HEADERS_CLIENTS_READ = ["etag", "location"];

/**
 * An HTTP API (API Gateway v2): one Lambda proxy integration (payload 2.0) per function, one route per
 * entry of `routes` with the JWT authorizer on every non-public route (and the route's scopes), invoke
 * permissions scoped to each route's ARN, and a `$default` stage with auto-deploy, JSON access logs and
 * default route throttling.
 */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly authorizer: Apigatewayv2Authorizer;
  readonly accessLogs: LogGroup;
  /** Base URL of the `$default` stage. */
  readonly url: string;
  private readonly integrations = new Map<NodeFunction, Apigatewayv2Integration>();
  private readonly routeKeys = new Set<string>();
  private readonly methods = new Set<HttpMethod>();

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const cors = props.cors;
    if (cors?.allowCredentials && cors.allowOrigins.includes("*")) {
      throw new Error('cors.allowOrigins contains "*" with allowCredentials: list the exact origins instead');
    }
    if (props.jwt.audience.length === 0) {
      throw new Error("jwt.audience is empty: give at least one client id the issuer's tokens carry");
    }

    this.api = new Apigatewayv2Api(this, "Resource", {
      name: props.apiName,
      protocolType: "HTTP",
      corsConfiguration:
        cors && cors.allowOrigins.length > 0
          ? {
              allowOrigins: [...cors.allowOrigins],
              // Lazy: routes added later count too.
              allowMethods: Lazy.listValue({
                produce: () => [...[...this.methods].sort(), "OPTIONS"],
              }),
              allowHeaders: HEADERS_CLIENTS_SEND,
              exposeHeaders: HEADERS_CLIENTS_READ,
              allowCredentials: cors.allowCredentials ?? false,
              maxAge: 600,
            }
          : undefined,
    });

    this.authorizer = new Apigatewayv2Authorizer(this, "JwtAuthorizer", {
      apiId: this.api.id,
      name: "jwt",
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: { issuer: props.jwt.issuer, audience: [...props.jwt.audience] },
    });
    this.addRoutes(props.routes ?? {});

    this.accessLogs = new LogGroup(this, "AccessLogs", {
      name: `/aws/apigateway/${props.apiName}/access`,
      retentionDays: props.logRetentionDays,
    });
    this.stage = new Apigatewayv2Stage(this, "Stage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: accessLogFormat("http") },
      defaultRouteSettings: {
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        detailedMetricsEnabled: true,
      },
    });
    this.url = this.stage.invokeUrl;
  }

  /** Adds routes (with their integrations and invoke permissions); a key already routed is an error. */
  addRoutes(routes: Readonly<Partial<Record<RouteKey, HttpRouteProps>>>): void {
    for (const route of routeEntries(routes)) {
      if (this.routeKeys.has(route.key)) {
        throw new Error(`route "${route.key}" is defined twice: give each route key one entry`);
      }
      const authorization = route.props.authorization ?? "JWT";
      const scopes = route.props.scopes ?? [];
      if (authorization === "NONE" && scopes.length > 0) {
        throw new Error(
          `route "${route.key}" is public but lists scopes ${JSON.stringify(scopes)}: drop the scopes or use authorization "JWT"`,
        );
      }
      const integration = this.integrationOf(route.props.function);
      const routeId = routeConstructId(route);
      new Apigatewayv2Route(this, routeId, {
        apiId: this.api.id,
        routeKey: route.key,
        target: `integrations/${integration.id}`,
        authorizationType: authorization,
        authorizerId: authorization === "NONE" ? undefined : this.authorizer.id,
        authorizationScopes: scopes.length === 0 ? undefined : [...scopes],
      });
      route.props.function.grantInvokeFromApiGateway(
        `invoke-${routeId}`,
        `${this.api.executionArn}/*/${routeArnPath(route)}`,
      );
      this.routeKeys.add(route.key);
      this.methods.add(route.method);
    }
  }

  /** The function's integration, made on its first route. */
  private integrationOf(fn: NodeFunction): Apigatewayv2Integration {
    const known = this.integrations.get(fn);
    if (known) return known;
    const id = `${fn.node.id}-integration`;
    if (this.node.tryFindChild(id)) {
      throw new Error(
        `two functions have the construct id "${fn.node.id}" (${fn.node.path} and another): integrations are named after it; give them distinct ids`,
      );
    }
    const integration = new Apigatewayv2Integration(this, id, {
      apiId: this.api.id,
      integrationType: "AWS_PROXY",
      integrationUri: fn.invokeArn,
      integrationMethod: "POST",
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: 30_000,
    });
    this.integrations.set(fn, integration);
    return integration;
  }
}

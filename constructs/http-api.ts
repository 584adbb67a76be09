import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Construct } from "constructs";
import { type HandlerId, type ParsedRoute, requiredScopes } from "../api/routes";
import { accessLogFormat } from "./access-log-format";
import { LogGroup } from "./log-group";
import type { NodeFunction } from "./node-function";
import { routeArnPath, routeConstructId } from "./route-ids";

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

export interface HttpApiProps {
  /** Physical API name. */
  readonly apiName: string;
  readonly routes: readonly ParsedRoute[];
  /** The function behind each handler id the routes use. */
  readonly functions: Readonly<Partial<Record<HandlerId, NodeFunction>>>;
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
 * route-table entry with the JWT authorizer on every non-public route (and the route's scopes), invoke
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

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const cors = props.cors;
    if (cors?.allowCredentials && cors.allowOrigins.includes("*")) {
      throw new Error('cors.allowOrigins contains "*" with allowCredentials: list the exact origins instead');
    }
    if (props.jwt.audience.length === 0) {
      throw new Error("jwt.audience is empty: give at least one client id the issuer's tokens carry");
    }

    const methods = [...new Set(props.routes.map((route) => route.method))].sort();
    this.api = new Apigatewayv2Api(this, "Resource", {
      name: props.apiName,
      protocolType: "HTTP",
      corsConfiguration:
        cors && cors.allowOrigins.length > 0
          ? {
              allowOrigins: [...cors.allowOrigins],
              allowMethods: [...methods, "OPTIONS"],
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

    const integrations = new Map<HandlerId, Apigatewayv2Integration>();
    for (const route of props.routes) {
      const fn = props.functions[route.spec.handler];
      if (!fn)
        throw new Error(`route "${route.key}" uses handler "${route.spec.handler}", which has no function`);
      let integration = integrations.get(route.spec.handler);
      if (!integration) {
        integration = new Apigatewayv2Integration(this, `${route.spec.handler}-integration`, {
          apiId: this.api.id,
          integrationType: "AWS_PROXY",
          integrationUri: fn.invokeArn,
          integrationMethod: "POST",
          payloadFormatVersion: "2.0",
          timeoutMilliseconds: 30_000,
        });
        integrations.set(route.spec.handler, integration);
      }
      const isPublic = route.spec.access === "public";
      const scopes = requiredScopes(route.spec);
      const routeId = routeConstructId(route);
      new Apigatewayv2Route(this, routeId, {
        apiId: this.api.id,
        routeKey: route.key,
        target: `integrations/${integration.id}`,
        authorizationType: isPublic ? "NONE" : "JWT",
        authorizerId: isPublic ? undefined : this.authorizer.id,
        authorizationScopes: isPublic || scopes.length === 0 ? undefined : scopes,
      });
      fn.grantInvokeFromApiGateway(`invoke-${routeId}`, `${this.api.executionArn}/*/${routeArnPath(route)}`);
    }

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
}

import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2RouteResponse } from "@cdktf/provider-aws/lib/apigatewayv2-route-response";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { accessLogFormat } from "./access-log-format";
import { LogGroup } from "./log-group";
import type { NodeFunction } from "./node-function";

export interface WebSocketRouteProps {
  /** The function behind the route (Lambda proxy integration). */
  readonly function: NodeFunction;
  /**
   * Send the function's result `body` back to the sender as a frame (a `$default` route response).
   * Not possible on `$connect` and `$disconnect`.
   * @default false (the result is discarded)
   */
  readonly twoWay?: boolean;
}

export interface WebSocketAuthorizerProps {
  /** The Lambda REQUEST authorizer function (it returns an IAM policy for the `$connect` method ARN). */
  readonly function: NodeFunction;
  /**
   * Where the credential comes from; when one is missing, API Gateway answers 401 without invoking.
   * @default ["route.request.querystring.token"] (browsers cannot set headers on a WebSocket handshake)
   */
  readonly identitySources?: readonly string[];
}

export interface WebSocketApiProps {
  /** Physical API name (also names the access log group). */
  readonly apiName: string;
  /** Stage name: the last segment of the `wss://` URL and of the `@connections` endpoint. */
  readonly stageName: string;
  /**
   * Route key to route. `$connect`, `$disconnect` and `$default` are API Gateway's; any other key is matched
   * against the value the route selection expression picks from a frame. Must include `$connect`.
   */
  readonly routes: Readonly<Record<string, WebSocketRouteProps>>;
  /** The authorizer on `$connect`, the only route that can carry one; it covers the whole connection. */
  readonly connectAuthorizer: WebSocketAuthorizerProps;
  /** @default "$request.body.action" */
  readonly routeSelectionExpression?: string;
  /** Default route throttle of the stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Retention of the access and execution log groups, in days. */
  readonly logRetentionDays: number;
  /**
   * Execution logging level (API Gateway's own log of each event, in `API-Gateway-Execution-Logs_<api>/<stage>`).
   * @default "ERROR"
   */
  readonly executionLogLevel?: "ERROR" | "INFO" | "OFF";
  /**
   * The account-level CloudWatch role setting (`aws_api_gateway_account`) when this stack owns it: stage logging
   * fails until it is set, and Terraform cannot infer that order.
   * @default - none: the setting must already exist in the account and region
   */
  readonly accountLogging?: ITerraformDependable;
}

const API_GATEWAY_ROUTE_KEYS = ["$connect", "$disconnect", "$default"];
const CUSTOM_ROUTE_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const IDENTITY_SOURCE = /^route\.request\.(header|querystring)\.[A-Za-z0-9_.-]+$/;
/** API Gateway's ceiling for WebSocket integrations. */
const INTEGRATION_TIMEOUT_MS = 29_000;

/**
 * A WebSocket API (API Gateway v2): one Lambda proxy integration per route, a Lambda REQUEST authorizer on
 * `$connect` only, invoke permissions scoped to each route's ARN (`<execution arn>/<stage>/<route key>`) and
 * to the authorizer's, `$default` route responses where the sender gets an answer, and a named stage with
 * auto-deploy, JSON access logs, execution logs at ERROR and default route throttling.
 *
 * Routes other than `$connect` have `authorization_type = NONE` by necessity: API Gateway accepts an
 * authorizer on `$connect` only, and its decision covers the connection (checkov CKV_AWS_309 and cdk-nag
 * APIG4 flag them anyway; see docs/security-baseline.md, "The reasoned exceptions").
 *
 * Deployment: `auto_deploy` on the stage. The provider documents it as "applicable for HTTP APIs", but it
 * passes the flag to CreateStage for any protocol and API Gateway honours it for WebSocket APIs (AWS CDK's
 * `WebSocketStage` example sets `autoDeploy: true`; terraform-provider-aws#17955 is a WebSocket API that
 * answered 403 until `auto_deploy` was set). An `aws_apigatewayv2_deployment` with triggers would have to
 * list every route, integration, route response and authorizer, and a missed one means a stale stage.
 */
export class WebSocketApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly authorizer: Apigatewayv2Authorizer;
  readonly routes: Readonly<Record<string, Apigatewayv2Route>>;
  readonly accessLogs: LogGroup;
  readonly stageName: string;
  /** `wss://<api-id>.execute-api.<region>.amazonaws.com/<stage>` */
  readonly url: string;
  /** The `@connections` management API of the stage (for pushing from outside a handler). */
  readonly connectionsUrl: string;

  constructor(scope: Construct, id: string, props: WebSocketApiProps) {
    super(scope, id);
    validate(props);
    this.stageName = props.stageName;

    this.api = new Apigatewayv2Api(this, "Resource", {
      name: props.apiName,
      protocolType: "WEBSOCKET",
      routeSelectionExpression: props.routeSelectionExpression ?? "$request.body.action",
    });

    const authorizerFunction = props.connectAuthorizer.function;
    this.authorizer = new Apigatewayv2Authorizer(this, "ConnectAuthorizer", {
      apiId: this.api.id,
      name: "connect",
      authorizerType: "REQUEST",
      authorizerUri: authorizerFunction.invokeArn,
      identitySources: [...(props.connectAuthorizer.identitySources ?? ["route.request.querystring.token"])],
    });
    authorizerFunction.grantInvokeFromApiGateway(
      "invoke-connect-authorizer",
      `${this.api.executionArn}/authorizers/${this.authorizer.id}`,
    );

    const routes: Record<string, Apigatewayv2Route> = {};
    for (const [routeKey, route] of Object.entries(props.routes)) {
      const routeId = webSocketRouteConstructId(routeKey);
      const integration = new Apigatewayv2Integration(this, `${routeId}-integration`, {
        apiId: this.api.id,
        integrationType: "AWS_PROXY",
        integrationMethod: "POST",
        integrationUri: route.function.invokeArn,
        timeoutMilliseconds: INTEGRATION_TIMEOUT_MS,
      });
      const isConnect = routeKey === "$connect";
      routes[routeKey] = new Apigatewayv2Route(this, `${routeId}-route`, {
        apiId: this.api.id,
        routeKey,
        target: `integrations/${integration.id}`,
        authorizationType: isConnect ? "CUSTOM" : "NONE",
        authorizerId: isConnect ? this.authorizer.id : undefined,
        routeResponseSelectionExpression: route.twoWay ? "$default" : undefined,
      });
      if (route.twoWay) {
        new Apigatewayv2RouteResponse(this, `${routeId}-response`, {
          apiId: this.api.id,
          routeId: routes[routeKey].id,
          routeResponseKey: "$default",
        });
      }
      route.function.grantInvokeFromApiGateway(
        `invoke-${routeId}`,
        `${this.api.executionArn}/${props.stageName}/${routeKey}`,
      );
    }
    this.routes = routes;

    this.accessLogs = new LogGroup(this, "AccessLogs", {
      name: `/aws/apigateway/${props.apiName}/access`,
      retentionDays: props.logRetentionDays,
    });
    const executionLogLevel = props.executionLogLevel ?? "ERROR";
    // API Gateway writes execution logs to this group; created here so it has a retention instead of
    // API Gateway creating one that never expires.
    const executionLogs =
      executionLogLevel === "OFF"
        ? undefined
        : new LogGroup(this, "ExecutionLogs", {
            name: `API-Gateway-Execution-Logs_${this.api.id}/${props.stageName}`,
            retentionDays: props.logRetentionDays,
          });

    this.stage = new Apigatewayv2Stage(this, "Stage", {
      apiId: this.api.id,
      name: props.stageName,
      autoDeploy: true,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: accessLogFormat("websocket") },
      defaultRouteSettings: {
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        detailedMetricsEnabled: true,
        loggingLevel: executionLogLevel,
        // Full frames in the logs would leak chat content and tokens.
        dataTraceEnabled: false,
      },
      dependsOn: [
        ...(props.accountLogging ? [props.accountLogging] : []),
        ...(executionLogs ? [executionLogs.resource] : []),
      ],
    });
    this.url = this.stage.invokeUrl;
    // The API endpoint is `wss://<api-id>.execute-api.<region>.amazonaws.com`; @connections is served over https.
    this.connectionsUrl = `${Fn.replace(this.api.apiEndpoint, "wss://", "https://")}/${props.stageName}`;
  }

  /** Lets `fn` push to (and only to) this stage's connections: `POST @connections/*`, nothing else. */
  grantManageConnections(fn: NodeFunction): void {
    fn.addToPolicy({
      Sid: "PushToConnections",
      Effect: "Allow",
      Action: ["execute-api:ManageConnections"],
      Resource: `${this.api.executionArn}/${this.stageName}/POST/@connections/*`,
    });
  }
}

/** A stable construct id for a route key: `$connect` gives `connect`, `sendMessage` gives `sendMessage`. */
export function webSocketRouteConstructId(routeKey: string): string {
  return routeKey.replace(/^\$/, "").replace(/[^A-Za-z0-9_-]/g, "-");
}

function validate(props: WebSocketApiProps): void {
  if (!STAGE_NAME.test(props.stageName)) {
    throw new Error(
      `stageName "${props.stageName}" is invalid: use 1-128 letters, digits, - or _ (a named stage such as "dev")`,
    );
  }
  const keys = Object.keys(props.routes);
  if (!keys.includes("$connect")) {
    throw new Error(
      `routes has no "$connect" (got ${keys.map((key) => `"${key}"`).join(", ") || "none"}): add it, the authorizer can only protect $connect`,
    );
  }
  const ids = new Map<string, string>();
  for (const [routeKey, route] of Object.entries(props.routes)) {
    if (
      routeKey.startsWith("$") ? !API_GATEWAY_ROUTE_KEYS.includes(routeKey) : !CUSTOM_ROUTE_KEY.test(routeKey)
    ) {
      throw new Error(
        `route key "${routeKey}" is invalid: use ${API_GATEWAY_ROUTE_KEYS.join(", ")} or 1-128 letters, digits and _ . : -`,
      );
    }
    if (route.twoWay && (routeKey === "$connect" || routeKey === "$disconnect")) {
      throw new Error(
        `route "${routeKey}" cannot be twoWay: API Gateway sends no route response on ${routeKey}`,
      );
    }
    const id = webSocketRouteConstructId(routeKey);
    const clash = ids.get(id);
    if (clash)
      throw new Error(
        `route keys "${clash}" and "${routeKey}" map to the same construct id "${id}": rename one`,
      );
    ids.set(id, routeKey);
  }
  for (const source of props.connectAuthorizer.identitySources ?? []) {
    if (!IDENTITY_SOURCE.test(source)) {
      throw new Error(
        `identity source "${source}" is invalid: use route.request.header.<Name> or route.request.querystring.<name>`,
      );
    }
  }
}

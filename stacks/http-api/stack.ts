import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { RESOURCE_SERVER, requiredScopes, routeList } from "../../api/routes";
import { name } from "../../config/names";
import type { CoreSettings } from "../../config/settings";
import { HttpApi, type HttpRouteProps } from "../../constructs/http-api";
import type { RouteKey } from "../../constructs/route-keys";
import { awsProvider } from "../aws-provider";
import { identity, userPoolOutputs } from "../identity";
import { routeBackend } from "../route-backend";

export const HTTP_API_STACK_ID = "http-api";

/** `http-api`: the route table on an HTTP API with a JWT authorizer (Cognito by default), CORS and throttling. */
export class HttpApiStack extends TerraformStack {
  static readonly id = HTTP_API_STACK_ID;

  constructor(scope: Construct, settings: CoreSettings) {
    super(scope, HTTP_API_STACK_ID);
    awsProvider(this, HTTP_API_STACK_ID, settings);
    const backend = routeBackend(this, HTTP_API_STACK_ID, settings);

    const { jwt, users } = identity(this, settings, {
      stackId: HTTP_API_STACK_ID,
      domainSuffix: "http",
      resourceServer: RESOURCE_SERVER,
      scopeNames: ["write", "admin"],
    });
    if (users) {
      userPoolOutputs(
        this,
        users,
        settings.region,
        "Public app client id (no secret): the audience of the API's tokens",
      );
    }

    const routes: Partial<Record<RouteKey, HttpRouteProps>> = {};
    for (const route of routeList()) {
      routes[route.key] = {
        function: backend.functionOf(route.spec.handler),
        authorization: route.spec.access === "public" ? "NONE" : "JWT",
        scopes: requiredScopes(route.spec),
      };
    }
    const api = new HttpApi(this, "Api", {
      apiName: name(settings, HTTP_API_STACK_ID),
      routes,
      jwt,
      cors: { allowOrigins: settings.corsAllowOrigins, allowCredentials: settings.corsAllowCredentials },
      throttle: { rateLimit: settings.throttleRateLimit, burstLimit: settings.throttleBurstLimit },
      logRetentionDays: settings.logRetentionDays,
    });

    new TerraformOutput(this, "api_url", { value: api.url, description: "Base URL of the API" });
    new TerraformOutput(this, "jwt_issuer", { value: jwt.issuer, description: "Issuer the API trusts" });
    new TerraformOutput(this, "items_table", {
      value: backend.itemsTable.name,
      description: "DynamoDB table",
    });
  }
}

import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { RESOURCE_SERVER, routeList } from "../../api/routes";
import { cognitoDomain, name } from "../../config/names";
import type { Settings } from "../../config/settings";
import { awsProvider } from "../../constructs/aws-provider";
import { HttpApi, type JwtTrust } from "../../constructs/http-api";
import { RouteFunctions } from "../../constructs/route-functions";
import { StandaloneStack } from "../../constructs/standalone-stack";
import { UserPool } from "../../constructs/user-pool";

export const HTTP_API_STACK_ID = "http-api";

/** `http-api`: the route table on an HTTP API with a JWT authorizer (Cognito by default), CORS and throttling. */
export class HttpApiStack extends StandaloneStack {
  static readonly id = HTTP_API_STACK_ID;

  constructor(scope: Construct, settings: Settings) {
    super(scope, HTTP_API_STACK_ID);
    awsProvider(this, HTTP_API_STACK_ID, settings);
    const routes = routeList();
    const backend = new RouteFunctions(this, "Functions", { settings, stackId: HTTP_API_STACK_ID, routes });

    let jwt: JwtTrust;
    if (settings.jwtIssuer) {
      jwt = { issuer: settings.jwtIssuer, audience: settings.jwtAudience };
    } else {
      const users = new UserPool(this, "Users", {
        poolName: name(settings, HTTP_API_STACK_ID, "users"),
        domainPrefix: cognitoDomain(settings, "http"),
        resourceServer: RESOURCE_SERVER,
        scopeNames: ["write", "admin"],
        callbackUrls: settings.oauthCallbackUrls,
        deletionProtection: settings.deletionProtection,
      });
      jwt = { issuer: users.issuer, audience: [users.client.id] };
      new TerraformOutput(this, "user_pool_id", {
        value: users.pool.id,
        description: "Cognito user pool id",
      });
      new TerraformOutput(this, "user_pool_client_id", {
        value: users.client.id,
        description: "Public app client id (no secret): the audience of the API's tokens",
      });
      new TerraformOutput(this, "sign_in_domain", {
        value: `https://${users.domain.domain}.auth.${settings.region}.amazoncognito.com`,
        description: "Hosted sign-in (OAuth 2.0 authorization code flow with PKCE)",
      });
    }

    const api = new HttpApi(this, "Api", {
      apiName: name(settings, HTTP_API_STACK_ID),
      routes,
      functions: backend.functions,
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

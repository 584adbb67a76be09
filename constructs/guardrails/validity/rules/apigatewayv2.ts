/**
 * HTTP and WebSocket API resources (aws_apigatewayv2_*): the provider's validators and the AWS API model, rule by
 * rule with the source of each. The apigatewayv2 model states most limits in its shape names
 * (`StringWithLengthBetween1And128`) rather than in min/max; the developer guide's quota tables and route and
 * selection-expression pages give the rest.
 */
import { all, between, type Constraint, count, length, oneOf, pattern } from "../constraints";
import { attributes, type BlockRule, type ValidityRule } from "../rule";
import { validArn } from "./iam";

/** Methods an HTTP API route, integration or CORS configuration names (the provider's `validHTTPMethod()`). */
const HTTP_METHODS = ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;

/**
 * A route key: `$default`, `$connect` or `$disconnect`; an HTTP API's `METHOD /path` (path variables in braces,
 * a greedy `{name+}` only as the last segment); or a WebSocket custom key (no white space, not starting with $,
 * which is reserved for the predefined routes).
 */
const ROUTE_KEY = new RegExp(
  [
    "^(",
    "\\$default|\\$connect|\\$disconnect",
    `|(${HTTP_METHODS.join("|")}) /(([^/\\s{}]+|\\{[^/\\s{}+]+\\})(/([^/\\s{}]+|\\{[^/\\s{}+]+\\}))*(/\\{[^/\\s{}+]+\\+\\})?|\\{[^/\\s{}+]+\\+\\})?`,
    "|[^$\\s]\\S*",
    ")$",
  ].join(""),
);

/** An identity source: `$request.header.X` / `$request.querystring.x` / `$context.x` / `$stageVariables.x` (HTTP), `route.request.(header|querystring).x` / `stageVariables.x` / `context.x` (WebSocket). */
const IDENTITY_SOURCE =
  /^(\$request\.(header|querystring)\.\S+|\$context\.\S+|\$stageVariables\.\S+|route\.request\.(header|querystring)\.\S+|stageVariables\.\S+|context\.\S+)$/;

/** A CORS origin: `*`, `http://*`, `https://*`, or scheme://host[:port] with no path (what a browser sends). */
const CORS_ORIGIN = /^(\*|https?:\/\/\*|[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+)$/;

/** An HTTP header name (RFC 9110 token) or `*`. */
const HEADER_NAME = /^(\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+)$/;

const requestIdInFormat: Constraint = {
  describe: "a format that includes $context.requestId",
  test: (value) => typeof value === "string" && value.includes("$context.requestId"),
};

const present = (block: Readonly<Record<string, unknown>>, key: string) =>
  block[key] !== undefined && block[key] !== null;

/** The first item of a nested block written as an object or a one-item list. */
const nested = (value: unknown): Record<string, unknown> | undefined => {
  const item = Array.isArray(value) ? value[0] : value;
  return item !== null && typeof item === "object" ? (item as Record<string, unknown>) : undefined;
};

const authorizerShape: BlockRule = {
  kind: "block",
  type: "aws_apigatewayv2_authorizer",
  block: "",
  name: "JWT: jwt_configuration and exactly one identity source; REQUEST: authorizer_uri",
  source: {
    api: "apigatewayv2 2018-11-29 CreateAuthorizerRequest: JwtConfiguration 'Required for the JWT authorizer type', IdentitySource 'For JWT, a single entry', AuthorizerUri 'For REQUEST authorizers, this must be a well-formed Lambda function URI'",
  },
  bad: { authorizer_type: "JWT", jwt_configuration: undefined },
  check: (block) => {
    if (block.authorizer_type === "JWT") {
      const sources = Array.isArray(block.identity_sources) ? block.identity_sources : [];
      if (!nested(block.jwt_configuration)) return "a JWT authorizer has no jwt_configuration";
      if (sources.length !== 1)
        return `a JWT authorizer takes exactly one identity source, not ${sources.length}`;
    }
    if (block.authorizer_type === "REQUEST" && !present(block, "authorizer_uri")) {
      return "a REQUEST authorizer has no authorizer_uri (the Lambda function's invoke ARN)";
    }
    return undefined;
  },
};

const corsCredentials: BlockRule = {
  kind: "block",
  type: "aws_apigatewayv2_api",
  block: "cors_configuration",
  name: "allow_credentials with an allow_origins of *",
  source: {
    api: "apigatewayv2 2018-11-29 CreateApi CorsConfiguration: BadRequestException 'allow-credentials is not supported if allow-origin is *' (recorded in aws/aws-cdk#9076)",
  },
  bad: { allow_credentials: true, allow_origins: ["*"] },
  fix: "list the exact origins (APIGW_CORS_ORIGINS) or turn APIGW_CORS_CREDENTIALS off",
  check: (block) =>
    block.allow_credentials === true &&
    Array.isArray(block.allow_origins) &&
    block.allow_origins.includes("*")
      ? "allow_credentials is true while allow_origins contains *"
      : undefined,
};

export const apigatewayv2Rules: ValidityRule[] = [
  ...attributes("aws_apigatewayv2_api", [
    {
      attribute: "name",
      constraint: length(1, 128),
      source: {
        provider: "internal/service/apigatewayv2/api.go: name validation.StringLenBetween(1, 128)",
        api: "apigatewayv2 2018-11-29 CreateApiRequest.Name (StringWithLengthBetween1And128)",
      },
      bad: "x".repeat(129),
    },
    {
      attribute: "protocol_type",
      constraint: oneOf(["HTTP", "WEBSOCKET"]),
      source: {
        provider:
          "internal/service/apigatewayv2/api.go: protocol_type enum.Validate[awstypes.ProtocolType]()",
        api: "apigatewayv2 2018-11-29 ProtocolType enum",
      },
      bad: "REST",
    },
    {
      attribute: "route_selection_expression",
      constraint: pattern(
        /^(\$request\.method \$request\.path|\$request\.body\.[A-Za-z0-9_$.[\]*-]+)$/,
        "$request.method $request.path (HTTP) or $request.body.<path> (WebSocket)",
      ),
      source: {
        api: "apigatewayv2 2018-11-29 CreateApiRequest.RouteSelectionExpression (HTTP: the method and path); API Gateway Developer Guide, WebSocket selection expressions: 'of the form $request.body.{path_to_body_element}'",
      },
      bad: "action",
    },
    {
      attribute: "cors_configuration.allow_origins",
      each: true,
      constraint: pattern(
        CORS_ORIGIN,
        "an origin: scheme://host[:port] without a path, or *, http://*, https://*",
      ),
      source: {
        api: "API Gateway Developer Guide, Configuring CORS for an HTTP API: allowOrigins values https://www.example.com, *, https://*, http://*",
      },
      bad: "https://app.example.com/",
      fix: "set APIGW_CORS_ORIGINS to origins without a path or trailing slash",
    },
    {
      attribute: "cors_configuration.allow_methods",
      each: true,
      constraint: oneOf(["*", ...HTTP_METHODS.filter((method) => method !== "ANY")]),
      source: {
        api: "apigatewayv2 2018-11-29 Cors.AllowMethods (StringWithLengthBetween1And64); API Gateway Developer Guide, Configuring CORS for an HTTP API: HTTP methods or *",
      },
      bad: "get",
    },
    {
      attribute: "cors_configuration.allow_headers",
      each: true,
      constraint: pattern(HEADER_NAME, "a header name or *"),
      source: {
        api: "API Gateway Developer Guide, Configuring CORS for an HTTP API: allowHeaders header names or *",
      },
      bad: "content type",
    },
    {
      attribute: "cors_configuration.expose_headers",
      each: true,
      constraint: pattern(HEADER_NAME, "a header name or *"),
      source: {
        api: "API Gateway Developer Guide, Configuring CORS for an HTTP API: exposeHeaders header names",
      },
      bad: "e tag",
    },
    {
      attribute: "cors_configuration.max_age",
      constraint: between(-1, 86_400),
      source: { api: "apigatewayv2 2018-11-29 Cors.MaxAge (IntegerWithLengthBetweenMinus1And86400)" },
      bad: 86_401,
    },
  ]),
  corsCredentials,

  ...attributes("aws_apigatewayv2_authorizer", [
    {
      attribute: "name",
      constraint: length(1, 128),
      source: {
        provider: "internal/service/apigatewayv2/authorizer.go: name validation.StringLenBetween(1, 128)",
        api: "apigatewayv2 2018-11-29 CreateAuthorizerRequest.Name (StringWithLengthBetween1And128)",
      },
      bad: "",
    },
    {
      attribute: "authorizer_type",
      constraint: oneOf(["REQUEST", "JWT"]),
      source: {
        provider:
          "internal/service/apigatewayv2/authorizer.go: authorizer_type enum.Validate[awstypes.AuthorizerType]()",
        api: "apigatewayv2 2018-11-29 AuthorizerType enum",
      },
      bad: "TOKEN",
    },
    {
      attribute: "identity_sources",
      each: true,
      constraint: pattern(
        IDENTITY_SOURCE,
        "a mapping expression: $request.header.<name> / $request.querystring.<name> (HTTP) or route.request.header.<name> / route.request.querystring.<name> (WebSocket)",
      ),
      source: {
        api: "apigatewayv2 2018-11-29 CreateAuthorizerRequest.IdentitySource: route.request.* for WebSocket APIs, $request.* for HTTP APIs",
      },
      bad: "Authorization",
    },
    {
      attribute: "authorizer_uri",
      constraint: length(1, 2048),
      source: {
        provider:
          "internal/service/apigatewayv2/authorizer.go: authorizer_uri validation.StringLenBetween(1, 2048)",
        api: "apigatewayv2 2018-11-29 CreateAuthorizerRequest.AuthorizerUri (UriWithLengthBetween1And2048)",
      },
      bad: "",
    },
    {
      attribute: "jwt_configuration.audience",
      constraint: count(1, 50),
      source: {
        api: "apigatewayv2 2018-11-29 JWTConfiguration.Audience ('a valid JWT must provide an aud that matches at least one entry'); API Gateway Developer Guide, HTTP API quotas: audiences per authorizer 50",
      },
      bad: [],
    },
    {
      attribute: "jwt_configuration.issuer",
      constraint: length(1, 2048),
      source: { api: "apigatewayv2 2018-11-29 JWTConfiguration.Issuer (UriWithLengthBetween1And2048)" },
      bad: `https://${"i".repeat(2048)}`,
      fix: "shorten APIGW_JWT_ISSUER",
    },
  ]),
  authorizerShape,

  ...attributes("aws_apigatewayv2_integration", [
    {
      attribute: "integration_type",
      constraint: oneOf(["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]),
      source: {
        provider:
          "internal/service/apigatewayv2/integration.go: integration_type enum.Validate[awstypes.IntegrationType]()",
        api: "apigatewayv2 2018-11-29 IntegrationType enum",
      },
      bad: "LAMBDA",
    },
    {
      attribute: "integration_method",
      constraint: oneOf(HTTP_METHODS),
      source: {
        provider: "internal/service/apigatewayv2/integration.go: integration_method validHTTPMethod()",
        api: "apigatewayv2 2018-11-29 CreateIntegrationRequest.IntegrationMethod (StringWithLengthBetween1And64)",
      },
      bad: "post",
    },
    {
      attribute: "payload_format_version",
      constraint: oneOf(["1.0", "2.0"]),
      source: {
        provider:
          'internal/service/apigatewayv2/integration.go: payload_format_version StringInSlice("1.0", "2.0")',
        api: "apigatewayv2 2018-11-29 CreateIntegrationRequest.PayloadFormatVersion: 1.0 and 2.0 for Lambda proxy integrations",
      },
      bad: "2",
    },
    {
      attribute: "timeout_milliseconds",
      constraint: between(50, 30_000),
      source: {
        api: "apigatewayv2 2018-11-29 CreateIntegrationRequest.TimeoutInMillis (IntegerWithLengthBetween50And30000; WebSocket APIs at most 29,000)",
      },
      bad: 30_001,
    },
    {
      attribute: "integration_uri",
      constraint: length(1, 2048),
      source: {
        api: "apigatewayv2 2018-11-29 CreateIntegrationRequest.IntegrationUri (UriWithLengthBetween1And2048)",
      },
      bad: "",
    },
  ]),

  ...attributes("aws_apigatewayv2_route", [
    {
      attribute: "route_key",
      constraint: pattern(
        ROUTE_KEY,
        "$default, $connect, $disconnect, 'METHOD /path' (variables in braces, {name+} last) or a WebSocket key without spaces",
      ),
      source: {
        api: "API Gateway Developer Guide, Create routes for HTTP APIs (HTTP method and resource path; greedy path variable at the end) and Create routes for WebSocket APIs ($connect, $disconnect, $default, custom keys)",
      },
      bad: "GET items/{id}",
    },
    {
      attribute: "authorization_type",
      constraint: oneOf(["NONE", "AWS_IAM", "CUSTOM", "JWT"]),
      source: {
        provider:
          "internal/service/apigatewayv2/route.go: authorization_type enum.Validate[awstypes.AuthorizationType]()",
        api: "apigatewayv2 2018-11-29 AuthorizationType enum",
      },
      bad: "COGNITO_USER_POOLS",
    },
    {
      attribute: "authorization_scopes",
      constraint: count(0, 10),
      source: { api: "API Gateway Developer Guide, HTTP API quotas: scopes per route 10" },
      bad: Array.from({ length: 11 }, (_, i) => `items/scope${i}`),
    },
    {
      attribute: "authorization_scopes",
      each: true,
      constraint: length(1, 64),
      source: { api: "apigatewayv2 2018-11-29 AuthorizationScopes members (StringWithLengthBetween1And64)" },
      bad: `items/${"s".repeat(64)}`,
    },
    {
      attribute: "target",
      constraint: length(1, 128),
      source: {
        provider: "internal/service/apigatewayv2/route.go: target validation.StringLenBetween(1, 128)",
        api: "apigatewayv2 2018-11-29 CreateRouteRequest.Target (StringWithLengthBetween1And128)",
      },
      bad: `integrations/${"i".repeat(128)}`,
    },
    {
      attribute: "route_response_selection_expression",
      constraint: oneOf(["$default"]),
      source: {
        api: "API Gateway Developer Guide, WebSocket selection expressions: route response selection 'currently only the $default key is supported'",
      },
      bad: "$request.body.action",
    },
  ]),

  ...attributes("aws_apigatewayv2_route_response", [
    {
      attribute: "route_response_key",
      constraint: oneOf(["$default"]),
      source: {
        api: "API Gateway Developer Guide, Set up route responses for WebSocket APIs: only the $default route response can be defined",
      },
      bad: "200",
    },
  ]),

  ...attributes("aws_apigatewayv2_stage", [
    {
      attribute: "name",
      constraint: all(
        length(1, 128),
        pattern(/^(\$default|[A-Za-z0-9_-]+)$/, "letters, digits, - and _, or $default"),
      ),
      source: {
        provider: "internal/service/apigatewayv2/stage.go: name validation.StringLenBetween(1, 128)",
        api: "apigatewayv2 2018-11-29 API Reference, Stage stageName: alphanumerics, hyphens and underscores, or $default; at most 128",
      },
      bad: "dev.1",
    },
    {
      attribute: "access_log_settings.format",
      constraint: all(length(1, 3072), requestIdInFormat),
      source: {
        api: "apigatewayv2 2018-11-29 AccessLogSettings.Format ('must include at least $context.requestId'); API Gateway Developer Guide, HTTP API and WebSocket API quotas: access log template size 3 KB",
      },
      bad: '{"ip":"$context.identity.sourceIp"}',
    },
    {
      attribute: "access_log_settings.destination_arn",
      constraint: validArn,
      source: {
        provider:
          "internal/service/apigatewayv2/stage.go: access_log_settings.destination_arn verify.ValidARN",
      },
      bad: "/aws/apigateway/access",
    },
    {
      attribute: "default_route_settings.logging_level",
      constraint: oneOf(["ERROR", "INFO", "OFF"]),
      source: {
        provider:
          "internal/service/apigatewayv2/stage.go: default_route_settings.logging_level enum.Validate[awstypes.LoggingLevel]()",
        api: "apigatewayv2 2018-11-29 LoggingLevel enum",
      },
      bad: "DEBUG",
    },
  ]),
];

/**
 * JSON access-log formats (one JSON object per request), built from API Gateway's `$context` variables.
 * The variables differ between REST, HTTP and WebSocket APIs, so each variant gets the ones it supports.
 */

const common = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  errorMessage: "$context.error.message",
};

const byVariant = {
  http: {
    ...common,
    method: "$context.httpMethod",
    path: "$context.path",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
  },
  rest: {
    ...common,
    routeKey: undefined,
    method: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    path: "$context.path",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    apiKeyId: "$context.identity.apiKeyId",
    wafResponse: "$context.waf.status",
    user: "$context.authorizer.principalId",
  },
  websocket: {
    ...common,
    // The WebSocket variable list has `$context.integration.error` (documented as equivalent to
    // `integrationErrorMessage`, which that list omits); API Gateway rejects a stage whose format uses a
    // variable the API type does not support.
    integrationError: "$context.integration.error",
    connectionId: "$context.connectionId",
    eventType: "$context.eventType",
    messageId: "$context.messageId",
  },
} as const;

export function accessLogFormat(variant: keyof typeof byVariant): string {
  return JSON.stringify(byVariant[variant]);
}

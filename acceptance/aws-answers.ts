/**
 * What API Gateway itself answers when a caller gets something wrong, as AWS documents or recorded it. The
 * acceptance cases expect exactly these, on AWS and on the local gateway alike. Bodies are compared by their
 * `message`: the REST stacks' DEFAULT_4XX template adds a `requestId` next to it.
 */

export interface GatewayAnswer {
  readonly status: number;
  readonly message: string;
}

/**
 * REST, a method with `apiKeyRequired` called without a key, or with one that is unknown or in no usage plan
 * of the stage: gateway response INVALID_API_KEY. Status: AWS docs "Gateway response types for API Gateway"
 * (supported-gateway-response-types, INVALID_API_KEY 403) and LocalStack's AWS-validated
 * test_apigateway_common.py::TestUsagePlans::test_api_key_required_for_methods (403 without the header);
 * message "Forbidden": LocalStack next_gen/execute_api/gateway_response.py (InvalidAPIKeyError).
 */
export const INVALID_API_KEY: GatewayAnswer = { status: 403, message: "Forbidden" };

/**
 * A JWT, Cognito or Lambda TOKEN authorizer refusing the caller (no Authorization header, a token that fails
 * verification, or a Lambda authorizer throwing "Unauthorized"). HTTP API: AWS docs "Troubleshooting issues
 * with HTTP API JWT authorizers" (`401 {"message":"Unauthorized"}`, captured). REST: gateway response
 * UNAUTHORIZED, 401 (supported-gateway-response-types), message as in the HTTP API capture.
 */
export const UNAUTHORIZED: GatewayAnswer = { status: 401, message: "Unauthorized" };

/**
 * REST, an AWS_IAM method called without a SigV4 signature: gateway response MISSING_AUTHENTICATION_TOKEN,
 * 403 (supported-gateway-response-types); AWS Knowledge Center "api-gateway-authentication-token-errors"
 * lists "the request is not signed when IAM authentication is turned on" as a cause of this message.
 */
export const MISSING_AUTHENTICATION_TOKEN: GatewayAnswer = {
  status: 403,
  message: "Missing Authentication Token",
};

/**
 * REST, a body that breaks the method's request model under a body-validating request validator: gateway
 * response BAD_REQUEST_BODY. LocalStack's AWS-validated snapshot
 * test_apigateway_common.snapshot.json::test_api_gateway_request_validator records
 * `"invalid-request-body": {"message": "Invalid request body"}` (status 400 per supported-gateway-response-types).
 */
export const INVALID_REQUEST_BODY: GatewayAnswer = { status: 400, message: "Invalid request body" };

/**
 * WebSocket `$connect` with a Lambda REQUEST authorizer whose identity source (the `token` query parameter) is
 * missing: the authorizer is not invoked and the handshake gets 401. botocore apigatewayv2 service model,
 * Authorizer.IdentitySource ("Otherwise, it returns a 401 Unauthorized response without calling the Lambda
 * function").
 */
export const HANDSHAKE_WITHOUT_TOKEN = 401;

/**
 * WebSocket `$connect` whose Lambda authorizer answers with an explicit Deny: 403. AWS docs
 * "Control access to WebSocket APIs with AWS Lambda REQUEST authorizers" (the authorizer works as for REST
 * APIs, where a Deny policy is gateway response ACCESS_DENIED, 403).
 */
export const HANDSHAKE_DENIED = 403;

/**
 * HTTP API gateway responses (docs/gateway-behavior.md §7.2): `{"message": ...}` with the status's text, and the
 * headers the refusal carries (a JWT challenge). Unlike REST, HTTP APIs have no customizable gateway responses.
 */
import { messageBody } from "../http/respond";
import type { Reply } from "../pipeline/context";
import type { ErrorType, GatewayError } from "../pipeline/errors";

const STATUS: Record<ErrorType, number> = {
  UNKNOWN_STAGE: 404,
  MISSING_AUTHENTICATION_TOKEN: 404,
  INVALID_API_KEY: 403,
  ACCESS_DENIED: 403,
  UNAUTHORIZED: 401,
  AUTHORIZER_CONFIGURATION_ERROR: 500,
  AUTHORIZER_FAILURE: 500,
  THROTTLED: 429,
  QUOTA_EXCEEDED: 429,
  BAD_REQUEST_PARAMETERS: 400,
  BAD_REQUEST_BODY: 400,
  INVALID_SIGNATURE: 403,
  EXPIRED_TOKEN: 403,
  BODY_TOO_LARGE: 413,
  REQUEST_TOO_LARGE: 413,
  INTEGRATION_FAILURE: 500,
  INTEGRATION_TIMEOUT: 503,
  API_CONFIGURATION_ERROR: 500,
  CONNECT_REFUSED: 500,
};

/** The messages HTTP APIs write (capital letters, unlike REST's `Internal server error`). */
const MESSAGES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function renderHttpError(error: GatewayError): Reply {
  const status = error.detail.status ?? STATUS[error.type];
  return {
    status,
    headers: ["content-type", "application/json", ...(error.detail.headers ?? [])],
    body: messageBody(MESSAGES[status] ?? "Internal Server Error"),
  };
}

export function internalHttpError(): Reply {
  return { status: 500, headers: ["content-type", "application/json"], body: messageBody(MESSAGES[500]) };
}

/**
 * WebSocket gateway responses in one place (docs/gateway-behavior.md §3, §3.5, §8.9): a refused handshake's
 * status and body, the frame a message gets when the gateway answers it, and the `@connections` answers with
 * their AWS error types.
 */

import { messageBody } from "../http/respond";
import { SIGNATURE_MISMATCH } from "../iam";
import type { Reply } from "../pipeline/context";
import type { ErrorType, GatewayError } from "../pipeline/errors";

/** A refused handshake: status and body. */
export function handshakeRefusal(error: GatewayError): { readonly status: number; readonly body: string } {
  const { detail } = error;
  if (error.type === "CONNECT_REFUSED") return { status: detail.status ?? 502, body: detail.body ?? "" };
  switch (error.type) {
    case "UNAUTHORIZED":
      return { status: 401, body: messageBody("Unauthorized") };
    case "UNKNOWN_STAGE":
    case "ACCESS_DENIED":
    case "INVALID_API_KEY":
    case "MISSING_AUTHENTICATION_TOKEN":
      return { status: 403, body: messageBody("Forbidden") };
    case "THROTTLED":
    case "QUOTA_EXCEEDED":
      return { status: 429, body: messageBody("Too Many Requests") };
    case "INTEGRATION_TIMEOUT":
      return { status: 504, body: messageBody("Endpoint request timed out") };
    case "INTEGRATION_FAILURE":
      return { status: 502, body: messageBody("Internal server error") };
    default:
      return { status: 500, body: messageBody("Internal server error") };
  }
}

/** The frame text and the log status of a message the gateway answers itself (§3.3, §8.9). */
export function messageRefusal(error: GatewayError): { readonly status: number; readonly message: string } {
  switch (error.type) {
    case "MISSING_AUTHENTICATION_TOKEN":
      return { status: 403, message: "Forbidden" };
    case "THROTTLED":
      return { status: 429, message: "Too Many Requests" };
    case "INTEGRATION_TIMEOUT":
      return { status: 504, message: "Endpoint request timed out" };
    default:
      return { status: 500, message: "Internal server error" };
  }
}

/** `@connections` answers: status, AWS error type, message (§3.5; signature answers as captured, §4.3). */
const MANAGEMENT: Partial<Record<ErrorType, readonly [number, string, string]>> = {
  MISSING_AUTHENTICATION_TOKEN: [403, "MissingAuthenticationTokenException", "Missing Authentication Token"],
  UNAUTHORIZED: [
    403,
    "UnrecognizedClientException",
    "The security token included in the request is invalid.",
  ],
  EXPIRED_TOKEN: [403, "InvalidSignatureException", "Signature expired"],
  INVALID_SIGNATURE: [403, "InvalidSignatureException", SIGNATURE_MISMATCH],
  BAD_REQUEST_PARAMETERS: [400, "BadRequestException", "Invalid connectionId"],
  BODY_TOO_LARGE: [413, "PayloadTooLargeException", "Request entity too large"],
  ACCESS_DENIED: [403, "ForbiddenException", "Forbidden"],
};

export function managementError(error: GatewayError): Reply {
  const [status, type, message] = MANAGEMENT[error.type] ?? [
    500,
    "InternalServerErrorException",
    "Internal server error",
  ];
  return { status, headers: ["x-amzn-ErrorType", type], body: messageBody(message) };
}

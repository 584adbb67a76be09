/**
 * The one error a request phase throws when the gateway answers the request itself: the kind of refusal (named
 * after API Gateway's gateway response types, docs/gateway-behavior.md §7), a note for the request log, and
 * what the variant's renderer may need. Each variant turns it into its own answer in one place
 * (`rest/gateway-responses.ts`, `http-api/errors.ts`, `websocket/errors.ts`).
 */

export type ErrorType =
  /** The first path segment names no stage (REST 403, HTTP API 404, WebSocket 403). */
  | "UNKNOWN_STAGE"
  /** No resource, method or route: REST `Missing Authentication Token`, HTTP API 404, WebSocket `Forbidden`. */
  | "MISSING_AUTHENTICATION_TOKEN"
  | "INVALID_API_KEY"
  | "ACCESS_DENIED"
  | "UNAUTHORIZED"
  | "AUTHORIZER_CONFIGURATION_ERROR"
  | "AUTHORIZER_FAILURE"
  | "THROTTLED"
  | "QUOTA_EXCEEDED"
  | "BAD_REQUEST_PARAMETERS"
  | "BAD_REQUEST_BODY"
  | "INVALID_SIGNATURE"
  | "EXPIRED_TOKEN"
  /** The request body is over the variant's limit (10 MB, 128 KB for `@connections`). */
  | "BODY_TOO_LARGE"
  /** The event is over Lambda's 6 MB invocation limit. */
  | "REQUEST_TOO_LARGE"
  | "INTEGRATION_FAILURE"
  | "INTEGRATION_TIMEOUT"
  /** The API as synthesized cannot serve the request (no function behind it, an unsupported type). */
  | "API_CONFIGURATION_ERROR"
  /** A WebSocket `$connect` integration answered outside 2xx: the handshake is refused with its status. */
  | "CONNECT_REFUSED";

export interface ErrorDetail {
  /** Replaces the type's default message (`null` writes `"message": null`). */
  readonly message?: string | null;
  /** The body's key (`message`, or `Message` for some REST denials). */
  readonly key?: string;
  /** Headers this refusal carries (`www-authenticate`...), flat `[name, value...]`. */
  readonly headers?: readonly string[];
  /** Replaces the type's default status (an option's choice, a `$connect` result's status). */
  readonly status?: number;
  /** Replaces the whole body (a `$connect` result's body). */
  readonly body?: string;
  /** REST `$context.error.validationErrorString`. */
  readonly validationError?: string;
  /** The AWS error type for answers that carry one (`x-amzn-ErrorType`), when it is not the type's default. */
  readonly errorType?: string;
}

export class GatewayError extends Error {
  constructor(
    readonly type: ErrorType,
    /** Why, for the request log (`no such resource`, `integration timeout`...). */
    readonly note: string,
    readonly detail: ErrorDetail = {},
  ) {
    super(`${type}: ${note}`);
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

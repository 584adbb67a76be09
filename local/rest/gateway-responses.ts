/**
 * REST gateway responses (docs/gateway-behavior.md §7.1): each error type's default status, message and `x-amzn-ErrorType`, and
 * the API's customizations (`aws_api_gateway_gateway_response`: the type itself, else DEFAULT_4XX/DEFAULT_5XX)
 * with their status, `gatewayresponse.header.*` parameters and templates. Templates are rendered for the
 * `$context.*` and `$stageVariables.*` references; other VTL is left as written.
 */
import { MAX_REQUEST_BYTES } from "../http/request";
import type { Reply } from "../pipeline/context";
import type { ErrorType, GatewayError } from "../pipeline/errors";
import type { GatewayResponseSetting } from "./model";

/** The gateway response types an API can customize (`aws_api_gateway_gateway_response`). */
export type ResponseType = Exclude<ErrorType, "UNKNOWN_STAGE" | "BODY_TOO_LARGE" | "CONNECT_REFUSED">;

interface Default {
  readonly status: number;
  readonly message: string | null;
  readonly errorType: string;
  /** Body key: `message`, or `Message` for ACCESS_DENIED (gateway-behavior §4.3). */
  readonly key?: string;
}

export const DEFAULTS: Record<ResponseType, Default> = {
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    message: "Missing Authentication Token",
    errorType: "MissingAuthenticationTokenException",
  },
  INVALID_API_KEY: { status: 403, message: "Forbidden", errorType: "ForbiddenException" },
  ACCESS_DENIED: {
    status: 403,
    message: "User is not authorized to access this resource with an explicit deny",
    errorType: "AccessDeniedException",
    key: "Message",
  },
  UNAUTHORIZED: { status: 401, message: "Unauthorized", errorType: "UnauthorizedException" },
  AUTHORIZER_CONFIGURATION_ERROR: {
    status: 500,
    message: null,
    errorType: "AuthorizerConfigurationException",
  },
  AUTHORIZER_FAILURE: { status: 500, message: null, errorType: "AuthorizerFailureException" },
  THROTTLED: { status: 429, message: "Too Many Requests", errorType: "TooManyRequestsException" },
  QUOTA_EXCEEDED: { status: 429, message: "Limit Exceeded", errorType: "LimitExceededException" },
  INTEGRATION_TIMEOUT: {
    status: 504,
    message: "Endpoint request timed out",
    errorType: "InternalServerErrorException",
  },
  INTEGRATION_FAILURE: {
    status: 502,
    message: "Internal server error",
    errorType: "InternalServerErrorException",
  },
  BAD_REQUEST_PARAMETERS: { status: 400, message: "Bad request", errorType: "BadRequestException" },
  BAD_REQUEST_BODY: { status: 400, message: "Invalid request body", errorType: "BadRequestException" },
  INVALID_SIGNATURE: { status: 403, message: "Forbidden", errorType: "InvalidSignatureException" },
  EXPIRED_TOKEN: { status: 403, message: "Signature expired", errorType: "InvalidSignatureException" },
  REQUEST_TOO_LARGE: { status: 413, message: "Request Too Long", errorType: "BadRequestException" },
  API_CONFIGURATION_ERROR: {
    status: 500,
    message: "Internal server error",
    errorType: "InternalServerErrorException",
  },
};

/** Values templates and header parameters can read. */
export interface TemplateContext {
  readonly context: Readonly<Record<string, unknown>>;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly header: (name: string) => string | undefined;
  readonly query: (name: string) => string | undefined;
}

function lookup(root: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = root;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Substitutes `$context.a.b`, `${context.a.b}`, `$stageVariables.x` (and `$!` forms) in a template. */
export function renderTemplate(template: string, values: TemplateContext): string {
  return template.replace(
    /\$!?\{?(context|stageVariables)((?:\.[A-Za-z0-9_]+)+)\}?/g,
    (whole, root: string, path: string) => {
      const value =
        root === "context" ? lookup(values.context, path.slice(1)) : values.stageVariables[path.slice(1)];
      if (value === undefined) return whole.startsWith("$!") ? "" : "";
      if (value === null) return "null";
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    },
  );
}

/** A header parameter value: `'literal'`, `method.request.header.x`, `method.request.querystring.x`, `stageVariables.x`, `context.x`. */
export function parameterValue(expression: string, values: TemplateContext): string | undefined {
  const trimmed = expression.trim();
  if (trimmed.startsWith("'") && trimmed.endsWith("'") && trimmed.length >= 2) return trimmed.slice(1, -1);
  let match = /^method\.request\.header\.(.+)$/.exec(trimmed);
  if (match) return values.header(match[1]);
  match = /^method\.request\.querystring\.(.+)$/.exec(trimmed);
  if (match) return values.query(match[1]);
  match = /^stageVariables\.(.+)$/.exec(trimmed);
  if (match) return values.stageVariables[match[1]];
  match = /^context\.(.+)$/.exec(trimmed);
  if (match) {
    const value = lookup(values.context, match[1]);
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

/**
 * The answer for `error`, with the API's customizations applied. An unknown stage and a body over 10 MB are
 * answered before any customization applies (§7.1).
 */
export function renderError(
  error: GatewayError,
  settings: ReadonlyMap<string, GatewayResponseSetting>,
  values: TemplateContext,
): Reply {
  if (error.type === "UNKNOWN_STAGE")
    return {
      status: 403,
      headers: ["Content-Type", "application/json", "x-amzn-ErrorType", "ForbiddenException"],
      body: '{"message":"Forbidden"}',
    };
  if (error.type === "BODY_TOO_LARGE")
    return {
      status: 413,
      headers: ["Content-Type", "text; charset=utf-8"],
      body: `HTTP content length exceeded ${MAX_REQUEST_BYTES} bytes.`,
    };
  const type: ResponseType = error.type === "CONNECT_REFUSED" ? "INTEGRATION_FAILURE" : error.type;
  const base = DEFAULTS[type];
  const detail = error.detail;
  const message = detail.message === undefined ? base.message : detail.message;
  const custom =
    type === "REQUEST_TOO_LARGE"
      ? undefined
      : (settings.get(type) ?? settings.get(base.status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX"));
  const status = custom?.statusCode ?? detail.status ?? base.status;
  const headers = [
    "Content-Type",
    "application/json",
    "x-amzn-ErrorType",
    detail.errorType ?? base.errorType,
  ];
  const context = {
    ...values.context,
    error: {
      message,
      messageString: message === null ? "null" : JSON.stringify(message),
      responseType: type,
      validationErrorString: detail.validationError ?? "",
    },
  };
  const rendering: TemplateContext = { ...values, context };
  for (const [name, expression] of Object.entries(custom?.parameters ?? {})) {
    const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
    if (!header) continue;
    const value = parameterValue(expression, rendering);
    if (value !== undefined) headers.push(header, value);
  }
  const template = custom?.templates["application/json"] ?? Object.values(custom?.templates ?? {})[0];
  const body =
    template !== undefined
      ? renderTemplate(template, rendering)
      : `{${JSON.stringify(detail.key ?? base.key ?? "message")}:${message === null ? "null" : JSON.stringify(message)}}`;
  return { status, headers, body };
}

/**
 * The WebSocket `$connect` Lambda REQUEST authorizer. Browsers cannot set headers on a WebSocket handshake,
 * so the JWT travels in the `token` query string parameter (`wss://.../dev?token=...`).
 *
 * The token must be signed by a key of the issuer's JWKS and carry the configured issuer, an accepted
 * audience (`aud`, or `client_id` when there is no `aud`, as Cognito access tokens have; the same rule as
 * the HTTP API's JWT authorizer), a `sub`, and a valid `exp`/`nbf`.
 *
 * - Allow: an IAM policy for the `$connect` method ARN and `context` `{sub, name}` (strings; `name` is
 *   `preferred_username`, `name` or the username, never the email), which API
 *   Gateway passes to every later event of the connection as `requestContext.authorizer`.
 * - A bad token (expired, wrong issuer or audience, bad signature, garbage): an explicit Deny, so the
 *   handshake gets 403.
 * - No token: `Unauthorized`, so the handshake gets 401 (API Gateway answers 401 itself when the identity
 *   source is missing; this covers callers that skip that check, such as a local gateway).
 * - The key set cannot be fetched: an error, so the handshake gets 500 and the log says why. An outage is
 *   not the client's fault and must not look like a bad token.
 *
 * Environment: `JWT_ISSUER`, `JWT_AUDIENCE` (comma-separated), optional `JWKS_URL` (default
 * `<issuer>/.well-known/jwks.json`). The key set is fetched once per container and cached by jose (refetched
 * when a token names an unknown key id, at most every 30 s).
 */
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { audienceProblem, isKeySetFailure, jwksUrlOf, remoteKeySet, verifyOptions } from "../shared/jwt";
import { createLogger } from "../shared/log";

export interface WebSocketAuthorizerEvent {
  readonly type?: string;
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect` */
  readonly methodArn: string;
  readonly queryStringParameters?: Readonly<Record<string, string>> | null;
  readonly requestContext?: { readonly connectionId?: string; readonly requestId?: string };
}

export interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: "2012-10-17";
    readonly Statement: readonly [
      { readonly Action: "execute-api:Invoke"; readonly Effect: "Allow" | "Deny"; readonly Resource: string },
    ];
  };
  /** Values must be strings, numbers or booleans; they reach the integrations as strings. */
  readonly context?: Readonly<Record<string, string>>;
}

export interface Trust {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly jwksUrl: string;
}

const NAME_MAX_LENGTH = 128;
/** The trust configuration from the environment; throws with the fix when it is incomplete. */
export function trustFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Trust {
  const issuer = env.JWT_ISSUER?.trim();
  const audience = (env.JWT_AUDIENCE ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");
  if (!issuer || audience.length === 0) {
    throw new Error("environment variables JWT_ISSUER and JWT_AUDIENCE must be set: the stack passes them");
  }
  return { issuer, audience, jwksUrl: jwksUrlOf(issuer, env.JWKS_URL) };
}

export { remoteKeySet };

export function policy(principalId: string, effect: "Allow" | "Deny", resource: string): AuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }],
    },
  };
}

/** Checks the claims jose does not: an accepted audience (or client id) and a subject. */
function checkClaims(payload: JWTPayload, audience: readonly string[]): string | undefined {
  const problem = audienceProblem(payload, audience);
  if (problem) return problem;
  if (typeof payload.sub !== "string" || payload.sub === "") return "the token has no subject";
  return undefined;
}

/**
 * The name other members see: the first of the usual name claims, else the subject. Never the email: every
 * member of a room would see it.
 */
function displayName(payload: JWTPayload & { sub: string }): string {
  for (const claim of ["preferred_username", "name", "cognito:username", "username"]) {
    const value = payload[claim];
    if (typeof value === "string" && value.trim() !== "") return value.trim().slice(0, NAME_MAX_LENGTH);
  }
  return payload.sub;
}

export async function authorize(
  event: WebSocketAuthorizerEvent,
  trust: Trust,
  getKey: JWTVerifyGetKey,
): Promise<{ result: AuthorizerResult; reason?: string }> {
  if (typeof event?.methodArn !== "string" || event.methodArn === "") {
    throw new Error("the event has no methodArn: is this function wired as a REQUEST authorizer?");
  }
  const token = event.queryStringParameters?.token;
  // API Gateway turns exactly this message into a 401.
  if (typeof token !== "string" || token.trim() === "") throw new Error("Unauthorized");

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token.trim(), getKey, verifyOptions(trust.issuer)));
  } catch (error) {
    if (!(error instanceof errors.JOSEError) || isKeySetFailure(error)) throw error;
    return {
      result: policy("anonymous", "Deny", event.methodArn),
      reason: `${error.code}: ${error.message}`,
    };
  }
  const problem = checkClaims(payload, trust.audience);
  if (problem) return { result: policy("anonymous", "Deny", event.methodArn), reason: problem };

  const subject = payload as JWTPayload & { sub: string };
  return {
    result: {
      ...policy(subject.sub, "Allow", event.methodArn),
      context: { sub: subject.sub, name: displayName(subject) },
    },
  };
}

export const handler = async (event: WebSocketAuthorizerEvent): Promise<AuthorizerResult> => {
  const log = createLogger({
    connectionId: event?.requestContext?.connectionId,
    requestId: event?.requestContext?.requestId,
  });
  let jwksUrl: string | undefined;
  try {
    const trust = trustFromEnv();
    jwksUrl = trust.jwksUrl;
    const { result, reason } = await authorize(event, trust, remoteKeySet(trust.jwksUrl));
    const effect = result.policyDocument.Statement[0].Effect;
    log.info("authorizer decision", { effect, principalId: result.principalId, reason });
    return result;
  } catch (error) {
    if (error instanceof Error && error.message === "Unauthorized") {
      log.info("authorizer decision", { effect: "Unauthorized", reason: "no token" });
    } else {
      log.error("authorizer failed", { error, jwksUrl });
    }
    throw error;
  }
};

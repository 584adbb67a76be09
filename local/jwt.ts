/**
 * JWT checks shared by the HTTP API JWT authorizer (gateway-behavior §4.1) and the REST Cognito authorizer:
 * the signature against the issuer's keys (jose), `iss`, `aud` (or `client_id` when `aud` is absent), `exp`,
 * `nbf`, `iat`, and the route's scopes. Keys come from the local issuer, or from the issuer's OIDC discovery
 * document for any other issuer (1500 ms timeout, as API Gateway).
 */
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";

/** HTTP API JWT authorizers accept RSA signatures only (gateway-behavior §4.1). */
export const RSA_ALGORITHMS = ["RS256", "RS384", "RS512"];

export interface JwtTrust {
  readonly issuer: string;
  /** Accepted `aud` (or `client_id`) values; empty accepts any (the REST Cognito authorizer checks none). */
  readonly audiences: readonly string[];
  readonly keySet: JWTVerifyGetKey;
  readonly algorithms?: readonly string[];
}

export type JwtOutcome =
  | { readonly ok: true; readonly claims: JWTPayload }
  | { readonly ok: false; readonly description: string };

/** The token of an identity-source value: `Bearer <token>` or the bare token. */
export function bearerToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const token = /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, "") : trimmed;
  return token === "" ? undefined : token;
}

export async function verifyJwt(token: string, trust: JwtTrust, nowMs: number): Promise<JwtOutcome> {
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, trust.keySet, {
      issuer: trust.issuer,
      algorithms: [...(trust.algorithms ?? RSA_ALGORITHMS)],
      currentDate: new Date(nowMs),
    }));
  } catch (error) {
    return { ok: false, description: describe(error) };
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.iat === "number" && claims.iat > now)
    return { ok: false, description: "the token is not valid yet (iat)" };
  if (claims.exp === undefined) return { ok: false, description: "the token has no expiry (exp)" };
  if (trust.audiences.length > 0) {
    if (claims.aud !== undefined) {
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audiences.some((value) => trust.audiences.includes(value)))
        return { ok: false, description: "the token does not have a valid audience" };
    } else if (typeof claims.client_id !== "string" || !trust.audiences.includes(claims.client_id)) {
      return { ok: false, description: "the token does not have a valid audience" };
    }
  }
  return { ok: true, claims };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "the token does not have a valid issuer";
    if (error.claim === "nbf") return "the token is not valid yet (nbf)";
    return `the token's ${error.claim} claim is invalid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token signature is invalid";
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's signing algorithm is not supported";
  if (error instanceof errors.JWKSNoMatchingKey)
    return "the token's kid does not match any key of the issuer";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return "the token is malformed";
  return "the token could not be validated";
}

/** The scopes of a token: `scope` (space-separated) or `scp` (a list or a string). */
export function tokenScopes(claims: JWTPayload): string[] {
  const raw = claims.scope ?? claims.scp;
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === "string" ? raw.split(" ").filter((scope) => scope !== "") : [];
}

const remoteKeySets = new Map<string, JWTVerifyGetKey>();

/**
 * The key set of an issuer other than the local one: `jwks_uri` from `<issuer>/.well-known/openid-configuration`.
 * Without network (the usual local case) every token of that issuer fails validation (401).
 */
export function discoveredKeySet(issuer: string): JWTVerifyGetKey {
  let keySet = remoteKeySets.get(issuer);
  if (keySet) return keySet;
  let resolved: JWTVerifyGetKey | undefined;
  keySet = async (header, token) => {
    if (!resolved) {
      const response = await fetch(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(1500),
      });
      const document = (await response.json()) as { jwks_uri?: string };
      if (!document.jwks_uri) throw new errors.JWKSInvalid("the discovery document has no jwks_uri");
      resolved = createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: 1500 });
    }
    return resolved(header, token);
  };
  remoteKeySets.set(issuer, keySet);
  return keySet;
}

/**
 * Claims as the HTTP API puts them in the event: every value a string; arrays as `[a b]` (gateway-behavior
 * §2.2).
 */
export function stringifiedClaims(claims: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value)
      ? `[${value.join(" ")}]`
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  }
  return out;
}

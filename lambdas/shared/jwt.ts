/**
 * What both Lambda authorizers (REST and WebSocket `$connect`) agree on when they check a JWT, in one place so
 * the two cannot drift: the accepted algorithms, the verification options, the audience rule, the JWKS
 * location and cache, and which failures are an outage rather than a bad token.
 */
import {
  createRemoteJWKSet,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from "jose";

/** Asymmetric algorithms only: a token signed with a shared secret (HS*) or `none` is never accepted. */
export const ASYMMETRIC_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

/** jose checks `exp` only when present, so it is required: a token without one would never expire. */
export function verifyOptions(issuer: string, requiredClaims: readonly string[] = []): JWTVerifyOptions {
  return {
    issuer,
    algorithms: ASYMMETRIC_ALGORITHMS,
    clockTolerance: 5,
    requiredClaims: [...new Set(["exp", ...requiredClaims])],
  };
}

/**
 * The HTTP API JWT authorizer's audience rule, used everywhere: `aud` when the token has one (ID tokens),
 * otherwise `client_id` (Cognito access tokens carry no `aud`).
 */
export function audienceProblem(payload: JWTPayload, audience: readonly string[]): string | undefined {
  if (payload.aud !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return audiences.some((value) => audience.includes(value))
      ? undefined
      : "the token has no accepted audience";
  }
  return typeof payload.client_id === "string" && audience.includes(payload.client_id)
    ? undefined
    : "the token has neither an accepted audience nor an accepted client_id";
}

/** `JWKS_URL` when set, else the issuer's `/.well-known/jwks.json` (Cognito's location). */
export function jwksUrlOf(issuer: string, override: string | undefined): string {
  return override?.trim() || `${issuer.replace(/\/+$/, "")}/.well-known/jwks.json`;
}

const keySets = new Map<string, JWTVerifyGetKey>();

/** One remote key set per URL per container: fetched once, refetched for an unknown key id at most every 30 s. */
export function remoteKeySet(url: string): JWTVerifyGetKey {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 1_500,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    keySets.set(url, keySet);
  }
  return keySet;
}

/** The key set could not be fetched or used: an outage (500), never the client's fault (401/403). */
export function isKeySetFailure(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof errors.JOSEError && ["ERR_JOSE_GENERIC", "ERR_JWK_INVALID"].includes(error.code))
  );
}

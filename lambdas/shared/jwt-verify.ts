/**
 * Verification of a compact JWS JWT with node:crypto: the signature (asymmetric algorithms only) and the
 * time and issuer claims. Error codes and messages are jose's, so logs and callers read the same as before.
 *
 * Written for the authorizers instead of importing jose (about 20 KB of their 25 KB bundles, for key import
 * through WebCrypto and features they do not use); node:crypto verifies JWKs directly.
 */
import type { KeyObject } from "node:crypto";

/** node:crypto is loaded on the first verification, not at import: it is a third of the cold start. */
export const nodeCrypto = () => import("node:crypto");
type NodeCrypto = Awaited<ReturnType<typeof nodeCrypto>>;

export type JwtPayload = Record<string, unknown> & {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
};

export interface JwsHeader extends Record<string, unknown> {
  alg: string;
  kid?: string;
}

/** Keys to try for a token: the key set's candidates for its header (`kid`, algorithm). */
export type KeyLookup = (header: JwsHeader) => Promise<KeyObject | readonly KeyObject[]>;

export interface VerifyOptions {
  readonly issuer: string;
  readonly algorithms: readonly string[];
  /** Seconds of clock skew allowed on `exp` and `nbf`. */
  readonly clockTolerance: number;
  /** Claims that must be present. */
  readonly requiredClaims: readonly string[];
}

/** A rejected token or an unusable key set; `code` is jose's code for the same failure. */
export class JwtError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "JwtError";
  }
}

/** How each algorithm verifies, and the key it needs. */
const ALGORITHMS: Record<string, { hash: string | null; key: string; curve?: string; pss?: number }> = {
  RS256: { hash: "sha256", key: "rsa" },
  RS384: { hash: "sha384", key: "rsa" },
  RS512: { hash: "sha512", key: "rsa" },
  PS256: { hash: "sha256", key: "rsa", pss: 32 },
  PS384: { hash: "sha384", key: "rsa", pss: 48 },
  PS512: { hash: "sha512", key: "rsa", pss: 64 },
  ES256: { hash: "sha256", key: "ec", curve: "prime256v1" },
  ES384: { hash: "sha384", key: "ec", curve: "secp384r1" },
  ES512: { hash: "sha512", key: "ec", curve: "secp521r1" },
  EdDSA: { hash: null, key: "ed25519" },
};

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string, code: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    if (!BASE64URL.test(part)) throw new Error("not base64url");
    value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw new JwtError(code, `${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JwtError(code, `${what} must be a top-level JSON object`);
  }
  return value as Record<string, unknown>;
}

function headerOf(token: string, algorithms: readonly string[]): JwsHeader {
  const header = decodeJson(token.split(".")[0], "ERR_JWS_INVALID", "JWS Protected Header");
  if (typeof header.alg !== "string" || !algorithms.includes(header.alg) || !ALGORITHMS[header.alg]) {
    throw new JwtError("ERR_JOSE_ALG_NOT_ALLOWED", '"alg" (Algorithm) Header Parameter value not allowed');
  }
  // No JWS extension is understood: a critical one must be refused (RFC 7515 4.1.11), and JWTs never use
  // an unencoded payload.
  if (header.crit !== undefined || (header.b64 !== undefined && header.b64 !== true)) {
    throw new JwtError("ERR_JOSE_NOT_SUPPORTED", "JWS extensions are not supported");
  }
  return header as JwsHeader;
}

/** The key, when it has the algorithm's type (and RSA size or curve); else undefined. */
function usableKey(crypto: NodeCrypto, object: KeyObject, alg: string): KeyObject | undefined {
  const expected = ALGORITHMS[alg];
  if (object.type !== "public" && object.type !== "private") return undefined;
  const publicKey = object.type === "private" ? crypto.createPublicKey(object) : object;
  const details = publicKey.asymmetricKeyDetails ?? {};
  if (publicKey.asymmetricKeyType !== expected.key) return undefined;
  if (expected.key === "rsa" && (details.modulusLength ?? 0) < 2048) return undefined;
  if (expected.curve && details.namedCurve !== expected.curve) return undefined;
  return publicKey;
}

function signatureValid(
  crypto: NodeCrypto,
  key: KeyObject,
  alg: string,
  signingInput: Buffer,
  signature: Buffer,
): boolean {
  const { hash, pss } = ALGORITHMS[alg];
  const padding = pss ? { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: pss } : {};
  try {
    return crypto.verify(hash, signingInput, { key, dsaEncoding: "ieee-p1363", ...padding }, signature);
  } catch {
    return false;
  }
}

function claimsProblem(payload: JwtPayload, options: VerifyOptions, now: number): JwtError | undefined {
  const failed = (message: string) => new JwtError("ERR_JWT_CLAIM_VALIDATION_FAILED", message);
  for (const claim of new Set(["iss", ...options.requiredClaims])) {
    if (payload[claim] === undefined) return failed(`missing required "${claim}" claim`);
  }
  if (payload.iss !== options.issuer) return failed('unexpected "iss" claim value');
  for (const claim of ["iat", "nbf", "exp"] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== "number") {
      return failed(`"${claim}" claim must be a number`);
    }
  }
  const tolerance = options.clockTolerance;
  if (payload.nbf !== undefined && payload.nbf > now + tolerance) {
    return failed('"nbf" claim timestamp check failed');
  }
  if (payload.exp !== undefined && payload.exp <= now - tolerance) {
    return new JwtError("ERR_JWT_EXPIRED", '"exp" claim timestamp check failed');
  }
  return undefined;
}

/**
 * Verifies `token` with a key from `getKey` and checks its claims; resolves with the payload. Rejects with a
 * JwtError for a bad token (or the key set's error when the keys cannot be had).
 */
export async function verifyJwt(
  token: string,
  getKey: KeyLookup,
  options: VerifyOptions,
  now = Math.floor(Date.now() / 1000),
): Promise<{ payload: JwtPayload; protectedHeader: JwsHeader }> {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3) throw new JwtError("ERR_JWS_INVALID", "Invalid Compact JWS");
  const header = headerOf(token, options.algorithms);
  if (!BASE64URL.test(parts[2])) throw new JwtError("ERR_JWS_INVALID", "Invalid Compact JWS");
  const signature = Buffer.from(parts[2], "base64url");
  const signingInput = Buffer.from(`${parts[0]}.${parts[1]}`, "ascii");

  const found = await getKey(header);
  const candidates: readonly KeyObject[] = Array.isArray(found) ? found : [found];
  const crypto = await nodeCrypto();
  const verified = candidates.some((candidate) => {
    const key = usableKey(crypto, candidate, header.alg);
    return key !== undefined && signatureValid(crypto, key, header.alg, signingInput, signature);
  });
  if (!verified) {
    throw new JwtError("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", "signature verification failed");
  }

  const payload = decodeJson(parts[1], "ERR_JWT_INVALID", "JWT Claims Set") as JwtPayload;
  const problem = claimsProblem(payload, options, now);
  if (problem) throw problem;
  return { payload, protectedHeader: header };
}

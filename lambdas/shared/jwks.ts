/**
 * JSON Web Key Sets: which keys of a set may verify a token, and an issuer's set fetched over HTTP(S) with a
 * cache, as jose's `createRemoteJWKSet` does it (same selection rules, cooldown, timeout and error codes).
 */
import type { JsonWebKey, KeyObject } from "node:crypto";
import { type JwsHeader, JwtError, type KeyLookup, nodeCrypto } from "./jwt-verify";

interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
}

/** The JWK key type (and curve) of each algorithm. */
const KEY_TYPE: Record<string, { kty: string; crv?: string }> = {
  RS256: { kty: "RSA" },
  RS384: { kty: "RSA" },
  RS512: { kty: "RSA" },
  PS256: { kty: "RSA" },
  PS384: { kty: "RSA" },
  PS512: { kty: "RSA" },
  ES256: { kty: "EC", crv: "P-256" },
  ES384: { kty: "EC", crv: "P-384" },
  ES512: { kty: "EC", crv: "P-521" },
  EdDSA: { kty: "OKP", crv: "Ed25519" },
};

/** Keys of the set that may verify a token with this header: kid, key type, `alg`, `use` and `key_ops`. */
function matching(keys: readonly Jwk[], header: JwsHeader): Jwk[] {
  const type = KEY_TYPE[header.alg];
  return keys.filter(
    (jwk) =>
      type !== undefined &&
      jwk.kty === type.kty &&
      (type.crv === undefined || jwk.crv === type.crv) &&
      (header.kid === undefined || jwk.kid === header.kid) &&
      (typeof jwk.alg !== "string" || jwk.alg === header.alg) &&
      (typeof jwk.use !== "string" || jwk.use === "sig") &&
      (!Array.isArray(jwk.key_ops) || jwk.key_ops.includes("verify")),
  );
}

const imported = new WeakMap<Jwk, KeyObject>();

async function importKeys(jwks: readonly Jwk[]): Promise<KeyObject[]> {
  const { createPublicKey } = await nodeCrypto();
  return jwks.map((jwk) => {
    let key = imported.get(jwk);
    if (!key) {
      try {
        key = createPublicKey({ key: jwk, format: "jwk" });
      } catch {
        throw new JwtError("ERR_JWK_INVALID", "Invalid JWK in the JSON Web Key Set");
      }
      imported.set(jwk, key);
    }
    return key;
  });
}

function parseKeySet(value: unknown): Jwk[] {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === "object" && key !== null)) {
    throw new JwtError("ERR_JWKS_INVALID", "JSON Web Key Set malformed");
  }
  return keys as Jwk[];
}

function noMatchingKey(): JwtError {
  return new JwtError("ERR_JWKS_NO_MATCHING_KEY", "no applicable key found in the JSON Web Key Set");
}

/** A lookup in a fixed key set (`{ keys: [...] }`), e.g. one a local gateway or a test provides. */
export function localKeySet(jwks: unknown): KeyLookup {
  const keys = parseKeySet(jwks);
  return async (header) => {
    const found = matching(keys, header);
    if (found.length === 0) throw noMatchingKey();
    return importKeys(found);
  };
}

export interface RemoteKeySetOptions {
  /** Milliseconds to wait for the key set. */
  readonly timeoutDuration: number;
  /** Minimum milliseconds between two fetches made for an unknown key id. */
  readonly cooldownDuration: number;
  /** Milliseconds after which the set is fetched again before use. */
  readonly cacheMaxAge: number;
  /** @default Date.now */
  readonly now?: () => number;
}

async function fetchKeySet(url: URL, timeout: number): Promise<Jwk[]> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeout) });
  } catch (error) {
    if ((error as { name?: string } | null)?.name === "TimeoutError") {
      throw new JwtError("ERR_JWKS_TIMEOUT", "request timed out");
    }
    throw error;
  }
  if (response.status !== 200) {
    throw new JwtError("ERR_JOSE_GENERIC", "Expected 200 OK from the JSON Web Key Set HTTP response");
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new JwtError("ERR_JWKS_INVALID", "Failed to parse the JSON Web Key Set HTTP response as JSON");
  }
  return parseKeySet(body);
}

/**
 * A lookup in the key set at `url`: fetched on first use and when older than `cacheMaxAge`, and again for
 * a token whose key is not in it, at most once per `cooldownDuration` (a key rotation is picked up; a flood
 * of tokens with made-up key ids does not flood the issuer). Concurrent lookups share one fetch.
 */
export function remoteKeySet(url: URL, options: RemoteKeySetOptions): KeyLookup {
  let keys: Jwk[] | undefined;
  let fetchedAt = 0;
  let pending: Promise<Jwk[]> | undefined;
  const now = options.now ?? Date.now;
  const reload = async (): Promise<Jwk[]> => {
    pending ??= fetchKeySet(url, options.timeoutDuration)
      .then((fetched) => {
        keys = fetched;
        fetchedAt = now();
        return fetched;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return async (header) => {
    const fresh = keys !== undefined && now() - fetchedAt < options.cacheMaxAge;
    let found = matching(fresh && keys ? keys : await reload(), header);
    if (found.length === 0 && now() - fetchedAt >= options.cooldownDuration) {
      found = matching(await reload(), header);
    }
    if (found.length === 0) throw noMatchingKey();
    return importKeys(found);
  };
}

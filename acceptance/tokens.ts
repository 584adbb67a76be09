/** What the runner reads from a bearer JWT before using it, and the tampered copy the bad-token cases send. */

export type Claims = Readonly<Record<string, unknown>>;

function decodePart(part: string): Record<string, unknown> {
  const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
  return value as Record<string, unknown>;
}

/** The payload of a compact JWS, unverified (only to tell the user early what is wrong with a token). */
export function claimsOf(token: string): Claims {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("it is not a JWT (three base64url parts separated by dots)");
  try {
    return decodePart(parts[1]);
  } catch {
    throw new Error("its payload is not base64url-encoded JSON");
  }
}

/** `scope` (space-separated, OAuth 2.0 and Cognito access tokens) or `scp`. */
export function scopesOf(claims: Claims): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === "string") return raw.split(/\s+/).filter((scope) => scope !== "");
  return Array.isArray(raw) ? raw.filter((scope): scope is string => typeof scope === "string") : [];
}

/**
 * The token with its subject changed and its header and signature kept: well formed, signed by a key the
 * issuer really has, and still refused, because the signature no longer matches the payload.
 */
export function tampered(token: string): string {
  const [header, payload, signature] = token.split(".");
  const claims = decodePart(payload);
  const forged = { ...claims, sub: `${String(claims.sub ?? "")}-forged` };
  return [header, Buffer.from(JSON.stringify(forged)).toString("base64url"), signature].join(".");
}

/**
 * The gateway's own OpenID issuer: an RSA key pair made at start-up, its JWKS and discovery document served
 * under `<gateway>/_local/issuer`, and `POST /_local/token` minting access tokens shaped like Cognito's
 * (`sub`, `client_id`, `scope`, `token_use`, `iss`, `exp`...). With `trustLocalIssuer` on, every JWT and
 * Cognito authorizer (and every Lambda authorizer configured through `JWT_ISSUER`) trusts this issuer locally.
 */
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type JWTVerifyGetKey, SignJWT } from "jose";

export const LOCAL_AUDIENCE = "apigw-local";
export const ISSUER_PATH = "/_local/issuer";

export interface TokenRequest {
  readonly sub?: string;
  /** Space-separated scopes, e.g. `items/write items/admin`. */
  readonly scope?: string;
  /** Lifetime in seconds; negative gives an already expired token. @default 3600 */
  readonly expiresIn?: number;
  /** Sets `aud` (an ID-token-like token); without it the token carries `client_id` instead, like Cognito access tokens. */
  readonly aud?: string | string[];
  /** @default LOCAL_AUDIENCE */
  readonly clientId?: string;
  /** Overrides `iss` (to test a wrong issuer). */
  readonly iss?: string;
  /** Any further claims (e.g. `cognito:groups`, `email`). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

export class TokenRequestError extends Error {}

export class LocalIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: Parameters<SignJWT["sign"]>[0],
    private readonly publicJwk: JWK,
    readonly keySet: JWTVerifyGetKey,
    private readonly clock: () => number,
  ) {}

  static async create(gatewayUrl: string, clock: () => number = Date.now): Promise<LocalIssuer> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const publicJwk = {
      ...(await exportJWK(publicKey)),
      kid: `local-${randomUUID().slice(0, 8)}`,
      alg: "RS256",
      use: "sig",
    };
    const keySet = createLocalJWKSet({ keys: [publicJwk] });
    return new LocalIssuer(
      `${gatewayUrl.replace(/\/+$/, "")}${ISSUER_PATH}`,
      privateKey,
      publicJwk,
      keySet,
      clock,
    );
  }

  get jwksUrl(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: this.jwksUrl,
      token_endpoint: this.issuer.replace(ISSUER_PATH, "/_local/token"),
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["token"],
      subject_types_supported: ["public"],
    };
  }

  async sign(request: TokenRequest): Promise<string> {
    const expiresIn = request.expiresIn ?? 3600;
    if (typeof expiresIn !== "number" || !Number.isFinite(expiresIn))
      throw new TokenRequestError("expiresIn must be a number of seconds");
    if (request.sub !== undefined && typeof request.sub !== "string")
      throw new TokenRequestError("sub must be a string");
    if (request.scope !== undefined && typeof request.scope !== "string")
      throw new TokenRequestError("scope must be a space-separated string");
    const now = Math.floor(this.clock() / 1000);
    const sub = request.sub ?? "local-user";
    const payload: Record<string, unknown> = {
      ...(request.claims ?? {}),
      sub,
      token_use: request.aud === undefined ? "access" : "id",
      ...(request.aud === undefined
        ? { client_id: request.clientId ?? LOCAL_AUDIENCE }
        : { aud: request.aud }),
      ...(request.scope !== undefined ? { scope: request.scope } : {}),
      username: sub,
      jti: randomUUID(),
      auth_time: now,
      iat: now,
      exp: now + Math.trunc(expiresIn),
      iss: request.iss ?? this.issuer,
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: this.publicJwk.kid, typ: "JWT" })
      .sign(this.privateKey);
  }
}

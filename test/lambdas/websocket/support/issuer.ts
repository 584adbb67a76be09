/**
 * A token issuer on loopback: an RSA key pair, its JWKS served at `<issuer>/.well-known/jwks.json` (as
 * Cognito serves it), and a signer for tokens with any claims. `fail` makes the JWKS endpoint answer 500.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

export interface LocalIssuer {
  /** `http://127.0.0.1:<port>`: the `iss` of its tokens. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Requests the JWKS endpoint received. */
  readonly jwksRequests: number;
  /** Make the JWKS endpoint answer 500 from now on (or serve again). */
  fail(failing: boolean): void;
  /** A token signed with the issuer's key; `expiresIn` in seconds (negative for an expired token). */
  sign(
    claims: JWTPayload,
    options?: { expiresIn?: number; issuer?: string; kid?: string; noExpiry?: boolean },
  ): Promise<string>;
  /** A token with the same header and claims signed by a key the JWKS does not hold. */
  signWithForeignKey(claims: JWTPayload): Promise<string>;
  stop(): Promise<void>;
}

const KID = "test-key-1";

export async function startLocalIssuer(): Promise<LocalIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const foreign = await generateKeyPair("RS256");
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" }] };
  let failing = false;
  let jwksRequests = 0;
  const server = createServer((request, response) => {
    if (request.url !== "/.well-known/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    jwksRequests++;
    if (failing) {
      response.writeHead(500).end("down");
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signWith = (
    key: Parameters<SignJWT["sign"]>[0],
    claims: JWTPayload,
    options: { expiresIn?: number; issuer?: string; kid?: string; noExpiry?: boolean } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: options.kid ?? KID, typ: "JWT" })
      .setIssuer(options.issuer ?? issuer)
      .setIssuedAt(now - 60);
    return (options.noExpiry ? jwt : jwt.setExpirationTime(now + (options.expiresIn ?? 3600))).sign(key);
  };

  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    get jwksRequests() {
      return jwksRequests;
    },
    fail: (value) => {
      failing = value;
    },
    sign: (claims, options) => signWith(privateKey, claims, options),
    signWithForeignKey: (claims) => signWith(foreign.privateKey, claims),
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

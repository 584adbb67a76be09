/**
 * A local OIDC-style issuer for the authorizer tests: an RSA key pair, its JWKS served over HTTP on loopback
 * (the real protocol the Lambda uses), and builders for TOKEN and REQUEST authorizer events (§4.3).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { restEvent } from "../fixtures/events";

export const ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool";
export const CLIENT_ID = "client-123";
export const ACCOUNT = "123456789012";
export const STAGE_PREFIX = `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/dev`;

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export interface Issuer {
  readonly jwksUrl: string;
  /** Signs `claims` (defaults: a Cognito access token for CLIENT_ID that expires in an hour). */
  sign(claims?: JWTPayload, options?: { expiresIn?: string; key?: KeyPair; kid?: string }): Promise<string>;
  /** A key pair the JWKS does not publish. */
  readonly foreignKey: KeyPair;
  close(): Promise<void>;
}

export async function startIssuer(): Promise<Issuer> {
  const key = await generateKeyPair("RS256");
  const foreignKey = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(key.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const server: Server = createServer((request, response) => {
    if (request.url === "/.well-known/jwks.json") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    foreignKey,
    async sign(claims = {}, options = {}) {
      return new SignJWT({ token_use: "access", client_id: CLIENT_ID, scope: "openid", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "test-key" })
        .setIssuer(typeof claims.iss === "string" ? claims.iss : ISSUER)
        .setSubject(typeof claims.sub === "string" ? claims.sub : "user-1")
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "1h")
        .sign((options.key ?? key).privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function methodArn(method: string, path: string): string {
  return `${STAGE_PREFIX}/${method}/${path.replace(/^\//, "")}`;
}

/** The TOKEN event: the raw header value and the method ARN. */
export function tokenEvent(authorizationToken: string | undefined, method = "GET", path = "/items") {
  return { type: "TOKEN", methodArn: methodArn(method, path), authorizationToken };
}

/** The REQUEST event: the proxy-event shape without a body, plus `type` and `methodArn`. */
export function requestEvent(
  headers: Record<string, string>,
  method = "GET",
  resource = "/items",
  path?: string,
) {
  const { body: _body, isBase64Encoded: _b64, ...event } = restEvent({ method, resource, path, headers });
  return { type: "REQUEST", methodArn: methodArn(method, path ?? resource), ...event };
}

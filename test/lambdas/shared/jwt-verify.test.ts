/**
 * The authorizers' JWT verifier (node:crypto): every algorithm it allows, every way a token must fail, and
 * jose (the library it replaces) as an oracle for random claim sets.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import fc from "fast-check";
import { type JWTPayload, jwtVerify, SignJWT } from "jose";
import { localKeySet } from "../../../lambdas/shared/jwks";
import { ASYMMETRIC_ALGORITHMS, verifyOptions } from "../../../lambdas/shared/jwt";
import { JwtError, type JwtPayload, type KeyLookup, verifyJwt } from "../../../lambdas/shared/jwt-verify";

const ISSUER = "https://issuer.example.com";
const NOW = 1_800_000_000;
const options = verifyOptions(ISSUER);

const keyPairs = {
  RS256: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  PS384: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  ES256: generateKeyPairSync("ec", { namedCurve: "P-256" }),
  ES384: generateKeyPairSync("ec", { namedCurve: "P-384" }),
  ES512: generateKeyPairSync("ec", { namedCurve: "P-521" }),
  EdDSA: generateKeyPairSync("ed25519"),
};
type Alg = keyof typeof keyPairs;
const rsa = keyPairs.RS256;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const claims = (extra: JWTPayload = {}): JWTPayload => ({ iss: ISSUER, sub: "u", exp: NOW + 60, ...extra });
const only =
  (key: KeyObject): KeyLookup =>
  async () =>
    key;

function signed(alg: Alg, payload: JWTPayload = claims(), header: Record<string, unknown> = {}) {
  return new SignJWT(payload).setProtectedHeader({ alg, ...header }).sign(keyPairs[alg as Alg].privateKey);
}

/** An RS256 signature over any header and payload parts, for tokens jose refuses to make. */
function signedByHand(header: string, payload: string): string {
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), rsa.privateKey);
  return `${header}.${payload}.${signature.toString("base64url")}`;
}

async function rejection(token: string, lookup: KeyLookup = only(rsa.publicKey), now = NOW) {
  const error = await verifyJwt(token, lookup, options, now).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof JwtError)) throw new Error(`expected a JwtError, got ${String(error)}`);
  return `${error.code}: ${error.message}`;
}

describe("verifyJwt accepts", () => {
  test.each(Object.keys(keyPairs) as Alg[])(
    "a valid %s token and returns its claims and header",
    async (alg) => {
      const token = await signed(alg, claims({ aud: "a" }), { kid: "k" });
      const { payload, protectedHeader } = await verifyJwt(
        token,
        only(keyPairs[alg].publicKey),
        options,
        NOW,
      );
      expect(payload).toMatchObject({ iss: ISSUER, sub: "u", aud: "a" });
      expect(protectedHeader).toEqual({ alg, kid: "k" });
    },
  );

  test("exp and nbf within the clock tolerance, iat in the past", async () => {
    const token = await signed("RS256", claims({ exp: NOW - 4, nbf: NOW + 4, iat: NOW - 100 }));
    await expect(verifyJwt(token, only(rsa.publicKey), options, NOW)).resolves.toBeDefined();
  });

  test("the first of several candidate keys that verifies", async () => {
    const token = await signed("RS256");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    const lookup: KeyLookup = async () => [other, rsa.publicKey];
    await expect(verifyJwt(token, lookup, options, NOW)).resolves.toBeDefined();
  });
});

describe("verifyJwt rejects", () => {
  test("a tampered signature, payload or header", async () => {
    const [header, payload, signature] = (await signed("RS256")).split(".");
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    expect(await rejection(`${header}.${payload}.${flipped}`)).toMatch(/SIGNATURE_VERIFICATION_FAILED/);
    const forged = b64(claims({ sub: "admin" }));
    expect(await rejection(`${header}.${forged}.${signature}`)).toMatch(/SIGNATURE_VERIFICATION_FAILED/);
    const otherHeader = b64({ alg: "RS256", kid: "x" });
    expect(await rejection(`${otherHeader}.${payload}.${signature}`)).toMatch(
      /SIGNATURE_VERIFICATION_FAILED/,
    );
    expect(await rejection(`${header}.${payload}.`)).toMatch(/SIGNATURE_VERIFICATION_FAILED/);
  });

  test("a token signed by another key", async () => {
    const token = await signed("RS256");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(await rejection(token, only(other))).toMatch(/SIGNATURE_VERIFICATION_FAILED/);
  });

  test("alg none, HS256 (even keyed with the public key's bytes) and algorithms outside the allow-list", async () => {
    const payload = b64(claims());
    expect(await rejection(`${b64({ alg: "none" })}.${payload}.`)).toMatch(/^ERR_JOSE_ALG_NOT_ALLOWED/);
    const pem = rsa.publicKey.export({ type: "spki", format: "pem" });
    const hs = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256" }).sign(Buffer.from(pem));
    expect(await rejection(hs)).toMatch(/^ERR_JOSE_ALG_NOT_ALLOWED/);
    for (const alg of [undefined, 7, "rs256", "RSA-OAEP", "ES256K", "__proto__"]) {
      expect(await rejection(`${b64({ alg })}.${payload}.c2ln`)).toMatch(/^ERR_JOSE_ALG_NOT_ALLOWED/);
    }
    const es = await signed("ES256");
    const rsOnly = { ...options, algorithms: ["RS256"] };
    await expect(verifyJwt(es, only(keyPairs.ES256.publicKey), rsOnly, NOW)).rejects.toMatchObject({
      code: "ERR_JOSE_ALG_NOT_ALLOWED",
    });
    expect(ASYMMETRIC_ALGORITHMS.some((alg) => alg.startsWith("HS") || alg === "none")).toBe(false);
  });

  test("a key of the wrong type or curve for the algorithm, and RSA keys under 2048 bits", async () => {
    expect(await rejection(await signed("ES256"), only(keyPairs.ES384.publicKey))).toMatch(/SIGNATURE/);
    expect(await rejection(await signed("ES256"), only(rsa.publicKey))).toMatch(/SIGNATURE/);
    expect(await rejection(await signed("RS256"), only(keyPairs.EdDSA.publicKey))).toMatch(/SIGNATURE/);
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const input = `${b64({ alg: "RS256" })}.${b64(claims())}`;
    const signature = sign("sha256", Buffer.from(input), small.privateKey).toString("base64url");
    expect(await rejection(`${input}.${signature}`, only(small.publicKey))).toMatch(/SIGNATURE/);
  });

  test("expired, not yet valid, and non-numeric time claims", async () => {
    expect(await rejection(await signed("RS256", claims({ exp: NOW - 5 })))).toBe(
      'ERR_JWT_EXPIRED: "exp" claim timestamp check failed',
    );
    expect(await rejection(await signed("RS256", claims({ nbf: NOW + 6 })))).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED: "nbf" claim timestamp check failed',
    );
    for (const claim of ["exp", "nbf", "iat"]) {
      expect(await rejection(await signed("RS256", claims({ [claim]: String(NOW) })))).toMatch(
        `"${claim}" claim must be a number`,
      );
    }
  });

  test("a missing exp or required claim, and another issuer", async () => {
    const { exp: _exp, ...noExp } = claims();
    expect(await rejection(await signed("RS256", noExp))).toMatch(/missing required "exp" claim/);
    const withSub = verifyOptions(ISSUER, ["sub"]);
    const { sub: _sub, ...noSub } = claims();
    await expect(verifyJwt(await signed("RS256", noSub), only(rsa.publicKey), withSub, NOW)).rejects.toThrow(
      'missing required "sub" claim',
    );
    expect(await rejection(await signed("RS256", claims({ iss: `${ISSUER}/` })))).toMatch(/unexpected "iss"/);
    const { iss: _iss, ...noIss } = claims();
    expect(await rejection(await signed("RS256", noIss))).toMatch(/missing required "iss" claim/);
  });

  test("critical header extensions and unencoded payloads", async () => {
    const payload = b64(claims());
    const crit = signedByHand(b64({ alg: "RS256", crit: ["exp"], exp: 1 }), payload);
    expect(await rejection(crit)).toMatch(/^ERR_JOSE_NOT_SUPPORTED/);
    expect(await rejection(signedByHand(b64({ alg: "RS256", b64: false }), payload))).toMatch(
      /^ERR_JOSE_NOT_SUPPORTED/,
    );
  });

  test("malformed tokens", async () => {
    const [header, payload, signature] = (await signed("RS256")).split(".");
    for (const token of [
      "",
      "abc",
      `${header}.${payload}`,
      `${header}.${payload}.${signature}.x`,
      `${header}+.${payload}.${signature}`,
      `${header}.${payload}.${signature}=`,
      `${b64(["RS256"])}.${payload}.${signature}`,
      `${Buffer.from("not json").toString("base64url")}.${payload}.${signature}`,
    ]) {
      expect(await rejection(token)).toMatch(/^ERR_JWS_INVALID|^ERR_JOSE_ALG_NOT_ALLOWED/);
    }
    // Signed, but the claims are not a JSON object.
    for (const claimsPart of [b64(null), b64([1]), b64("x"), Buffer.from("{").toString("base64url"), "a+b"]) {
      expect(await rejection(signedByHand(header, claimsPart))).toMatch(/^ERR_JWT_INVALID|^ERR_JWS_INVALID/);
    }
  });

  test("property: garbage never verifies, and is always a JwtError", async () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/);
    const token = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(part, part, part).map((parts) => parts.join(".")),
      fc.tuple(fc.jsonValue(), fc.jsonValue(), part).map(([h, p, s]) => `${b64(h)}.${b64(p)}.${s}`),
      fc
        .tuple(fc.constantFrom(...ASYMMETRIC_ALGORITHMS), fc.jsonValue(), part)
        .map(([alg, p, s]) => `${b64({ alg })}.${b64(p)}.${s}`),
    );
    await fc.assert(
      fc.asyncProperty(token, async (value) => {
        await expect(rejection(value)).resolves.toMatch(/^ERR_/);
      }),
      { numRuns: 300 },
    );
  });

  test("property: changing any one character of a valid token makes it fail", async () => {
    const token = await signed("ES256");
    const lookup = only(keyPairs.ES256.publicKey);
    await fc.assert(
      fc.asyncProperty(fc.nat(token.length - 1), fc.constantFrom(..."AQgw_-."), async (at, char) => {
        fc.pre(token[at] !== char);
        const changed = `${token.slice(0, at)}${char}${token.slice(at + 1)}`;
        await expect(rejection(changed, lookup)).resolves.toMatch(/^ERR_/);
      }),
      { numRuns: 200 },
    );
  });
});

describe("verifyJwt agrees with jose", () => {
  test("property: same verdict and error code for random time, issuer and audience claims", async () => {
    const jwk = { ...rsa.publicKey.export({ format: "jwk" }), kid: "k", alg: "RS256", use: "sig" };
    const ours = localKeySet({ keys: [jwk] });
    const joseKey = createPublicKey({ key: jwk, format: "jwk" });
    const time = fc.option(fc.integer({ min: NOW - 20, max: NOW + 20 }), { nil: undefined });
    const payload = fc.record({
      iss: fc.constantFrom(ISSUER, "https://evil.example.com", undefined),
      sub: fc.constantFrom("u", undefined),
      exp: time,
      nbf: time,
      iat: time,
      aud: fc.constantFrom("a", ["a", "b"], undefined),
    });
    await fc.assert(
      fc.asyncProperty(payload, async (generated) => {
        const body = Object.fromEntries(Object.entries(generated).filter(([, v]) => v !== undefined));
        const token = await new SignJWT(body as JwtPayload)
          .setProtectedHeader({ alg: "RS256", kid: "k" })
          .sign(rsa.privateKey);
        const verdict = (promise: Promise<unknown>) =>
          promise.then(
            () => "valid",
            (error: { code?: string }) => error.code,
          );
        const currentDate = new Date(NOW * 1000);
        const expected = await verdict(
          jwtVerify(token, joseKey, {
            ...options,
            requiredClaims: [...options.requiredClaims],
            algorithms: [...options.algorithms],
            currentDate,
          }),
        );
        expect(await verdict(verifyJwt(token, ours, options, NOW))).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Key sets: which JWKs may verify a token, and the remote set's fetching (cache, refetch on an unknown key id
 * with a cooldown, one fetch for concurrent lookups) and its outages (timeout, non-200, bad JSON).
 */
import { generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { localKeySet, remoteKeySet } from "../../../lambdas/shared/jwks";
import { isKeySetFailure } from "../../../lambdas/shared/jwt";
import { JwtError } from "../../../lambdas/shared/jwt-verify";

const rsaJwk = (extra: Record<string, unknown> = {}): JsonWebKey => ({
  ...generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" }),
  ...extra,
});
const ecJwk = (namedCurve: string, extra: Record<string, unknown> = {}): JsonWebKey => ({
  ...generateKeyPairSync("ec", { namedCurve }).publicKey.export({ format: "jwk" }),
  ...extra,
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "found",
    (error: { code?: string }) => error.code,
  );

describe("localKeySet", () => {
  test("picks keys by kid, key type, curve, alg, use and key_ops", async () => {
    const keys = [
      rsaJwk({ kid: "rsa", alg: "RS256", use: "sig" }),
      rsaJwk({ kid: "enc", use: "enc" }),
      rsaJwk({ kid: "wrap", key_ops: ["wrapKey"] }),
      rsaJwk({ kid: "ps", alg: "PS256" }),
      ecJwk("P-256", { kid: "ec" }),
      ecJwk("P-384", { kid: "ec384" }),
    ];
    const lookup = localKeySet({ keys });
    expect(await lookup({ alg: "RS256", kid: "rsa" })).toHaveLength(1);
    for (const header of [
      { alg: "RS256", kid: "enc" }, // an encryption key
      { alg: "RS256", kid: "wrap" }, // not for verification
      { alg: "RS256", kid: "ps" }, // pinned to another algorithm
      { alg: "RS256", kid: "ec" }, // another key type
      { alg: "ES256", kid: "ec384" }, // another curve
      { alg: "ES256", kid: "nope" },
      { alg: "HS256", kid: "rsa" },
    ]) {
      expect(await codeOf(lookup(header))).toBe("ERR_JWKS_NO_MATCHING_KEY");
    }
    // No kid in the token: every key that fits is a candidate.
    expect(await lookup({ alg: "ES384" })).toHaveLength(1);
    expect(await lookup({ alg: "PS256" })).toHaveLength(1);
  });

  test("a malformed set or key is a key-set failure, not a bad token", async () => {
    for (const jwks of [null, {}, { keys: "x" }, { keys: [1] }]) {
      expect(() => localKeySet(jwks)).toThrow(expect.objectContaining({ code: "ERR_JWKS_INVALID" }));
    }
    const broken = localKeySet({ keys: [{ kty: "RSA", kid: "k", n: "AQAB" }] });
    const error = await broken({ alg: "RS256", kid: "k" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_JWK_INVALID" });
    expect(isKeySetFailure(error)).toBe(true);
  });
});

describe("remoteKeySet", () => {
  let server: Server;
  let url: URL;
  let requests = 0;
  let answer: { status: number; body: string; delayMs?: number };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests++;
      const { status, body, delayMs = 0 } = answer;
      setTimeout(() => response.writeHead(status, { "content-type": "application/json" }).end(body), delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`);
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const serve = (keys: JsonWebKey[]) => {
    answer = { status: 200, body: JSON.stringify({ keys }) };
  };
  const options = { timeoutDuration: 1_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 };

  test("fetches once, shares the fetch between concurrent lookups, and serves from the cache", async () => {
    serve([rsaJwk({ kid: "a" })]);
    const lookup = remoteKeySet(url, options);
    const before = requests;
    await Promise.all([lookup({ alg: "RS256", kid: "a" }), lookup({ alg: "RS256", kid: "a" })]);
    await lookup({ alg: "RS256", kid: "a" });
    expect(requests - before).toBe(1);
  });

  test("an unknown kid refetches (a rotated key is found), at most once per cooldown", async () => {
    serve([rsaJwk({ kid: "old" })]);
    let clock = 1_000_000;
    const lookup = remoteKeySet(url, { ...options, cooldownDuration: 30_000, now: () => clock });
    await lookup({ alg: "RS256", kid: "old" });
    serve([rsaJwk({ kid: "old" }), rsaJwk({ kid: "new" })]);
    const before = requests;
    // Within the cooldown: no fetch, no key.
    expect(await codeOf(lookup({ alg: "RS256", kid: "new" }))).toBe("ERR_JWKS_NO_MATCHING_KEY");
    expect(requests - before).toBe(0);
    clock += 29_999;
    expect(await codeOf(lookup({ alg: "RS256", kid: "new" }))).toBe("ERR_JWKS_NO_MATCHING_KEY");
    expect(requests - before).toBe(0);
    clock += 1;
    expect(await codeOf(lookup({ alg: "RS256", kid: "new" }))).toBe("found");
    expect(await codeOf(lookup({ alg: "RS256", kid: "made-up" }))).toBe("ERR_JWKS_NO_MATCHING_KEY");
    expect(requests - before).toBe(1);
  });

  test("a set older than cacheMaxAge is fetched again before use", async () => {
    serve([rsaJwk({ kid: "a" })]);
    const lookup = remoteKeySet(url, { ...options, cacheMaxAge: 0 });
    const before = requests;
    await lookup({ alg: "RS256", kid: "a" });
    await lookup({ alg: "RS256", kid: "a" });
    expect(requests - before).toBe(2);
  });

  test.each([
    ["a non-200 answer", { status: 500, body: "down" }, "ERR_JOSE_GENERIC"],
    ["a body that is not JSON", { status: 200, body: "<html>" }, "ERR_JWKS_INVALID"],
    ["JSON without keys", { status: 200, body: '{"keys":{}}' }, "ERR_JWKS_INVALID"],
    ["no answer in time", { status: 200, body: "{}", delayMs: 500 }, "ERR_JWKS_TIMEOUT"],
  ])("%s is a key-set failure (an outage), never a bad token", async (_name, served, code) => {
    answer = served;
    const lookup = remoteKeySet(url, { ...options, timeoutDuration: 200 });
    const error = await lookup({ alg: "RS256", kid: "a" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect(isKeySetFailure(error)).toBe(true);
  });

  test("an unreachable issuer rejects (an error that is no token verdict)", async () => {
    const lookup = remoteKeySet(new URL("http://127.0.0.1:9/jwks.json"), options);
    const error = await lookup({ alg: "RS256", kid: "a" }).then(
      () => undefined,
      (e: unknown) => e ?? "rejected",
    );
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(JwtError); // so the authorizers answer 500, not 401/403
  });
});

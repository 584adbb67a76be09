import {
  authorize,
  handler,
  remoteKeySet,
  type Trust,
  trustFromEnv,
} from "../../../lambdas/ws-authorizer/index";
import { silenceLogs } from "../fixtures/results";
import { authorizerEvent } from "./support/events";
import { type LocalIssuer, startLocalIssuer } from "./support/issuer";

silenceLogs();

const CLIENT_ID = "chat-web-client";
const METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcd1234/dev/$connect";

describe("the $connect authorizer", () => {
  let idp: LocalIssuer;
  let trust: Trust;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    idp = await startLocalIssuer();
    trust = { issuer: idp.issuer, audience: [CLIENT_ID, "other-client"], jwksUrl: idp.jwksUrl };
    Object.assign(process.env, { JWT_ISSUER: idp.issuer, JWT_AUDIENCE: `${CLIENT_ID},other-client` });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await idp.stop();
  });

  const decide = (token: string | undefined) =>
    authorize(authorizerEvent(token === undefined ? {} : { token }), trust, remoteKeySet(trust.jwksUrl));

  test("a valid ID token (aud = client id) allows $connect with the user in the context, all strings", async () => {
    // Prepare
    const token = await idp.sign({
      sub: "user-1",
      aud: CLIENT_ID,
      "cognito:username": "alice",
      token_use: "id",
    });
    // Act
    const { result, reason } = await decide(token);
    // Assess
    expect(reason).toBeUndefined();
    expect(result).toEqual({
      principalId: "user-1",
      policyDocument: {
        Version: "2012-10-17",
        Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: METHOD_ARN }],
      },
      context: { sub: "user-1", name: "alice" },
    });
    for (const value of Object.values(result.context ?? {})) expect(typeof value).toBe("string");
  });

  test("a Cognito access token (no aud, client_id) is accepted like the HTTP API's JWT authorizer does", async () => {
    const token = await idp.sign({
      sub: "user-2",
      client_id: CLIENT_ID,
      username: "bob",
      token_use: "access",
    });
    const { result } = await decide(token);
    expect(result.policyDocument.Statement[0].Effect).toBe("Allow");
    expect(result.context).toEqual({ sub: "user-2", name: "bob" });
  });

  test("the name is the preferred username or name, never the email (every room member sees it)", async () => {
    const named = await idp.sign({
      sub: "u",
      aud: CLIENT_ID,
      "cognito:username": "8f1c-uuid",
      preferred_username: "ada",
    });
    expect((await decide(named)).result.context?.name).toBe("ada");
    const emailOnly = await idp.sign({ sub: "u", aud: CLIENT_ID, email: "ada@example.com" });
    expect((await decide(emailOnly)).result.context?.name).toBe("u");
  });

  test("an audience list with one accepted value is enough; the name falls back to the subject", async () => {
    const token = await idp.sign({ sub: "user-3", aud: ["unrelated", "other-client"] });
    const { result } = await decide(token);
    expect(result.context).toEqual({ sub: "user-3", name: "user-3" });
  });

  test.each([
    ["expired", { sub: "u", aud: CLIENT_ID }, { expiresIn: -60 }, /ERR_JWT_EXPIRED/],
    ["for another audience", { sub: "u", aud: "someone-else" }, {}, /no accepted audience/],
    ["for another client", { sub: "u", client_id: "someone-else" }, {}, /neither an accepted audience/],
    ["without audience or client id", { sub: "u" }, {}, /neither an accepted audience/],
    [
      "from another issuer",
      { sub: "u", aud: CLIENT_ID },
      { issuer: "https://evil.example.com" },
      /ERR_JWT_CLAIM/,
    ],
    ["without a subject", { aud: CLIENT_ID }, {}, /no subject/],
    [
      "without an expiry (it would never expire)",
      { sub: "u", aud: CLIENT_ID },
      { noExpiry: true },
      /"exp" claim/,
    ],
    [
      "naming a key the issuer does not have",
      { sub: "u", aud: CLIENT_ID },
      { kid: "nope" },
      /NO_MATCHING_KEY/,
    ],
  ])("a token %s is denied", async (_label, claims, options, reason) => {
    const token = await idp.sign(claims, options);
    const decision = await decide(token);
    expect(decision.result).toEqual({
      principalId: "anonymous",
      policyDocument: {
        Version: "2012-10-17",
        Statement: [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: METHOD_ARN }],
      },
    });
    expect(decision.reason).toMatch(reason);
  });

  test("a token signed by another key is denied", async () => {
    const token = await idp.signWithForeignKey({ sub: "u", aud: CLIENT_ID });
    const decision = await decide(token);
    expect(decision.result.policyDocument.Statement[0].Effect).toBe("Deny");
    expect(decision.reason).toMatch(/SIGNATURE_VERIFICATION_FAILED/);
  });

  test.each([
    ["garbage", "not-a-jwt"],
    ["three garbage segments", "aaa.bbb.ccc"],
    ["an unsigned token", `${b64({ alg: "none" })}.${b64({ sub: "u", aud: CLIENT_ID })}.`],
    [
      "an HMAC token",
      `${b64({ alg: "HS256", kid: "test-key-1" })}.${b64({ sub: "u", aud: CLIENT_ID })}.c2ln`,
    ],
  ])("%s is denied", async (_label, token) => {
    const decision = await decide(token);
    expect(decision.result.policyDocument.Statement[0].Effect).toBe("Deny");
    expect(decision.result.context).toBeUndefined();
  });

  test("no token is Unauthorized (401), not a Deny", async () => {
    await expect(decide(undefined)).rejects.toThrow(/^Unauthorized$/);
    await expect(decide("   ")).rejects.toThrow(/^Unauthorized$/);
  });

  test("the handler reads its trust from the environment and fetches the key set once per container", async () => {
    const before = idp.jwksRequests;
    for (const user of ["a", "b", "c"]) {
      const token = await idp.sign({ sub: user, aud: CLIENT_ID });
      const result = await handler(authorizerEvent({ token }));
      expect(result.policyDocument.Statement[0].Effect).toBe("Allow");
    }
    expect(idp.jwksRequests - before).toBeLessThanOrEqual(1);
  });

  test("an unreachable key set is an error (500 on the handshake), never a Deny", async () => {
    const down = await startLocalIssuer();
    const token = await down.sign({ sub: "u", aud: CLIENT_ID });
    down.fail(true);
    const downTrust = { issuer: down.issuer, audience: [CLIENT_ID], jwksUrl: down.jwksUrl };
    try {
      await expect(
        authorize(authorizerEvent({ token }), downTrust, remoteKeySet(down.jwksUrl)),
      ).rejects.toThrow(/Expected 200 OK/);
    } finally {
      await down.stop();
    }
  });

  test("an event without a method ARN is a wiring error", async () => {
    const token = await idp.sign({ sub: "u", aud: CLIENT_ID });
    await expect(
      authorize({ methodArn: "", queryStringParameters: { token } }, trust, remoteKeySet(trust.jwksUrl)),
    ).rejects.toThrow(/no methodArn/);
  });
});

describe("trustFromEnv", () => {
  test("derives the JWKS URL from the issuer, or takes JWKS_URL", () => {
    expect(
      trustFromEnv({
        JWT_ISSUER: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
        JWT_AUDIENCE: "a, b ,,",
      }),
    ).toEqual({
      issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
      audience: ["a", "b"],
      jwksUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/jwks.json",
    });
    expect(trustFromEnv({ JWT_ISSUER: "https://login.example.com/", JWT_AUDIENCE: "a" }).jwksUrl).toBe(
      "https://login.example.com/.well-known/jwks.json",
    );
    expect(
      trustFromEnv({
        JWT_ISSUER: "https://x.example.com/",
        JWT_AUDIENCE: "a",
        JWKS_URL: "https://x.example.com/keys",
      }).jwksUrl,
    ).toBe("https://x.example.com/keys");
  });

  test("refuses to run without an issuer or an audience", () => {
    expect(() => trustFromEnv({ JWT_AUDIENCE: "a" })).toThrow(/JWT_ISSUER and JWT_AUDIENCE must be set/);
    expect(() => trustFromEnv({ JWT_ISSUER: "https://x.example.com", JWT_AUDIENCE: " , " })).toThrow(
      /JWT_ISSUER and JWT_AUDIENCE must be set/,
    );
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

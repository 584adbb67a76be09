import fc from "fast-check";
import { createLocalJWKSet, createRemoteJWKSet, SignJWT } from "jose";
import { scopes, signedInRouteScopes } from "../../../api/routes";
import {
  type Authorizer,
  type AuthorizerResult,
  configFromEnv,
  createAuthorizer,
  handler,
} from "../../../lambdas/authorizer/index";
import {
  CLIENT_ID,
  ISSUER,
  type Issuer,
  methodArn,
  requestEvent,
  STAGE_PREFIX,
  startIssuer,
  tokenEvent,
} from "./support";

process.env.LOG_LEVEL = "silent";

let issuer: Issuer;
let authorize: Authorizer;

beforeAll(async () => {
  issuer = await startIssuer();
  authorize = createAuthorizer({
    issuer: ISSUER,
    audience: [CLIENT_ID],
    routeScopes: signedInRouteScopes(),
    keys: createRemoteJWKSet(new URL(issuer.jwksUrl)),
  });
});
afterAll(() => issuer.close());

function statements(result: AuthorizerResult, effect: "Allow" | "Deny"): string[] {
  return result.policyDocument.Statement.filter((s) => s.Effect === effect).flatMap((s) => s.Resource);
}

describe("allow", () => {
  test("a valid read token (TOKEN event) may call the read routes, and the policy covers all of them", async () => {
    const token = await issuer.sign({ sub: "user-7" });
    const result = await authorize(tokenEvent(`Bearer ${token}`, "GET", "/items/42"));
    expect(result.principalId).toBe("user-7");
    expect(statements(result, "Allow").sort()).toEqual(
      [`${STAGE_PREFIX}/GET/items`, `${STAGE_PREFIX}/GET/items/*`].sort(),
    );
    expect(statements(result, "Deny")).toEqual([]);
  });

  test("a write-scoped token is also allowed the write routes, so a cached policy serves them too", async () => {
    const token = await issuer.sign({ scope: `openid ${scopes.write}` });
    const result = await authorize(tokenEvent(`Bearer ${token}`, "POST", "/items"));
    expect(statements(result, "Allow")).toEqual(
      expect.arrayContaining([`${STAGE_PREFIX}/POST/items`, `${STAGE_PREFIX}/PUT/items/*`]),
    );
    expect(statements(result, "Allow")).not.toContain(`${STAGE_PREFIX}/DELETE/items/*`);
    expect(statements(result, "Deny")).toEqual([]);
  });

  test("a REQUEST event reads the Authorization header in any casing", async () => {
    const token = await issuer.sign();
    const result = await authorize(requestEvent({ authorization: `bearer ${token}` }, "GET", "/items"));
    expect(statements(result, "Allow")).toContain(`${STAGE_PREFIX}/GET/items`);
  });

  test("an ID token is accepted by its audience", async () => {
    const token = await issuer.sign({ token_use: "id", aud: CLIENT_ID, client_id: undefined });
    const result = await authorize(tokenEvent(`Bearer ${token}`));
    expect(statements(result, "Allow")).toContain(`${STAGE_PREFIX}/GET/items`);
  });
});

describe("deny", () => {
  test("a token without the write scope gets an explicit Deny on the write it asked for", async () => {
    const token = await issuer.sign();
    const arn = methodArn("PUT", "/items/42");
    const result = await authorize(tokenEvent(`Bearer ${token}`, "PUT", "/items/42"));
    expect(statements(result, "Deny")).toEqual([arn]);
    expect(statements(result, "Allow")).not.toContain(`${STAGE_PREFIX}/PUT/items/*`);
  });

  test.each([
    ["expired", async () => issuer.sign({}, { expiresIn: "-1m" })],
    ["another issuer", async () => issuer.sign({ iss: "https://evil.example.com" })],
    ["another audience", async () => issuer.sign({ client_id: "someone-else" })],
    ["a key the JWKS does not publish", async () => issuer.sign({}, { key: issuer.foreignKey })],
    ["an unknown kid", async () => issuer.sign({}, { kid: "other" })],
    ["a refresh-style token_use", async () => issuer.sign({ token_use: "refresh" })],
  ])("a token from %s is Unauthorized (401)", async (_name, make) => {
    const token = await make();
    await expect(authorize(tokenEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  test("symmetric (HS256, the key-confusion attack) and unsigned (alg none) tokens are rejected", async () => {
    const response = await fetch(issuer.jwksUrl);
    const hs = await new SignJWT({ client_id: CLIENT_ID })
      .setProtectedHeader({ alg: "HS256", kid: "test-key" })
      .setIssuer(ISSUER)
      .setSubject("x")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(await response.text()));
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(
      JSON.stringify({ iss: ISSUER, sub: "x", client_id: CLIENT_ID, exp: 9_999_999_999 }),
    ).toString("base64url")}.`;
    await expect(authorize(tokenEvent(`Bearer ${hs}`))).rejects.toThrow(/^Unauthorized$/);
    await expect(authorize(tokenEvent(`Bearer ${none}`))).rejects.toThrow(/^Unauthorized$/);
  });
});

describe("malformed and missing", () => {
  test.each([
    ["no scheme", "abc.def.ghi"],
    ["Basic credentials", "Basic dXNlcjpwYXNz"],
    ["two parts", "Bearer abc.def"],
    ["garbage parts", "Bearer a.b.c"],
    ["an empty bearer", "Bearer "],
    ["spaces", "   "],
  ])("%s is Unauthorized", async (_name, value) => {
    await expect(authorize(tokenEvent(value))).rejects.toThrow(/^Unauthorized$/);
  });

  test("a missing header (TOKEN and REQUEST) is Unauthorized", async () => {
    await expect(authorize(tokenEvent(undefined))).rejects.toThrow(/^Unauthorized$/);
    await expect(authorize(requestEvent({ accept: "*/*" }))).rejects.toThrow(/^Unauthorized$/);
  });

  test("an event without a method ARN, or not an event at all, is Unauthorized", async () => {
    const token = await issuer.sign();
    await expect(authorize({ type: "TOKEN", authorizationToken: `Bearer ${token}` })).rejects.toThrow(
      /^Unauthorized$/,
    );
    await expect(authorize(null)).rejects.toThrow(/^Unauthorized$/);
    await expect(authorize("Bearer x")).rejects.toThrow(/^Unauthorized$/);
  });

  test("property: no random Authorization value ever yields an Allow", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.boolean(), async (value, asRequest) => {
        const event = asRequest ? requestEvent({ Authorization: value }) : tokenEvent(value);
        await expect(authorize(event)).rejects.toThrow(/^Unauthorized$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe("policy shape and context", () => {
  test("TOKEN and REQUEST answers have the documented shape and only string context values", async () => {
    const token = await issuer.sign({ scope: `${scopes.write} ${scopes.admin}`, username: "alice" });
    for (const event of [
      tokenEvent(`Bearer ${token}`, "PUT", "/items/42"),
      requestEvent({ Authorization: `Bearer ${token}` }, "PUT", "/items/{id}", "/items/42"),
    ]) {
      const result = await authorize(event);
      expect(Object.keys(result).sort()).toEqual(["context", "policyDocument", "principalId"]);
      expect(result.policyDocument.Version).toBe("2012-10-17");
      for (const statement of result.policyDocument.Statement) {
        expect(statement.Action).toBe("execute-api:Invoke");
        expect(["Allow", "Deny"]).toContain(statement.Effect);
        expect(Array.isArray(statement.Resource)).toBe(true);
        for (const resource of statement.Resource) {
          expect(resource.startsWith(`${STAGE_PREFIX}/`)).toBe(true);
          expect(resource).not.toBe("*");
        }
      }
      expect(result.context).toEqual({
        sub: "user-1",
        scope: `${scopes.write} ${scopes.admin}`,
        clientId: CLIENT_ID,
        tokenUse: "access",
        username: "alice",
        issuer: ISSUER,
      });
      for (const value of Object.values(result.context)) expect(typeof value).toBe("string");
    }
  });

  test("a local key set works too (how a local gateway may inject keys)", async () => {
    const token = await issuer.sign();
    const response = await fetch(issuer.jwksUrl);
    const local = createAuthorizer({
      issuer: ISSUER,
      audience: [CLIENT_ID],
      routeScopes: signedInRouteScopes(),
      keys: createLocalJWKSet((await response.json()) as Parameters<typeof createLocalJWKSet>[0]),
    });
    await expect(local(tokenEvent(`Bearer ${token}`))).resolves.toMatchObject({ principalId: "user-1" });
  });
});

describe("configuration", () => {
  const saved = { ...process.env };
  const ROUTE_SCOPES = JSON.stringify(signedInRouteScopes());
  afterEach(() => {
    for (const key of ["JWT_ISSUER", "JWT_AUDIENCE", "JWKS_URL", "ROUTE_SCOPES"]) delete process.env[key];
    Object.assign(process.env, saved);
  });

  test("the handler reads issuer, audience, route scopes and JWKS_URL from the environment", async () => {
    Object.assign(process.env, {
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: `other, ${CLIENT_ID}`,
      ROUTE_SCOPES: JSON.stringify(signedInRouteScopes()),
      JWKS_URL: issuer.jwksUrl,
    });
    const token = await issuer.sign();
    await expect(handler(tokenEvent(`Bearer ${token}`))).resolves.toMatchObject({ principalId: "user-1" });
  });

  test("the JWKS URL defaults to <issuer>/.well-known/jwks.json", () => {
    const config = configFromEnv({ JWT_ISSUER: `${ISSUER}/`, JWT_AUDIENCE: CLIENT_ID, ROUTE_SCOPES });
    expect(config.issuer).toBe(`${ISSUER}/`);
    expect(config.audience).toEqual([CLIENT_ID]);
    expect(config.routeScopes).toEqual(signedInRouteScopes());
  });

  test("a missing issuer, audience or route list is a configuration error (500), never an Allow", () => {
    expect(() => configFromEnv({ JWT_AUDIENCE: CLIENT_ID, ROUTE_SCOPES })).toThrow(/JWT_ISSUER is not set/);
    expect(() => createAuthorizer(configFromEnv({ JWT_ISSUER: ISSUER, ROUTE_SCOPES }))).toThrow(
      /audience is empty/,
    );
    expect(() => configFromEnv({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: CLIENT_ID })).toThrow(
      /ROUTE_SCOPES is not set/,
    );
    expect(() =>
      createAuthorizer({
        issuer: ISSUER,
        audience: [CLIENT_ID],
        routeScopes: {},
        keys: async () => new Uint8Array(),
      }),
    ).toThrow(/routeScopes is empty/);
  });

  test("an unreachable key set is a 500 (an error other than Unauthorized), never an Allow", async () => {
    const offline = createAuthorizer({
      issuer: ISSUER,
      audience: [CLIENT_ID],
      routeScopes: signedInRouteScopes(),
      keys: createRemoteJWKSet(new URL("http://127.0.0.1:9/.well-known/jwks.json"), { timeoutDuration: 500 }),
    });
    const token = await issuer.sign();
    const outcome = await offline(tokenEvent(`Bearer ${token}`)).catch((error: Error) => error);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).not.toBe("Unauthorized");
  });
});

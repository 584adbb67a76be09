/**
 * From Terraform outputs and the environment to a target: the output shapes the tools write, the API variant
 * and region read from the outputs, and a clear list of what to set when a token or credentials are missing.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DeployedTarget, deployedTarget, regionOf } from "../../acceptance/deployed";
import { stackTokenVariable } from "../../acceptance/deployed-token";
import { outputsOf, readOutputs } from "../../acceptance/outputs";
import { SetupError } from "../../acceptance/setup-error";
import type { Target } from "../../acceptance/target";

/** An unsigned JWT-shaped token with these claims (the runner reads claims, API Gateway checks signatures). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", kid: "k" })}.${part(claims)}.${Buffer.from("signature").toString("base64url")}`;
}

const NOW = Date.UTC(2026, 0, 1);
const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example";
const HTTP_OUTPUTS = {
  api_url: "https://abc123.execute-api.eu-west-1.amazonaws.com/",
  jwt_issuer: ISSUER,
  user_pool_client_id: "client123",
  sign_in_domain: "https://apigw-dev-http.auth.eu-west-1.amazoncognito.com",
};
const REST_OUTPUTS = {
  api_url: "https://def456.execute-api.eu-west-1.amazonaws.com/dev",
  api_key_ids: { "basic-demo": "k1", "premium-demo": "k2" },
  usage_plan_ids: { basic: "p1", premium: "p2" },
  admin_policy_arn: "arn:aws:iam::123456789012:policy/apigw-dev-rest-regional-admin",
  jwt_issuer: ISSUER,
};
const goodToken = jwt({ iss: ISSUER, sub: "ada", scope: "items/write items/admin", exp: NOW / 1000 + 3600 });

async function targetOf(planned: Promise<DeployedTarget>): Promise<Target> {
  const result = await planned;
  if (!("target" in result)) throw new Error(`skipped: ${result.skip}`);
  return result.target;
}

async function problemsOf(promise: Promise<unknown>): Promise<readonly string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SetupError) return error.problems;
    throw error;
  }
  throw new Error("expected a SetupError");
}

describe("outputs", () => {
  test("terraform output -json: each output's value", () => {
    const json = {
      api_url: { sensitive: false, type: "string", value: "https://x.execute-api.eu-west-1.amazonaws.com/" },
      api_key_ids: { sensitive: false, type: ["object", { basic: "string" }], value: { basic: "k1" } },
    };
    expect(outputsOf(json, "http-api", "f")).toEqual({
      api_url: "https://x.execute-api.eu-west-1.amazonaws.com/",
      api_key_ids: { basic: "k1" },
    });
  });

  test("cdktf --outputs-file: the stack's own entry among several stacks", () => {
    // cdktf-cli 0.21 writes { <stack>: { <output construct id>: value } } (@cdktf/cli-core lib/output.js).
    const json = { "http-api": { api_url: "https://a/" }, websocket: { websocket_url: "wss://b/dev" } };
    expect(outputsOf(json, "websocket", "f")).toEqual({ websocket_url: "wss://b/dev" });
  });

  test("a flat map of values", () => {
    expect(outputsOf({ api_url: "https://a/" }, "http-api", "f")).toEqual({ api_url: "https://a/" });
  });

  test("a file without the stack says which stacks it has and how to get the right one", () => {
    expect(() => outputsOf({ "http-api": { api_url: "https://a/" } }, "rest-edge", "out.json")).toThrow(
      /^out\.json holds no outputs of stack rest-edge \(its keys: http-api\): is rest-edge deployed\? Give the file `npx cdktf deploy rest-edge --outputs-file <file>` wrote/,
    );
    expect(() => outputsOf({}, "rest-edge", "terraform output")).toThrow(/it is empty/);
  });

  test("without a file: terraform output -json in cdktf.out/stacks/<stack>, or what to do", () => {
    const project = mkdtempSync(join(tmpdir(), "acceptance-outputs-"));
    expect(() => readOutputs("http-api", { cwd: project })).toThrow(
      /^cdktf\.out\/stacks\/http-api does not exist: synthesize with the settings of the deploy \(`npm run synth`\)/,
    );
    mkdirSync(join(project, "cdktf.out", "stacks", "http-api"), { recursive: true });
    writeFileSync(join(project, "cdktf.out", "stacks", "http-api", "cdk.tf.json"), "{}");
    // A stand-in terraform that answers like `terraform output -json`, and records its arguments.
    const bin = join(project, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "terraform"),
      `#!/bin/sh\necho "$@" > "${project}/args"\necho '{"api_url":{"sensitive":false,"type":"string","value":"https://t/"}}'\n`,
    );
    chmodSync(join(bin, "terraform"), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    expect(readOutputs("http-api", { cwd: project, env })).toEqual({ api_url: "https://t/" });
    expect(readFileSync(join(project, "args"), "utf8").trim()).toBe(
      `-chdir=${join(project, "cdktf.out", "stacks", "http-api")} output -json`,
    );
  });

  test("an unreadable or non-JSON file is named", () => {
    const dir = mkdtempSync(join(tmpdir(), "acceptance-outputs-"));
    writeFileSync(join(dir, "bad.json"), "not json");
    expect(() => readOutputs("x", { file: join(dir, "bad.json"), cwd: dir })).toThrow(
      /bad\.json is not JSON/,
    );
    expect(() => readOutputs("x", { file: join(dir, "none.json"), cwd: dir })).toThrow(
      /cannot read the outputs file/,
    );
  });
});

describe("the target of a deployed stack", () => {
  test("the variant, URL and region come from the outputs", async () => {
    const http = await targetOf(
      deployedTarget("http-api", HTTP_OUTPUTS, { ACCEPTANCE_TOKEN: goodToken }, undefined, NOW),
    );
    expect([http.kind, http.url]).toEqual(["http", "https://abc123.execute-api.eu-west-1.amazonaws.com"]);
    const wsOutputs = {
      websocket_url: "wss://ws1.execute-api.eu-west-1.amazonaws.com/dev",
      jwt_issuer: ISSUER,
    };
    const wsToken = jwt({ iss: ISSUER, exp: NOW / 1000 + 3600 });
    const ws = await targetOf(
      deployedTarget("websocket", wsOutputs, { ACCEPTANCE_TOKEN_WEBSOCKET: wsToken }, undefined, NOW),
    );
    expect([ws.kind, ws.url]).toEqual(["websocket", wsOutputs.websocket_url]);
    expect(regionOf("https://a.execute-api.cn-north-1.amazonaws.com.cn/dev")).toEqual({
      region: "cn-north-1",
      domain: "amazonaws.com.cn",
    });
    expect(regionOf("https://api.example.com/")).toBeUndefined();
    expect(stackTokenVariable("rest-regional")).toBe("ACCEPTANCE_TOKEN_REST_REGIONAL");
  });

  test("no token: what to set, the issuer, the scopes the routes need and where to sign in", async () => {
    expect(await problemsOf(deployedTarget("http-api", HTTP_OUTPUTS, {}, undefined, NOW))).toEqual([
      `no token: set ACCEPTANCE_TOKEN_HTTP_API (or ACCEPTANCE_TOKEN) to an access token of ${ISSUER} carrying the scopes "items/write items/admin" (sign in at ${HTTP_OUTPUTS.sign_in_domain} with the authorization code flow and PKCE, client client123), or ACCEPTANCE_TOKEN_COMMAND to a command that prints one`,
    ]);
  });

  test("a token that would fail is refused before any request: foreign issuer, expired, scopes missing", async () => {
    const token = jwt({ iss: "https://elsewhere", scope: "items/write", exp: NOW / 1000 - 10 });
    const problems = await problemsOf(
      deployedTarget("http-api", HTTP_OUTPUTS, { ACCEPTANCE_TOKEN: token }, undefined, NOW),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^ACCEPTANCE_TOKEN expired at 2025-12-31T23:59:50\.000Z/),
      `ACCEPTANCE_TOKEN was issued by "https://elsewhere", but the API trusts ${ISSUER}: use a token of that issuer`,
      'ACCEPTANCE_TOKEN lacks the scopes items/admin (DELETE /items/{id}): sign in asking for the scopes "items/write items/admin"',
    ]);
    expect(
      await problemsOf(deployedTarget("http-api", HTTP_OUTPUTS, { ACCEPTANCE_TOKEN: "abc" }, undefined, NOW)),
    ).toEqual(["ACCEPTANCE_TOKEN is not usable: it is not a JWT (three base64url parts separated by dots)"]);
  });

  test("REST: on REST the admin routes are AWS_IAM, so the token needs only the write scope; AWS credentials are asked for", async () => {
    const token = jwt({ iss: ISSUER, scope: "items/write", exp: NOW / 1000 + 3600 });
    expect(
      await problemsOf(
        deployedTarget("rest-regional", REST_OUTPUTS, { ACCEPTANCE_TOKEN: token }, undefined, NOW),
      ),
    ).toEqual([
      `no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, plus AWS_SESSION_TOKEN for temporary ones (\`eval "$(aws configure export-credentials --format env)"\` exports a profile's); they sign the AWS_IAM routes (attach ${REST_OUTPUTS.admin_policy_arn} to the identity) and look up an API key (apigateway:GET on arn:aws:apigateway:<region>::/usageplans/*; or set ACCEPTANCE_API_KEY)`,
    ]);
    const env = {
      ACCEPTANCE_TOKEN: token,
      ACCEPTANCE_API_KEY: "key-value",
      AWS_ACCESS_KEY_ID: "A",
      AWS_SECRET_ACCESS_KEY: "S",
    };
    const rest = await targetOf(deployedTarget("rest-regional", REST_OUTPUTS, env, undefined, NOW));
    expect(rest.kind).toBe("rest");
    expect(await rest.apiKey?.()).toBe("key-value");
    const signed = await rest.sign?.({
      method: "DELETE",
      url: `${REST_OUTPUTS.api_url}/items/x`,
      headers: {},
    });
    expect(signed?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=A\/\d{8}\/eu-west-1\/execute-api\/aws4_request, /,
    );
  });

  test("a token command gets the stack and its issuer, and its failure is reported", async () => {
    const command = `test "$ACCEPTANCE_STACK" = http-api && test "$ACCEPTANCE_ISSUER" = "${ISSUER}" && test "$ACCEPTANCE_CLIENT_ID" = client123 && echo "Bearer ${goodToken}"`;
    const fromCommand = await targetOf(
      deployedTarget("http-api", HTTP_OUTPUTS, { ACCEPTANCE_TOKEN_COMMAND: command }, undefined, NOW),
    );
    expect(await fromCommand.token()).toBe(goodToken);
    expect(
      await problemsOf(
        deployedTarget(
          "http-api",
          HTTP_OUTPUTS,
          { ACCEPTANCE_TOKEN_COMMAND: "echo no idp >&2; exit 3" },
          undefined,
          NOW,
        ),
      ),
    ).toEqual(["ACCEPTANCE_TOKEN_COMMAND failed: no idp"]);
  });

  test("a PRIVATE API: skipped when asked, else run with a note on where it answers", async () => {
    const outputs = { ...REST_OUTPUTS, vpc_id: "vpc-1", vpc_endpoint_id: "vpce-1" };
    expect(await deployedTarget("rest-private", outputs, { ACCEPTANCE_SKIP_PRIVATE: "1" })).toEqual({
      skip: "rest-private is a PRIVATE API that answers only from its VPC vpc-1 through endpoint vpce-1 (ACCEPTANCE_SKIP_PRIVATE=1)",
    });
    const env = {
      ACCEPTANCE_TOKEN: goodToken,
      ACCEPTANCE_API_KEY: "k",
      AWS_ACCESS_KEY_ID: "A",
      AWS_SECRET_ACCESS_KEY: "S",
    };
    const planned = await deployedTarget("rest-private", outputs, env, undefined, NOW);
    expect("notes" in planned && planned.notes).toEqual([
      "PRIVATE API: it answers only from its VPC vpc-1 through endpoint vpce-1; run this there",
    ]);
  });

  test("outputs without an endpoint are not a stack's", async () => {
    expect(await problemsOf(deployedTarget("x", { items_table: "t" }, {}))).toEqual([
      "the outputs of x have neither api_url nor websocket_url (they have: items_table): is this the stack's output?",
    ]);
  });
});

/**
 * A deployed stack as an acceptance target, from its Terraform outputs and the environment:
 *
 * | variable | for |
 * |---|---|
 * | `ACCEPTANCE_TOKEN_<STACK>` (e.g. `ACCEPTANCE_TOKEN_REST_REGIONAL`) or `ACCEPTANCE_TOKEN` | a bearer access token of the stack's issuer (`jwt_issuer` output) with the scopes the routes ask for |
 * | `ACCEPTANCE_TOKEN_COMMAND` | instead: a shell command that prints one (it gets `ACCEPTANCE_STACK`, `ACCEPTANCE_ISSUER`, `ACCEPTANCE_CLIENT_ID`) |
 * | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` | REST: signing the AWS_IAM (admin) routes, and looking up an API key |
 * | `ACCEPTANCE_API_KEY` | REST: an API key value, instead of looking one up |
 * | `AWS_REGION` | when the region cannot be read from the API's URL (a custom domain) |
 * | `ACCEPTANCE_APIGATEWAY_ENDPOINT` | API Gateway's API, default `https://apigateway.<region>.amazonaws.com` |
 * | `ACCEPTANCE_SKIP_PRIVATE=1` | report a PRIVATE API as skipped (it answers only inside its VPC) |
 *
 * Every problem is reported at once, each with its fix, before any request is made.
 */
import { spawnSync } from "node:child_process";
import { type RouteSpec, type RouteTable, routeList, routes } from "../stacks/routes";
import { lookUpApiKey } from "./api-key-lookup";
import type { Outputs } from "./outputs";
import { needsOf, scopeNeeds, scopesForAllRoutes } from "./route-call";
import { SetupError } from "./setup-error";
import { type AwsCredentials, signer } from "./sigv4";
import type { Target, TargetKind } from "./target";
import { claimsOf, scopesOf } from "./tokens";

export type Env = Readonly<Record<string, string | undefined>>;

export type DeployedTarget =
  | { readonly target: Target; readonly notes: readonly string[] }
  | { readonly skip: string };

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `ACCEPTANCE_TOKEN_REST_REGIONAL` for stack `rest-regional`. */
export function stackTokenVariable(stackId: string): string {
  return `ACCEPTANCE_TOKEN_${stackId.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Region and domain of an execute-api URL (`https://<id>.execute-api.<region>.amazonaws.com[.cn]/...`). */
export function regionOf(url: string): { region: string; domain: string } | undefined {
  const match = /\.execute-api\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/.exec(new URL(url).hostname);
  return match ? { region: match[1], domain: match[2] } : undefined;
}

function tokenFrom(
  stackId: string,
  outputs: Outputs,
  env: Env,
): { token?: string; from: string; problem?: string } {
  const perStack = stackTokenVariable(stackId);
  const direct = text(env[perStack]) ?? text(env.ACCEPTANCE_TOKEN);
  if (direct !== undefined)
    return { token: direct, from: text(env[perStack]) ? perStack : "ACCEPTANCE_TOKEN" };
  const command = text(env.ACCEPTANCE_TOKEN_COMMAND);
  if (command === undefined) return { from: perStack };
  const result = spawnSync("/bin/sh", ["-c", command], {
    encoding: "utf8",
    env: {
      ...env,
      ACCEPTANCE_STACK: stackId,
      ACCEPTANCE_ISSUER: text(outputs.jwt_issuer) ?? "",
      ACCEPTANCE_CLIENT_ID: text(outputs.user_pool_client_id) ?? "",
    },
  });
  const printed = result.stdout?.trim().replace(/^Bearer\s+/i, "") ?? "";
  if (result.status !== 0 || printed === "") {
    const why = result.error?.message ?? (result.stderr.trim() || `exit ${result.status}, printed nothing`);
    return { from: "ACCEPTANCE_TOKEN_COMMAND", problem: `ACCEPTANCE_TOKEN_COMMAND failed: ${why}` };
  }
  return { token: printed, from: "ACCEPTANCE_TOKEN_COMMAND" };
}

function tokenProblems(
  token: string,
  from: string,
  kind: TargetKind,
  outputs: Outputs,
  table: RouteTable,
  now: number,
): string[] {
  let claims: Record<string, unknown>;
  try {
    claims = { ...claimsOf(token) };
  } catch (error) {
    return [`${from} is not usable: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (typeof claims.exp === "number" && claims.exp * 1000 < now + 60_000) {
    problems.push(
      `${from} expired at ${new Date(claims.exp * 1000).toISOString()} (or does within a minute): get a fresh token`,
    );
  }
  const issuer = text(outputs.jwt_issuer);
  if (issuer !== undefined && claims.iss !== issuer) {
    problems.push(
      `${from} was issued by ${JSON.stringify(claims.iss)}, but ${kind === "websocket" ? "$connect" : "the API"} trusts ${issuer}: use a token of that issuer`,
    );
  }
  const held = scopesOf(claims);
  const lacking = scopeNeeds(kind, table).filter(
    (need) => need.anyOf.length > 0 && !need.anyOf.some((scope) => held.includes(scope)),
  );
  if (lacking.length > 0) {
    problems.push(
      `${from} lacks the scopes ${lacking.map((need) => `${need.anyOf.join(" or ")} (${need.route.key})`).join(", ")}: sign in asking for the scopes "${scopesForAllRoutes(kind, table).join(" ")}"`,
    );
  }
  return problems;
}

function missingTokenProblem(
  variable: string,
  kind: TargetKind,
  outputs: Outputs,
  table: RouteTable,
): string {
  const scopes = scopesForAllRoutes(kind, table);
  const signIn = text(outputs.sign_in_domain);
  return [
    `no token: set ${variable} (or ACCEPTANCE_TOKEN) to an access token`,
    text(outputs.jwt_issuer) ? ` of ${text(outputs.jwt_issuer)}` : "",
    scopes.length > 0 ? ` carrying the scopes "${scopes.join(" ")}"` : "",
    signIn
      ? ` (sign in at ${signIn} with the authorization code flow and PKCE, client ${text(outputs.user_pool_client_id)})`
      : "",
    ", or ACCEPTANCE_TOKEN_COMMAND to a command that prints one",
  ].join("");
}

function credentialsOf(env: Env): AwsCredentials | undefined {
  const accessKeyId = text(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = text(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: text(env.AWS_SESSION_TOKEN) };
}

export async function deployedTarget(
  stackId: string,
  outputs: Outputs,
  env: Env,
  table: RouteTable = routes,
  now = Date.now(),
): Promise<DeployedTarget> {
  const endpoint = text(outputs.websocket_url) ?? text(outputs.api_url);
  if (endpoint === undefined) {
    throw new SetupError([
      `the outputs of ${stackId} have neither api_url nor websocket_url (they have: ${Object.keys(outputs).join(", ") || "none"}): is this the stack's output?`,
    ]);
  }
  const kind: TargetKind = text(outputs.websocket_url)
    ? "websocket"
    : outputs.api_key_ids !== undefined
      ? "rest"
      : "http";
  const url = endpoint.replace(/\/+$/, "");
  const notes: string[] = [];
  const vpcEndpoint = text(outputs.vpc_endpoint_id);
  if (vpcEndpoint !== undefined) {
    const where = `its VPC ${text(outputs.vpc_id) ?? ""} through endpoint ${vpcEndpoint}`.replace("  ", " ");
    if (env.ACCEPTANCE_SKIP_PRIVATE === "1") {
      return {
        skip: `${stackId} is a PRIVATE API that answers only from ${where} (ACCEPTANCE_SKIP_PRIVATE=1)`,
      };
    }
    notes.push(`PRIVATE API: it answers only from ${where}; run this there`);
  }

  const problems: string[] = [];
  const usesToken = kind === "websocket" || specsOf(table).some((spec) => needsOf(kind, spec).token);
  let token: string | undefined;
  if (usesToken) {
    const found = tokenFrom(stackId, outputs, env);
    if (found.problem) problems.push(found.problem);
    else if (found.token === undefined) problems.push(missingTokenProblem(found.from, kind, outputs, table));
    else {
      problems.push(...tokenProblems(found.token, found.from, kind, outputs, table, now));
      token = found.token;
    }
  }

  const located = regionOf(url);
  const region = located?.region ?? text(env.AWS_REGION) ?? text(env.AWS_DEFAULT_REGION);
  const credentials = credentialsOf(env);
  const signs = specsOf(table).some((spec) => needsOf(kind, spec).signature);
  const apiKeyGiven = text(env.ACCEPTANCE_API_KEY);
  if (kind === "rest") {
    if (region === undefined) problems.push(`the region is not in ${url}: set AWS_REGION`);
    const purposes = [
      signs
        ? `sign the AWS_IAM routes (attach ${text(outputs.admin_policy_arn) ?? "the stack's admin policy"} to the identity)`
        : undefined,
      apiKeyGiven === undefined
        ? "look up an API key (apigateway:GET on arn:aws:apigateway:<region>::/usageplans/*; or set ACCEPTANCE_API_KEY)"
        : undefined,
    ].filter((purpose) => purpose !== undefined);
    if (credentials === undefined && purposes.length > 0) {
      problems.push(
        `no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, plus AWS_SESSION_TOKEN for temporary ones (\`eval "$(aws configure export-credentials --format env)"\` exports a profile's); they ${purposes.join(" and ")}`,
      );
    }
  }
  if (problems.length > 0) throw new SetupError(problems);

  let apiKey: string | undefined;
  if (kind === "rest") {
    apiKey = apiKeyGiven;
    if (apiKey === undefined && credentials !== undefined && region !== undefined) {
      const api =
        text(env.ACCEPTANCE_APIGATEWAY_ENDPOINT) ??
        `https://apigateway.${region}.${located?.domain ?? "amazonaws.com"}`;
      const plans = (outputs.usage_plan_ids ?? {}) as Record<string, string>;
      apiKey = await lookUpApiKey(plans, api.replace(/\/+$/, ""), signer(credentials, region, "apigateway"));
    }
  }
  const sign =
    kind === "rest" && credentials !== undefined && region !== undefined
      ? signer(credentials, region)
      : undefined;
  const target: Target = {
    stackId,
    kind,
    url,
    token: async () => {
      if (token === undefined) throw new Error("no token was given");
      return token;
    },
    apiKey: apiKey === undefined ? undefined : async () => apiKey,
    sign,
  };
  return { target, notes };
}

function specsOf(table: RouteTable): RouteSpec[] {
  return routeList(table).map((route) => route.spec);
}

/**
 * The token the cases send to a deployed stack: from `ACCEPTANCE_TOKEN_<STACK>`, `ACCEPTANCE_TOKEN` or the
 * output of `ACCEPTANCE_TOKEN_COMMAND`, checked before any request for what would make every case fail: not a
 * JWT, expired, another issuer than the stack trusts, scopes the routes ask for missing.
 */
import { spawnSync } from "node:child_process";
import type { RouteTable } from "../api/routes";
import { type Env, nonEmpty } from "./env";
import type { Outputs } from "./outputs";
import { scopeNeeds, scopesForAllRoutes } from "./route-call";
import type { TargetKind } from "./target";
import { claimsOf, scopesOf } from "./tokens";

/** `ACCEPTANCE_TOKEN_REST_REGIONAL` for stack `rest-regional`. */
export function stackTokenVariable(stackId: string): string {
  return `ACCEPTANCE_TOKEN_${stackId.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

function tokenFrom(
  stackId: string,
  outputs: Outputs,
  env: Env,
): { token?: string; from: string; problem?: string } {
  const perStack = stackTokenVariable(stackId);
  const direct = nonEmpty(env[perStack]) ?? nonEmpty(env.ACCEPTANCE_TOKEN);
  if (direct !== undefined)
    return { token: direct, from: nonEmpty(env[perStack]) ? perStack : "ACCEPTANCE_TOKEN" };
  const command = nonEmpty(env.ACCEPTANCE_TOKEN_COMMAND);
  if (command === undefined) return { from: perStack };
  const result = spawnSync("/bin/sh", ["-c", command], {
    encoding: "utf8",
    env: {
      ...env,
      ACCEPTANCE_STACK: stackId,
      ACCEPTANCE_ISSUER: nonEmpty(outputs.jwt_issuer) ?? "",
      ACCEPTANCE_CLIENT_ID: nonEmpty(outputs.user_pool_client_id) ?? "",
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
  const issuer = nonEmpty(outputs.jwt_issuer);
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
  const signIn = nonEmpty(outputs.sign_in_domain);
  return [
    `no token: set ${variable} (or ACCEPTANCE_TOKEN) to an access token`,
    nonEmpty(outputs.jwt_issuer) ? ` of ${nonEmpty(outputs.jwt_issuer)}` : "",
    scopes.length > 0 ? ` carrying the scopes "${scopes.join(" ")}"` : "",
    signIn
      ? ` (sign in at ${signIn} with the authorization code flow and PKCE, client ${nonEmpty(outputs.user_pool_client_id)})`
      : "",
    ", or ACCEPTANCE_TOKEN_COMMAND to a command that prints one",
  ].join("");
}

/** The token for the stack, or why there is none; `problems` empty means the token looks usable. */
export function deployedToken(
  stackId: string,
  kind: TargetKind,
  outputs: Outputs,
  env: Env,
  table: RouteTable,
  now: number,
): { token?: string; problems: string[] } {
  const found = tokenFrom(stackId, outputs, env);
  if (found.problem) return { problems: [found.problem] };
  if (found.token === undefined) return { problems: [missingTokenProblem(found.from, kind, outputs, table)] };
  return { token: found.token, problems: tokenProblems(found.token, found.from, kind, outputs, table, now) };
}

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
import { type RouteSpec, type RouteTable, routeList, routes } from "../api/routes";
import { lookUpApiKey } from "./api-key-lookup";
import { deployedToken } from "./deployed-token";
import { type Env, nonEmpty } from "./env";
import type { Outputs } from "./outputs";
import { needsOf } from "./route-call";
import { SetupError } from "./setup-error";
import { type AwsCredentials, signer } from "./sigv4";
import type { Target, TargetKind } from "./target";

export type DeployedTarget =
  | { readonly target: Target; readonly notes: readonly string[] }
  | { readonly skip: string };

/** Region and domain of an execute-api URL (`https://<id>.execute-api.<region>.amazonaws.com[.cn]/...`). */
export function regionOf(url: string): { region: string; domain: string } | undefined {
  const match = /\.execute-api\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/.exec(new URL(url).hostname);
  return match ? { region: match[1], domain: match[2] } : undefined;
}

function credentialsOf(env: Env): AwsCredentials | undefined {
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) };
}

export async function deployedTarget(
  stackId: string,
  outputs: Outputs,
  env: Env,
  table: RouteTable = routes,
  now = Date.now(),
): Promise<DeployedTarget> {
  const endpoint = nonEmpty(outputs.websocket_url) ?? nonEmpty(outputs.api_url);
  if (endpoint === undefined) {
    throw new SetupError([
      `the outputs of ${stackId} have neither api_url nor websocket_url (they have: ${Object.keys(outputs).join(", ") || "none"}): is this the stack's output?`,
    ]);
  }
  const kind: TargetKind = nonEmpty(outputs.websocket_url)
    ? "websocket"
    : outputs.api_key_ids !== undefined
      ? "rest"
      : "http";
  const url = endpoint.replace(/\/+$/, "");
  const notes: string[] = [];
  const vpcEndpoint = nonEmpty(outputs.vpc_endpoint_id);
  if (vpcEndpoint !== undefined) {
    const where = `its VPC ${nonEmpty(outputs.vpc_id) ?? ""} through endpoint ${vpcEndpoint}`.replace(
      "  ",
      " ",
    );
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
    const found = deployedToken(stackId, kind, outputs, env, table, now);
    problems.push(...found.problems);
    token = found.token;
  }

  const located = regionOf(url);
  const region = located?.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const credentials = credentialsOf(env);
  const signs = specsOf(table).some((spec) => needsOf(kind, spec).signature);
  const apiKeyGiven = nonEmpty(env.ACCEPTANCE_API_KEY);
  if (kind === "rest") {
    if (region === undefined) problems.push(`the region is not in ${url}: set AWS_REGION`);
    const purposes = [
      signs
        ? `sign the AWS_IAM routes (attach ${nonEmpty(outputs.admin_policy_arn) ?? "the stack's admin policy"} to the identity)`
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
        nonEmpty(env.ACCEPTANCE_APIGATEWAY_ENDPOINT) ??
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

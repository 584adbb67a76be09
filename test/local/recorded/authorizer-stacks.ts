// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references are written as ${type.name.attr}, like cdktf writes them.
/**
 * REST APIs behind a Lambda authorizer: a TOKEN one whose answers are recorded ones (test/fixtures/aws), so a
 * test can compare what the gateway makes of a recorded answer with what AWS made of it, and a REQUEST one that
 * hands on the event it was sent, to compare with recorded events.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import type { Recorded } from "../../fixtures/aws";
import { API, proxy, ROOT, restApi } from "./stacks";

type Json = Record<string, unknown>;

/** What the recorded-answer authorizer prints on each call, so a test can count calls. */
export const AUTHORIZER_CALLED = "recorded-authorizer-called";

/**
 * Answers with the recorded answer its token (TOKEN) or `Authorization` header (REQUEST) names (`Unauthorized`
 * for any other). A statement without
 * a Resource, or with the recording's placeholder `resource_arn`, gets the method ARN it is asked about, since
 * the ARNs recorded there name APIs that are not here; wildcard ARNs stay as recorded.
 */
function authorizerCode(answers: Record<string, Recorded>): string {
  return `const ANSWERS = ${JSON.stringify(answers)};
const CALLED = ${JSON.stringify(AUTHORIZER_CALLED)};
export const handler = async (event) => {
  console.log(CALLED);
  const answer = ANSWERS[event.authorizationToken ?? event.headers?.Authorization];
  if (!answer) throw new Error("Unauthorized");
  const arn = (resource) => (resource === "resource_arn" ? event.methodArn : resource);
  const resources = (r) => (r === undefined ? event.methodArn : Array.isArray(r) ? r.map(arn) : arn(r));
  const Statement = answer.policyDocument.Statement.map((s) => ({ ...s, Resource: resources(s.Resource) }));
  return { ...answer, policyDocument: { ...answer.policyDocument, Statement } };
};`;
}

/**
 * `aws_api_gateway_resource` blocks for each segment of `path` (`a/b/c`); the last one is `guarded`. The root
 * (`""`) needs none.
 */
function resourceChain(path: string): Json {
  if (path === "") return {};
  const segments = path.split("/");
  const resources: Json = {};
  segments.forEach((segment, index) => {
    const name = index === segments.length - 1 ? "guarded" : `segment${index}`;
    const parent = index === 0 ? ROOT : `\${aws_api_gateway_resource.segment${index - 1}.id}`;
    resources[name] = { rest_api_id: API, parent_id: parent, path_part: segment };
  });
  return resources;
}

/** A REQUEST authorizer that allows the method it is asked about and hands its own event on in the context. */
const ECHO_EVENT_AUTHORIZER = `export const handler = async (event) => ({
  principalId: "recorded",
  policyDocument: {
    Version: "2012-10-17",
    Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
  },
  context: { event: JSON.stringify(event) },
});`;

/**
 * `GET /{path}` (`path` may have several segments) behind a TOKEN (or REQUEST) authorizer on `Authorization`
 * answering `answers` by its value, the echo function behind it. No result cache unless `ttlSeconds` is given.
 */
export function restTokenAuthorizerStack(
  dir: string,
  stage: string,
  path: string,
  answers: Record<string, Recorded>,
  type: "TOKEN" | "REQUEST" = "TOKEN",
  ttlSeconds = 0,
): Json {
  return guardedStack(dir, stage, path, type, authorizerCode(answers), ttlSeconds);
}

/**
 * `GET /{path}` (`""`: the root) behind a TOKEN or REQUEST authorizer on `Authorization` (no result cache) whose
 * context carries the event it was sent (`requestContext.authorizer.event`, JSON), the echo function behind it.
 */
export function restAuthorizerEventStack(
  dir: string,
  stage: string,
  path: string,
  type: "TOKEN" | "REQUEST",
): Json {
  return guardedStack(dir, stage, path, type, ECHO_EVENT_AUTHORIZER);
}

function guardedStack(
  dir: string,
  stage: string,
  path: string,
  type: string,
  code: string,
  ttlSeconds = 0,
): Json {
  const bytes = zipSync({
    "index.mjs": [new TextEncoder().encode(code), { mtime: new Date(1980, 0, 1) }],
  });
  mkdirSync(join(dir, "assets"), { recursive: true });
  writeFileSync(join(dir, "assets", "authorizer.zip"), bytes);
  const resourceId = path === "" ? ROOT : "${aws_api_gateway_resource.guarded.id}";
  const stack = restApi(dir, stage, resourceChain(path), {
    aws_api_gateway_authorizer: {
      lambda: {
        rest_api_id: API,
        name: "recorded-authorizer",
        type,
        authorizer_uri: "${aws_lambda_function.authorizer.invoke_arn}",
        identity_source: "method.request.header.Authorization",
        authorizer_result_ttl_in_seconds: ttlSeconds,
      },
    },
    aws_api_gateway_method: {
      guarded: {
        rest_api_id: API,
        resource_id: resourceId,
        http_method: "GET",
        authorization: "CUSTOM",
        authorizer_id: "${aws_api_gateway_authorizer.lambda.id}",
      },
    },
    aws_api_gateway_integration: { guarded: { ...proxy("guarded", "guarded"), resource_id: resourceId } },
  });
  const resources = stack.resource as Record<string, Record<string, Json>>;
  resources.aws_lambda_function.authorizer = {
    function_name: "recorded-authorizer",
    handler: "index.handler",
    runtime: "nodejs22.x",
    memory_size: 128,
    timeout: 3,
    role: "${aws_iam_role.role.arn}",
    filename: "assets/authorizer.zip",
  };
  return stack;
}

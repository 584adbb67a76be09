// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references are written as ${type.name.attr}, like cdktf writes them.
/**
 * Hand-made synthesized stacks (cdk.tf.json + Lambda zips) with test handlers — an echo of the event, a
 * function that sleeps, throws, crashes or returns any result, a Lambda authorizer driven by the token — so
 * the gateway's behavior can be checked exactly, independently of the real stacks. Written the way cdktf
 * writes them (references as `${type.name.attr}`), so reference resolution is exercised too.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";

const HANDLERS: Record<string, string> = {
  echo: `
export const handler = async (event, context) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    event,
    remainingMs: context.getRemainingTimeInMillis(),
    functionName: context.functionName,
    env: {
      FIXTURE: process.env.FIXTURE ?? null,
      TABLE_NAME: process.env.TABLE_NAME ?? null,
      AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME ?? null,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? null,
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? null,
    },
  }),
});`,
  behave: `
let count = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const handler = async (event) => {
  const q = event.queryStringParameters ?? {};
  const body = event.body == null ? "" : event.isBase64Encoded ? Buffer.from(event.body, "base64").toString() : event.body;
  switch (q.mode) {
    case "sleep": await sleep(Number(q.ms)); return { statusCode: 200, body: "slept" };
    case "throw": throw new Error("boom");
    case "exit": process.exit(3);
    case "uncaught": setTimeout(() => { throw new Error("late failure"); }, 1); await sleep(200); return { statusCode: 200, body: "survived" };
    case "result": return JSON.parse(body);
    case "big": return { statusCode: 200, body: "x".repeat(Number(q.bytes)) };
    case "count": count += 1; return { statusCode: 200, body: String(count) };
    case "log": console.log("line one"); console.error("line two"); return { statusCode: 200, body: "logged" };
    case "loud": console.log("x".repeat(Number(q.bytes))); return { statusCode: 200, body: "loud" };
    case "kill": process.kill(process.pid, q.signal ?? "SIGTERM"); await sleep(500); return { statusCode: 200, body: "still here" };
    default: return { statusCode: 200, body: "ok" };
  }
};`,
  ws: `
export const handler = async (event) => {
  const ctx = event.requestContext;
  if (ctx.eventType === "CONNECT") {
    console.log("connect-event " + JSON.stringify(event));
    const mode = event.queryStringParameters?.mode;
    if (mode === "refuse") return { statusCode: 401, body: "no" };
    if (mode === "throw") throw new Error("no connect");
    if (mode === "protocol") return { statusCode: 200, headers: { "Sec-WebSocket-Protocol": "chat", "X-Extra": "1" } };
    if (mode === "headers") return { statusCode: 200, headers: JSON.parse(event.queryStringParameters.h) };
    return { statusCode: 200 };
  }
  if (ctx.eventType === "DISCONNECT") {
    console.log("disconnect " + ctx.disconnectStatusCode + " " + ctx.disconnectReason);
    if (ctx.disconnectReason === "write-then-close") {
      // A slow best-effort write, as the chat stack's $disconnect makes: the gateway must let it finish.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const response = await fetch(process.env.AWS_ENDPOINT_URL_DYNAMODB, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.PutItem",
          "x-amz-date": "20260101T000000Z",
          authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
        },
        body: JSON.stringify({ TableName: process.env.TABLE_NAME, Item: { pk: { S: ctx.connectionId }, sk: { N: "1" } } }),
      });
      console.log("disconnect wrote " + response.status + " " + (await response.text()));
    }
    return { statusCode: 200 };
  }
  const body = JSON.parse(event.body);
  if (body.action === "boom") throw new Error("boom");
  if (body.action === "slow") await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    statusCode: 200,
    body: JSON.stringify({ routeKey: ctx.routeKey, eventType: ctx.eventType, hasHeaders: "headers" in event, messageId: ctx.messageId, connectionId: ctx.connectionId, stage: ctx.stage }),
  };
};`,
  store: `
// Keeps one text per id in the stack's table, through the DynamoDB API the gateway embeds: PUT stores the
// body, GET gives it back (404 when absent).
const dynamo = async (target, payload) => {
  const response = await fetch(process.env.AWS_ENDPOINT_URL_DYNAMODB, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "DynamoDB_20120810." + target,
      "x-amz-date": "20260101T000000Z",
      authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
    },
    body: JSON.stringify({ TableName: process.env.TABLE_NAME, ...payload }),
  });
  return { status: response.status, data: await response.json() };
};
export const handler = async (event) => {
  const key = { pk: { S: event.pathParameters.id }, sk: { N: "1" } };
  if (event.requestContext.http.method === "PUT") {
    const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString() : event.body ?? "";
    const { status, data } = await dynamo("PutItem", { Item: { ...key, text: { S: text } } });
    return status === 200 ? { statusCode: 204 } : { statusCode: 502, body: JSON.stringify(data) };
  }
  const { status, data } = await dynamo("GetItem", { Key: key });
  if (status !== 200) return { statusCode: 502, body: JSON.stringify(data) };
  return data.Item ? { statusCode: 200, body: data.Item.text.S } : { statusCode: 404, body: "" };
};`,
  authorizer: `
let calls = 0;
const policy = (effect, resource, extra = {}) => ({
  principalId: "fixture-user",
  policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }] },
  context: { calls, tier: "gold", n: 7, ok: true },
  ...extra,
});
export const handler = async (event) => {
  calls += 1;
  const raw = event.authorizationToken ?? event.headers?.authorization ?? event.headers?.Authorization ?? (event.identitySource ?? [])[0] ?? "";
  const token = String(raw).replace(/^Bearer /, "");
  const arn = event.methodArn ?? event.routeArn;
  if (token === "allow") return policy("Allow", arn);
  if (token === "allow-all") return policy("Allow", arn.replace(/\\/[^/]+\\/[^/]+\\/.*$/, "/*/*"));
  if (token === "deny") return policy("Deny", arn);
  if (token === "narrow") return policy("Allow", "arn:aws:execute-api:*:*:*/*/GET/elsewhere");
  if (token === "unauthorized") throw new Error("Unauthorized");
  if (token === "broken") return { principalId: "x" };
  if (token === "nested") return policy("Allow", arn, { context: { nested: { a: 1 } } });
  if (token === "simple-yes") return { isAuthorized: true, context: { who: "simple", calls } };
  if (token === "simple-no") return { isAuthorized: false };
  throw new Error("unexpected token " + token);
};`,
};

type Json = Record<string, unknown>;

function zip(dir: string, name: string): { filename: string } {
  const code = new TextEncoder().encode(HANDLERS[name]);
  const bytes = zipSync({ "index.mjs": [code, { mtime: new Date(1980, 0, 1) }] });
  mkdirSync(join(dir, "assets", name), { recursive: true });
  writeFileSync(join(dir, "assets", name, `${name}.zip`), bytes);
  return { filename: `assets/${name}/${name}.zip` };
}

function lambda(dir: string, code: string, name: string, extra: Json = {}): Json {
  return {
    function_name: `fixture-${name}`,
    handler: "index.handler",
    runtime: "nodejs22.x",
    memory_size: 128,
    timeout: 3,
    role: "${aws_iam_role.role.arn}",
    environment: { variables: { FIXTURE: name, TABLE_NAME: "${aws_dynamodb_table.table.name}" } },
    ...zip(dir, code),
    ...extra,
  };
}

const PROVIDER = { aws: [{ region: "eu-west-1" }] };
const COMMON = {
  aws_iam_role: { role: { name: "fixture-role", assume_role_policy: "{}" } },
  aws_dynamodb_table: {
    table: {
      name: "fixture-table",
      hash_key: "pk",
      range_key: "sk",
      attribute: [
        { name: "pk", type: "S" },
        { name: "sk", type: "N" },
      ],
      ttl: { attribute_name: "expiresAt", enabled: true },
    },
  },
};

function httpStack(dir: string): Json {
  const fns = {
    echo: lambda(dir, "echo", "http-echo"),
    other: lambda(dir, "echo", "http-other"),
    behave: lambda(dir, "behave", "http-behave", { timeout: 1 }),
    authorizer: lambda(dir, "authorizer", "http-authorizer"),
    store: lambda(dir, "store", "http-store", { timeout: 10 }),
  };
  const api = "${aws_apigatewayv2_api.api.id}";
  const integration = (fn: string, extra: Json = {}) => ({
    api_id: api,
    integration_type: "AWS_PROXY",
    integration_uri: `\${aws_lambda_function.${fn}.invoke_arn}`,
    payload_format_version: "2.0",
    ...extra,
  });
  const route = (key: string, target: string, extra: Json = {}) => ({
    api_id: api,
    route_key: key,
    target: `integrations/\${aws_apigatewayv2_integration.${target}.id}`,
    authorization_type: "NONE",
    ...extra,
  });
  return {
    provider: PROVIDER,
    resource: {
      ...COMMON,
      aws_lambda_function: fns,
      aws_apigatewayv2_api: {
        api: {
          name: "fixture-http",
          protocol_type: "HTTP",
          cors_configuration: {
            allow_origins: ["*"],
            allow_methods: ["GET", "POST"],
            allow_headers: ["*"],
            max_age: 60,
          },
        },
      },
      aws_apigatewayv2_integration: {
        echo: integration("echo"),
        other: integration("other"),
        v1: integration("echo", { payload_format_version: "1.0" }),
        behave: integration("behave"),
        slow: integration("behave", { timeout_milliseconds: 300 }),
        store: integration("store"),
      },
      aws_apigatewayv2_authorizer: {
        lambda: {
          api_id: api,
          authorizer_type: "REQUEST",
          authorizer_uri: "${aws_lambda_function.authorizer.invoke_arn}",
          authorizer_payload_format_version: "2.0",
          enable_simple_responses: true,
          identity_sources: ["$request.header.Authorization"],
          authorizer_result_ttl_in_seconds: 0,
          name: "lambda",
        },
      },
      aws_apigatewayv2_route: {
        echo: route("GET /echo", "echo"),
        dog1: route("GET /pets/dog/1", "echo"),
        dogId: route("GET /pets/dog/{id}", "echo"),
        pets: route("GET /pets/{proxy+}", "echo"),
        any: route("ANY /{proxy+}", "echo"),
        fallback: route("$default", "other"),
        other: route("GET /other", "other"),
        v1: route("GET /v1/echo", "v1"),
        behaveGet: route("GET /behave", "behave"),
        behavePost: route("POST /behave", "behave"),
        slow: route("GET /slow", "slow"),
        throttled: route("GET /throttled", "echo"),
        storePut: route("PUT /store/{id}", "store"),
        storeGet: route("GET /store/{id}", "store"),
        lambdaAuth: route("GET /lambda-auth", "echo", {
          authorization_type: "CUSTOM",
          authorizer_id: "${aws_apigatewayv2_authorizer.lambda.id}",
        }),
      },
      aws_apigatewayv2_stage: {
        stage: {
          api_id: api,
          name: "$default",
          auto_deploy: true,
          stage_variables: { color: "blue" },
          route_settings: [
            { route_key: "GET /throttled", throttling_burst_limit: 2, throttling_rate_limit: 1 },
          ],
        },
      },
    },
  };
}

function restStack(dir: string): Json {
  const fns = {
    echo: lambda(dir, "echo", "rest-echo"),
    behave: lambda(dir, "behave", "rest-behave", { timeout: 1 }),
    single: lambda(dir, "behave", "rest-single", { reserved_concurrent_executions: 1 }),
    authorizer: lambda(dir, "authorizer", "rest-authorizer"),
  };
  const api = "${aws_api_gateway_rest_api.api.id}";
  const root = "${aws_api_gateway_rest_api.api.root_resource_id}";
  const resources: Json = {};
  const methods: Json = {};
  const integrations: Json = {};
  const resource = (name: string, parent: string, part: string) => {
    resources[name] = { rest_api_id: api, parent_id: parent, path_part: part };
    return `\${aws_api_gateway_resource.${name}.id}`;
  };
  const method = (
    name: string,
    resourceId: string,
    httpMethod: string,
    fn: string | undefined,
    extra: Json = {},
    integrationExtra: Json = {},
  ) => {
    methods[name] = {
      rest_api_id: api,
      resource_id: resourceId,
      http_method: httpMethod,
      authorization: "NONE",
      ...extra,
    };
    integrations[name] = fn
      ? {
          rest_api_id: api,
          resource_id: resourceId,
          http_method: `\${aws_api_gateway_method.${name}.http_method}`,
          type: "AWS_PROXY",
          integration_http_method: "POST",
          uri: `\${aws_lambda_function.${fn}.invoke_arn}`,
          ...integrationExtra,
        }
      : {
          rest_api_id: api,
          resource_id: resourceId,
          http_method: httpMethod,
          type: "MOCK",
          request_templates: { "application/json": '{"statusCode": 200}' },
        };
  };
  method("rootGet", root, "GET", "echo");
  const echo = resource("echo", root, "echo");
  method("echoGet", echo, "GET", "echo");
  const echoId = resource("echoId", echo, "{id}");
  method("echoIdGet", echoId, "GET", "echo");
  const echoProxy = resource("echoProxy", echo, "{proxy+}");
  method("echoProxyAny", echoProxy, "ANY", "echo");
  const behave = resource("behave", root, "behave");
  method("behaveGet", behave, "GET", "behave");
  method("behavePost", behave, "POST", "behave");
  const slow = resource("slow", root, "slow");
  method("slowGet", slow, "GET", "behave", {}, { timeout_milliseconds: 300 });
  const single = resource("single", root, "single");
  method("singleGet", single, "GET", "single");
  const auth = resource("auth", root, "auth");
  method("authGet", auth, "GET", "echo", {
    authorization: "CUSTOM",
    authorizer_id: "${aws_api_gateway_authorizer.token.id}",
  });
  const authOther = resource("authOther", root, "auth-other");
  method("authOtherGet", authOther, "GET", "echo", {
    authorization: "CUSTOM",
    authorizer_id: "${aws_api_gateway_authorizer.token.id}",
  });
  const keyed = resource("keyed", root, "keyed");
  method("keyedGet", keyed, "GET", "echo", { api_key_required: true });
  const validated = resource("validated", root, "validated");
  method("validatedPost", validated, "POST", "echo", {
    request_validator_id: "${aws_api_gateway_request_validator.all.id}",
    request_models: { "application/json": "${aws_api_gateway_model.thing.name}" },
    request_parameters: { "method.request.querystring.q": true, "method.request.header.x-trace": false },
  });
  const tagged = resource("tagged", root, "tagged");
  method("taggedPost", tagged, "POST", "echo", {
    request_validator_id: "${aws_api_gateway_request_validator.all.id}",
    request_models: { "application/json": "${aws_api_gateway_model.tagged.name}" },
  });
  const iam = resource("iam", root, "iam");
  method("iamGet", iam, "GET", "echo", { authorization: "AWS_IAM" });
  const cognito = resource("cognito", root, "cognito");
  method("cognitoGet", cognito, "GET", "echo", {
    authorization: "COGNITO_USER_POOLS",
    authorizer_id: "${aws_api_gateway_authorizer.pool.id}",
    authorization_scopes: ["fixture/read"],
  });
  const mock = resource("mock", root, "mock");
  method("mockOptions", mock, "OPTIONS", undefined);
  return {
    provider: PROVIDER,
    resource: {
      ...COMMON,
      aws_lambda_function: fns,
      aws_cognito_user_pool: { pool: { name: "fixture-pool" } },
      aws_api_gateway_rest_api: {
        api: {
          name: "fixture-rest",
          endpoint_configuration: { types: ["REGIONAL"] },
          binary_media_types: ["application/octet-stream"],
        },
      },
      aws_api_gateway_resource: resources,
      aws_api_gateway_method: methods,
      aws_api_gateway_integration: integrations,
      aws_api_gateway_integration_response: {
        mockOptions: {
          rest_api_id: api,
          resource_id: mock,
          http_method: "OPTIONS",
          status_code: "200",
          response_parameters: { "method.response.header.X-Mocked": "'yes'" },
          response_templates: { "application/json": '{"mocked":true,"stage":"$context.stage"}' },
        },
      },
      aws_api_gateway_authorizer: {
        token: {
          rest_api_id: api,
          name: "token",
          type: "TOKEN",
          authorizer_uri: "${aws_lambda_function.authorizer.invoke_arn}",
          identity_source: "method.request.header.Authorization",
          identity_validation_expression: "^[a-z-]+$",
          authorizer_result_ttl_in_seconds: 300,
        },
        pool: {
          rest_api_id: api,
          name: "pool",
          type: "COGNITO_USER_POOLS",
          provider_arns: ["${aws_cognito_user_pool.pool.arn}"],
          identity_source: "method.request.header.Authorization",
        },
      },
      aws_api_gateway_request_validator: {
        all: {
          rest_api_id: api,
          name: "all",
          validate_request_body: true,
          validate_request_parameters: true,
        },
      },
      aws_api_gateway_model: {
        thing: {
          rest_api_id: api,
          name: "Thing",
          content_type: "application/json",
          schema: JSON.stringify({
            $schema: "http://json-schema.org/draft-04/schema#",
            type: "object",
            properties: { name: { type: "string", minLength: 1 } },
            required: ["name"],
            additionalProperties: false,
          }),
        },
        tagged: {
          rest_api_id: api,
          name: "Tagged",
          content_type: "application/json",
          schema: JSON.stringify({
            $schema: "http://json-schema.org/draft-04/schema#",
            type: "object",
            properties: { tags: { type: "array", items: { type: "string" } } },
          }),
        },
      },
      aws_api_gateway_deployment: { deployment: { rest_api_id: api } },
      aws_api_gateway_stage: {
        stage: {
          rest_api_id: api,
          stage_name: "test",
          deployment_id: "${aws_api_gateway_deployment.deployment.id}",
          variables: { color: "green" },
        },
      },
      aws_api_gateway_api_key: {
        good: { name: "good" },
        disabled: { name: "disabled", enabled: false },
        planless: { name: "planless", value: "planless-key-value-0123456789" },
      },
      aws_api_gateway_usage_plan: {
        plan: {
          name: "fixture-plan",
          api_stages: [
            {
              api_id: api,
              stage: "${aws_api_gateway_stage.stage.stage_name}",
              throttle: [{ path: "/keyed/GET", burst_limit: 5, rate_limit: 1 }],
            },
          ],
          throttle_settings: { burst_limit: 100, rate_limit: 50 },
          quota_settings: { limit: 8, period: "DAY" },
        },
      },
      aws_api_gateway_usage_plan_key: {
        good: {
          key_id: "${aws_api_gateway_api_key.good.id}",
          key_type: "API_KEY",
          usage_plan_id: "${aws_api_gateway_usage_plan.plan.id}",
        },
        disabled: {
          key_id: "${aws_api_gateway_api_key.disabled.id}",
          key_type: "API_KEY",
          usage_plan_id: "${aws_api_gateway_usage_plan.plan.id}",
        },
      },
    },
  };
}

function webSocketStack(dir: string): Json {
  const api = "${aws_apigatewayv2_api.api.id}";
  const integration = (timeout = 29000) => ({
    api_id: api,
    integration_type: "AWS_PROXY",
    integration_uri: "${aws_lambda_function.ws.invoke_arn}",
    timeout_milliseconds: timeout,
  });
  const route = (key: string, target: string) => ({
    api_id: api,
    route_key: key,
    target: `integrations/\${aws_apigatewayv2_integration.${target}.id}`,
    authorization_type: "NONE",
  });
  const reply = (routeName: string) => ({
    api_id: api,
    route_id: `\${aws_apigatewayv2_route.${routeName}.id}`,
    route_response_key: "$default",
  });
  return {
    provider: PROVIDER,
    resource: {
      ...COMMON,
      aws_lambda_function: { ws: lambda(dir, "ws", "ws-handler") },
      aws_apigatewayv2_api: {
        api: {
          name: "fixture-ws",
          protocol_type: "WEBSOCKET",
          route_selection_expression: "$request.body.action",
        },
      },
      aws_apigatewayv2_integration: { main: integration(), slow: integration(300) },
      aws_apigatewayv2_route: {
        connect: route("$connect", "main"),
        disconnect: route("$disconnect", "main"),
        echo: route("echo", "main"),
        quiet: route("quiet", "main"),
        boom: route("boom", "main"),
        slow: route("slow", "slow"),
      },
      aws_apigatewayv2_route_response: { echo: reply("echo"), boom: reply("boom"), slow: reply("slow") },
      aws_apigatewayv2_stage: { stage: { api_id: api, name: "live" } },
    },
  };
}

/**
 * A REST API shaped like the one LocalStack's AWS-validated `test_lambda_aws_proxy_integration` recorded on AWS
 * (test/fixtures/aws/rest-proxy-event.json): edge-optimized, stage `stage`, `ANY /{proxy+}` and
 * `ANY /hardcoded` behind a Lambda proxy integration; plus a Cognito-authorized method without scopes.
 */
function recordedRestStack(dir: string): Json {
  const api = "${aws_api_gateway_rest_api.api.id}";
  const root = "${aws_api_gateway_rest_api.api.root_resource_id}";
  const method = (resource: string, httpMethod: string, extra: Json = {}) => ({
    rest_api_id: api,
    resource_id: `\${aws_api_gateway_resource.${resource}.id}`,
    http_method: httpMethod,
    authorization: "NONE",
    ...extra,
  });
  const integration = (name: string, resource: string) => ({
    rest_api_id: api,
    resource_id: `\${aws_api_gateway_resource.${resource}.id}`,
    http_method: `\${aws_api_gateway_method.${name}.http_method}`,
    type: "AWS_PROXY",
    integration_http_method: "POST",
    uri: "${aws_lambda_function.echo.invoke_arn}",
  });
  return {
    provider: PROVIDER,
    resource: {
      ...COMMON,
      aws_lambda_function: { echo: lambda(dir, "echo", "recorded-rest-echo") },
      aws_cognito_user_pool: { pool: { name: "recorded-pool" } },
      aws_api_gateway_rest_api: {
        api: { name: "recorded-rest", endpoint_configuration: { types: ["EDGE"] } },
      },
      aws_api_gateway_resource: {
        proxy: { rest_api_id: api, parent_id: root, path_part: "{proxy+}" },
        hardcoded: { rest_api_id: api, parent_id: root, path_part: "hardcoded" },
        cognito: { rest_api_id: api, parent_id: root, path_part: "cognito" },
      },
      aws_api_gateway_method: {
        proxy: method("proxy", "ANY"),
        hardcoded: method("hardcoded", "ANY"),
        cognito: method("cognito", "GET", {
          authorization: "COGNITO_USER_POOLS",
          authorizer_id: "${aws_api_gateway_authorizer.pool.id}",
        }),
      },
      aws_api_gateway_integration: {
        proxy: integration("proxy", "proxy"),
        hardcoded: integration("hardcoded", "hardcoded"),
        cognito: integration("cognito", "cognito"),
      },
      aws_api_gateway_authorizer: {
        pool: {
          rest_api_id: api,
          name: "pool",
          type: "COGNITO_USER_POOLS",
          provider_arns: ["${aws_cognito_user_pool.pool.arn}"],
          identity_source: "method.request.header.Authorization",
        },
      },
      aws_api_gateway_deployment: { deployment: { rest_api_id: api } },
      aws_api_gateway_stage: {
        stage: {
          rest_api_id: api,
          stage_name: "stage",
          deployment_id: "${aws_api_gateway_deployment.deployment.id}",
        },
      },
    },
  };
}

/** An HTTP API with a JWT authorizer on routes with and without scopes, and `$default` echoing the event. */
function recordedHttpStack(dir: string): Json {
  const api = "${aws_apigatewayv2_api.api.id}";
  const route = (key: string, extra: Json = {}) => ({
    api_id: api,
    route_key: key,
    target: "integrations/${aws_apigatewayv2_integration.echo.id}",
    authorization_type: "NONE",
    ...extra,
  });
  const jwt = { authorization_type: "JWT", authorizer_id: "${aws_apigatewayv2_authorizer.jwt.id}" };
  return {
    provider: PROVIDER,
    resource: {
      ...COMMON,
      aws_lambda_function: { echo: lambda(dir, "echo", "recorded-http-echo") },
      aws_apigatewayv2_api: { api: { name: "recorded-http", protocol_type: "HTTP" } },
      aws_apigatewayv2_integration: {
        echo: {
          api_id: api,
          integration_type: "AWS_PROXY",
          integration_uri: "${aws_lambda_function.echo.invoke_arn}",
          payload_format_version: "2.0",
        },
      },
      aws_apigatewayv2_authorizer: {
        jwt: {
          api_id: api,
          authorizer_type: "JWT",
          name: "jwt",
          identity_sources: ["$request.header.Authorization"],
          jwt_configuration: { issuer: "https://issuer.example.com", audience: ["recorded-audience"] },
        },
      },
      aws_apigatewayv2_route: {
        jwt: route("GET /jwt", jwt),
        scoped: route("GET /jwt-scoped", { ...jwt, authorization_scopes: ["fixture/read"] }),
        fallback: route("$default"),
      },
      aws_apigatewayv2_stage: { stage: { api_id: api, name: "$default", auto_deploy: true } },
    },
  };
}

/** Writes the fixture stacks (`fixture-http`, `fixture-rest`, `fixture-ws`, `fixture-recorded-*`) into a fresh synth-output folder. */
export function writeFixtureStacks(): string {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-fixture-"));
  for (const [id, build] of [
    ["fixture-http", httpStack],
    ["fixture-rest", restStack],
    ["fixture-ws", webSocketStack],
    ["fixture-recorded-rest", recordedRestStack],
    ["fixture-recorded-http", recordedHttpStack],
  ] as const) {
    const dir = join(outdir, "stacks", id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(build(dir), null, 2));
  }
  return outdir;
}

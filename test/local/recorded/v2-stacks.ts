// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references are written as ${type.name.attr}, like cdktf writes them.
/**
 * Synthesized HTTP and WebSocket API stacks rebuilding the APIs that recorded events in test/fixtures/aws came
 * from; the functions behind them print or return what they were sent, so a test compares it with the recording.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import type { Recorded } from "../../fixtures/aws";

type Json = Record<string, unknown>;

const CODE = {
  /** Answers with the event it got. */
  echo: `export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });`,
  /** An HTTP API simple-response authorizer that admits every request and hands its event on in the context. */
  simple: `export const handler = async (event) => ({ isAuthorized: true, context: { event: JSON.stringify(event) } });`,
  /** A policy authorizer that prints its event and allows the method it was asked about. */
  policy: `export const handler = async (event) => {
  console.log("authorizer-event " + JSON.stringify(event));
  return {
    principalId: "recorded",
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
    },
  };
};`,
};

function fn(dir: string, code: keyof typeof CODE): Json {
  const bytes = zipSync({
    "index.mjs": [new TextEncoder().encode(CODE[code]), { mtime: new Date(1980, 0, 1) }],
  });
  mkdirSync(join(dir, "assets"), { recursive: true });
  writeFileSync(join(dir, "assets", `${code}.zip`), bytes);
  return {
    function_name: `recorded-${code}`,
    handler: "index.handler",
    runtime: "nodejs22.x",
    memory_size: 128,
    timeout: 3,
    role: "${aws_iam_role.role.arn}",
    filename: `assets/${code}.zip`,
  };
}

const API = "${aws_apigatewayv2_api.api.id}";

function v2Api(protocol: "HTTP" | "WEBSOCKET", resources: Json): Json {
  return {
    provider: { aws: [{ region: "eu-west-1" }] },
    resource: {
      aws_iam_role: { role: { name: "recorded-role", assume_role_policy: "{}" } },
      aws_apigatewayv2_api: {
        api: {
          name: "recorded",
          protocol_type: protocol,
          ...(protocol === "WEBSOCKET" ? { route_selection_expression: "$request.body.action" } : {}),
        },
      },
      aws_apigatewayv2_integration: {
        echo: {
          api_id: API,
          integration_type: "AWS_PROXY",
          integration_uri: "${aws_lambda_function.echo.invoke_arn}",
          ...(protocol === "HTTP" ? { payload_format_version: "2.0" } : {}),
        },
      },
      ...resources,
    },
  };
}

/**
 * `http-lambda-authorizer-event.json`: the recorded stage and route, behind a payload 2.0 Lambda authorizer
 * with simple responses and no result cache.
 */
export function httpLambdaAuthorizerStack(dir: string, fixture: Recorded): Json {
  const { request } = fixture;
  return v2Api("HTTP", {
    aws_lambda_function: { echo: fn(dir, "echo"), authorizer: fn(dir, "simple") },
    aws_apigatewayv2_authorizer: {
      lambda: {
        api_id: API,
        authorizer_type: "REQUEST",
        name: "recorded",
        authorizer_uri: "${aws_lambda_function.authorizer.invoke_arn}",
        authorizer_payload_format_version: "2.0",
        enable_simple_responses: true,
        identity_sources: ["$request.header.Authorization"],
        authorizer_result_ttl_in_seconds: 0,
      },
    },
    aws_apigatewayv2_route: {
      route: {
        api_id: API,
        route_key: request.routeKey,
        target: "integrations/${aws_apigatewayv2_integration.echo.id}",
        authorization_type: "CUSTOM",
        authorizer_id: "${aws_apigatewayv2_authorizer.lambda.id}",
      },
    },
    aws_apigatewayv2_stage: { stage: { api_id: API, name: request.stage, auto_deploy: true } },
  });
}

/** `websocket-authorizer-event.json`: the recorded stage, `$connect` behind a REQUEST authorizer on `Authorization`. */
export function webSocketAuthorizerStack(dir: string, fixture: Recorded): Json {
  return v2Api("WEBSOCKET", {
    aws_lambda_function: { echo: fn(dir, "echo"), authorizer: fn(dir, "policy") },
    aws_apigatewayv2_authorizer: {
      connect: {
        api_id: API,
        authorizer_type: "REQUEST",
        name: "recorded",
        authorizer_uri: "${aws_lambda_function.authorizer.invoke_arn}",
        identity_sources: ["route.request.header.Authorization"],
      },
    },
    aws_apigatewayv2_route: {
      connect: {
        api_id: API,
        route_key: "$connect",
        target: "integrations/${aws_apigatewayv2_integration.echo.id}",
        authorization_type: "CUSTOM",
        authorizer_id: "${aws_apigatewayv2_authorizer.connect.id}",
      },
    },
    aws_apigatewayv2_stage: { stage: { api_id: API, name: fixture.recorded.requestContext.stage } },
  });
}

/** `http-v1-capture.json`: the recorded route on `$default`, a payload 1.0 integration of the echo function. */
export function httpPayload10Stack(dir: string, fixture: Recorded): Json {
  const api = v2Api("HTTP", {
    aws_lambda_function: { echo: fn(dir, "echo") },
    aws_apigatewayv2_route: {
      route: {
        api_id: API,
        route_key: fixture.request.routeKey,
        target: "integrations/${aws_apigatewayv2_integration.echo.id}",
        authorization_type: "NONE",
      },
    },
    aws_apigatewayv2_stage: { stage: { api_id: API, name: fixture.request.stage, auto_deploy: true } },
  });
  const resources = api.resource as Record<string, Record<string, Json>>;
  resources.aws_apigatewayv2_integration.echo.payload_format_version = "1.0";
  return api;
}

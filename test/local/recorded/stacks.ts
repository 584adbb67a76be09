// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references are written as ${type.name.attr}, like cdktf writes them.
/**
 * Synthesized stacks (cdk.tf.json + a Lambda zip) that rebuild, in Terraform, the APIs recorded answers in
 * test/fixtures/aws were taken on, so a test can send the recorded requests to the local gateway. Each builder
 * reads the API's shape from its fixture, never from the gateway.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import type { Recorded } from "../../fixtures/aws";

type Json = Record<string, unknown>;

/** Answers a proxy event with the event itself, or with the headers the `respond` query parameter names (JSON). */
const ECHO = `export const handler = async (event) => {
  const respond = event.queryStringParameters?.respond;
  if (respond) return { statusCode: 200, headers: JSON.parse(respond), body: "{}" };
  return { statusCode: 200, body: JSON.stringify(event) };
};`;

export const API = "${aws_api_gateway_rest_api.api.id}";
export const ROOT = "${aws_api_gateway_rest_api.api.root_resource_id}";

function echoFunction(dir: string, name: string): Json {
  const bytes = zipSync({ "index.mjs": [new TextEncoder().encode(ECHO), { mtime: new Date(1980, 0, 1) }] });
  mkdirSync(join(dir, "assets"), { recursive: true });
  writeFileSync(join(dir, "assets", "echo.zip"), bytes);
  return {
    function_name: name,
    handler: "index.handler",
    runtime: "nodejs22.x",
    memory_size: 128,
    timeout: 3,
    role: "${aws_iam_role.role.arn}",
    filename: "assets/echo.zip",
  };
}

/** A REST API with one stage over the given resources, methods and integrations (the echo function behind). */
export function restApi(
  dir: string,
  stage: string,
  resources: Json,
  extra: Json,
  endpoint = "REGIONAL",
): Json {
  return {
    provider: { aws: [{ region: "eu-west-1" }] },
    resource: {
      aws_iam_role: { role: { name: "recorded-role", assume_role_policy: "{}" } },
      aws_lambda_function: { echo: echoFunction(dir, "recorded-echo") },
      aws_api_gateway_rest_api: {
        api: { name: "recorded", endpoint_configuration: { types: [endpoint] } },
      },
      aws_api_gateway_resource: resources,
      ...extra,
      aws_api_gateway_deployment: { deployment: { rest_api_id: API } },
      aws_api_gateway_stage: {
        stage: {
          rest_api_id: API,
          stage_name: stage,
          deployment_id: "${aws_api_gateway_deployment.deployment.id}",
        },
      },
    },
  };
}

/** A Lambda proxy integration of the echo function. */
export function proxy(resource: string, method: string, integrationHttpMethod = "POST"): Json {
  return {
    rest_api_id: API,
    resource_id: `\${aws_api_gateway_resource.${resource}.id}`,
    http_method: `\${aws_api_gateway_method.${method}.http_method}`,
    type: "AWS_PROXY",
    integration_http_method: integrationHttpMethod,
    uri: "${aws_lambda_function.echo.invoke_arn}",
  };
}

/** `rest-request-validator.json`: `/{first}/{param}` with a validated GET and POST. */
export function requestValidatorStack(dir: string, fixture: Recorded): Json {
  const { api } = fixture;
  const [first, param] = String(api.resource).split("/").slice(1);
  const methods: Json = {};
  const integrations: Json = {};
  for (const [verb, method] of Object.entries(api.methods as Record<string, Recorded>)) {
    methods[verb] = {
      rest_api_id: API,
      resource_id: "${aws_api_gateway_resource.param.id}",
      http_method: verb,
      authorization: "NONE",
      request_validator_id: "${aws_api_gateway_request_validator.validator.id}",
      request_parameters: method.requestParameters,
      request_models: { [api.model.contentType]: "${aws_api_gateway_model.model.name}" },
    };
    integrations[verb] = proxy("param", verb);
  }
  return restApi(
    dir,
    api.stage,
    {
      first: { rest_api_id: API, parent_id: ROOT, path_part: first },
      param: { rest_api_id: API, parent_id: "${aws_api_gateway_resource.first.id}", path_part: param },
    },
    {
      aws_api_gateway_model: {
        model: {
          rest_api_id: API,
          name: api.model.name,
          content_type: api.model.contentType,
          schema: JSON.stringify(api.model.schema),
        },
      },
      aws_api_gateway_request_validator: {
        validator: {
          rest_api_id: API,
          name: "validator",
          validate_request_parameters: api.validator.validateRequestParameters,
          validate_request_body: api.validator.validateRequestBody,
        },
      },
      aws_api_gateway_method: methods,
      aws_api_gateway_integration: integrations,
    },
  );
}

/**
 * `rest-proxy-integration-method.json`: a `{proxy+}` method whose Lambda proxy integration uses the recorded
 * integration method; `customized` adds the recorded gateway responses (without a status code).
 */
export function proxyIntegrationMethodStack(dir: string, fixture: Recorded, customized: boolean): Json {
  const { api } = fixture;
  const responses: Json = {};
  for (const [type, response] of Object.entries(api.gatewayResponses as Record<string, Recorded>))
    responses[type] = {
      rest_api_id: API,
      response_type: type,
      response_parameters: response.responseParameters,
    };
  return restApi(
    dir,
    api.stage,
    { proxy: { rest_api_id: API, parent_id: ROOT, path_part: String(api.resource).slice(1) } },
    {
      aws_api_gateway_method: {
        proxy: {
          rest_api_id: API,
          resource_id: "${aws_api_gateway_resource.proxy.id}",
          http_method: api.method,
          authorization: "NONE",
        },
      },
      aws_api_gateway_integration: { proxy: proxy("proxy", "proxy", api.integration.integrationHttpMethod) },
      ...(customized ? { aws_api_gateway_gateway_response: responses } : {}),
    },
  );
}

/** A `{proxy+}` resource whose ANY method is a Lambda proxy integration of the echo function. */
export function proxyEchoStack(dir: string, stage: string, endpoint: string): Json {
  return restApi(
    dir,
    stage,
    { proxy: { rest_api_id: API, parent_id: ROOT, path_part: "{proxy+}" } },
    {
      aws_api_gateway_method: {
        proxy: {
          rest_api_id: API,
          resource_id: "${aws_api_gateway_resource.proxy.id}",
          http_method: "ANY",
          authorization: "NONE",
        },
      },
      aws_api_gateway_integration: { proxy: proxy("proxy", "proxy") },
    },
    endpoint,
  );
}

/** Writes one stack per builder into a fresh synth-output folder; returns the folder. */
export function writeRecordedStacks(stacks: Record<string, (dir: string) => Json>): string {
  const outdir = mkdtempSync(join(tmpdir(), "apigw-recorded-"));
  for (const [id, build] of Object.entries(stacks)) {
    const dir = join(outdir, "stacks", id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(build(dir), null, 2));
  }
  return outdir;
}

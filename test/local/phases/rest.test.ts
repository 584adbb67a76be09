/**
 * The REST phases one by one, on a hand-built API model (no synth, no functions): stage and path (doubled
 * slashes as recorded), resource and method, resource policy, API key, quota, stage cache, integration request,
 * the answer's headers (CloudFront's on edge APIs), and the gateway responses.
 */

import { GatewayError } from "../../../local/pipeline/errors";
import { StageCache } from "../../../local/rest/cache";
import { type RestContext, type RestParts, restContext } from "../../../local/rest/context";
import { renderError } from "../../../local/rest/gateway-responses";
import type {
  ApiKey,
  RestApiModel,
  RestMethod,
  RestResource,
  RestStage,
  UsagePlan,
} from "../../../local/rest/model";
import { restApiKey } from "../../../local/rest/phases/api-key";
import { restCacheLookup } from "../../../local/rest/phases/cache";
import { restIntegrationRequest, restIntegrationResponse } from "../../../local/rest/phases/integration";
import { restLimits } from "../../../local/rest/phases/limits";
import { CLOUDFRONT_POP, finishRest } from "../../../local/rest/phases/method-response";
import { restResourcePolicy } from "../../../local/rest/phases/resource-policy";
import { restRoute } from "../../../local/rest/phases/route";
import { restStage } from "../../../local/rest/phases/stage";
import { ResourceTree } from "../../../local/rest/resources";
import { BodyValidator } from "../../../local/rest/validation";
import { type Recorded, recorded } from "../../fixtures/aws";
import { type FakeRequest, fakeRequest, fakeRuntime, NOW } from "../support/phase-context";

function resource(id: string, parentId: string | undefined, pathPart: string, path: string): RestResource {
  return { id, parentId, pathPart, path, methods: new Map() };
}

function method(on: RestResource, httpMethod: string, extra: Partial<RestMethod> = {}): RestMethod {
  const created: RestMethod = {
    httpMethod,
    resource: on,
    authorization: "NONE",
    authorizer: undefined,
    scopes: [],
    apiKeyRequired: false,
    requestParameters: {},
    requestModels: {},
    validateBody: false,
    validateParameters: false,
    integration: undefined,
    ...extra,
  };
  on.methods.set(httpMethod, created);
  return created;
}

const root = resource("root", undefined, "", "/");
const proxy = resource("r-proxy", "root", "{proxy+}", "/{proxy+}");
const hardcoded = resource("r-hard", "root", "hardcoded", "/hardcoded");
const keyed = resource("r-keyed", "root", "keyed", "/keyed");
method(proxy, "ANY");
method(hardcoded, "GET");
const keyedGet = method(keyed, "GET", { apiKeyRequired: true });

const stage: RestStage = {
  name: "stage",
  variables: { color: "green" },
  deploymentId: "d1",
  cacheEnabled: true,
  methodSettings: new Map([["*/*", { throttle: undefined, cachingEnabled: true, cacheTtlSeconds: 60 }]]),
};
const plan: UsagePlan = {
  id: "plan1",
  name: "plan",
  stages: new Map([["stage", new Map()]]),
  throttle: undefined,
  quota: { limit: 1, period: "DAY" },
};
const key: ApiKey = { id: "key1", name: "good", value: "good-key-value", enabled: true, plans: [plan] };

function parts(overrides: Partial<RestApiModel> = {}): RestParts {
  const runtime = fakeRuntime();
  const model: RestApiModel = {
    address: "aws_api_gateway_rest_api.api",
    apiId: "a1b2c3",
    name: "unit",
    endpointType: "REGIONAL",
    vpcEndpointIds: [],
    apiKeySource: "HEADER",
    binaryMediaTypes: [],
    root,
    resources: [root, proxy, hardcoded, keyed],
    models: new Map(),
    stages: new Map([["stage", stage]]),
    gatewayResponses: new Map(),
    apiKeys: new Map([[key.value, key]]),
    plans: [plan],
    policy: undefined,
    warnings: [],
    ...overrides,
  };
  return {
    runtime,
    model,
    tree: new ResourceTree(root, model.resources),
    cache: new StageCache(runtime.services.clock),
    bodies: new BodyValidator(model.models, model.apiId),
    runners: new Map(),
    vpcId: undefined,
  };
}

function context(url: string, request: FakeRequest = {}, api = parts()): RestContext {
  const [path, query = ""] = url.split("?");
  return restContext(api, fakeRequest({ url, ...request }), path, query, performance.now());
}

/** Stage and route, as the pipeline runs them first. */
function routed(url: string, request: FakeRequest = {}, api = parts()): RestContext {
  const ctx = context(url, request, api);
  restStage(ctx);
  restRoute(ctx);
  return ctx;
}

describe("restStage", () => {
  const { cases } = recorded("rest-path-slashes");
  const sent: [string, Recorded][] = cases.map((c: Recorded) => [c.sent, c]);
  test.each(sent)("%s: the path and requestContext.path AWS recorded", (_sent, recordedCase) => {
    const ctx = context(recordedCase.sent);
    restStage(ctx);
    expect([ctx.path, ctx.requestPath]).toEqual([
      recordedCase.recorded.path,
      recordedCase.recorded.requestContext.path,
    ]);
  });

  test("an unknown stage is UNKNOWN_STAGE; the stage's variables reach the templates", () => {
    expect(() => restStage(context("/prod/items"))).toThrow(
      expect.objectContaining({ type: "UNKNOWN_STAGE" }),
    );
    const ctx = context("/stage");
    restStage(ctx);
    expect([ctx.path, ctx.values.stageVariables]).toEqual(["/", { color: "green" }]);
  });
});

describe("restRoute", () => {
  test("ANY covers the methods API Gateway knows; the method ARN names the real method and path", () => {
    const ctx = routed("/stage/a/b", { method: "PATCH" });
    expect([ctx.route, ctx.match?.pathParameters]).toEqual(["ANY /{proxy+}", { proxy: "a/b" }]);
    expect(ctx.methodArn).toBe("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/stage/PATCH/a/b");
  });

  test("no method on a resource, or no resource, is MISSING_AUTHENTICATION_TOKEN", () => {
    expect(() => routed("/stage/hardcoded", { method: "POST" })).toThrow(
      expect.objectContaining({ type: "MISSING_AUTHENTICATION_TOKEN", note: "no such method" }),
    );
    const withoutProxy = parts({ resources: [root, hardcoded] });
    expect(() => routed("/stage/other", {}, withoutProxy)).toThrow(
      expect.objectContaining({ note: "no such resource" }),
    );
  });
});

describe("restResourcePolicy", () => {
  const policy = (effect: string) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: effect,
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "arn:aws:execute-api:*:*:*/*/GET/hardcoded",
      },
    ],
  });

  test("an explicit Deny is ACCESS_DENIED naming the masked ARN; no Allow too, except for IAM methods", () => {
    const denied = parts({ policy: policy("Deny") });
    expect(() => restResourcePolicy(routed("/stage/hardcoded", {}, denied))).toThrow(
      expect.objectContaining({
        type: "ACCESS_DENIED",
        detail: { message: expect.stringMatching(/\*{8}9012.*explicit deny$/) },
      }),
    );
    const allowed = parts({ policy: policy("Allow") });
    const other = routed("/stage/x", {}, allowed);
    expect(() => restResourcePolicy(other)).toThrow(
      expect.objectContaining({ note: "resource policy: no Allow" }),
    );
    restResourcePolicy(routed("/stage/hardcoded", {}, allowed));
  });
});

describe("restApiKey and restLimits", () => {
  test("a required key must be in a plan for the stage; the plan's quota then counts", () => {
    expect(() => restApiKey(routed("/stage/keyed"))).toThrow(
      expect.objectContaining({ type: "INVALID_API_KEY" }),
    );
    const api = parts();
    const first = routed("/stage/keyed", { headers: { "x-api-key": key.value } }, api);
    restApiKey(first);
    expect(first.usage?.key.id).toBe("key1");
    expect(first.templateContext.identity).toMatchObject({ apiKey: key.value, apiKeyId: "key1" });
    restLimits(first);
    const second = routed("/stage/keyed", { headers: { "x-api-key": key.value } }, api);
    restApiKey(second);
    expect(() => restLimits(second)).toThrow(expect.objectContaining({ type: "QUOTA_EXCEEDED" }));
    expect(keyedGet.apiKeyRequired).toBe(true);
  });
});

describe("restCacheLookup and restIntegrationResponse", () => {
  test("a 2xx Lambda answer fills the stage cache; the next request is answered from it", () => {
    const api = parts();
    const first = routed("/stage/hardcoded", {}, api);
    restCacheLookup(first);
    expect(first.reply).toBeUndefined();
    first.result = JSON.stringify({ statusCode: 200, body: "cached" });
    restIntegrationResponse(first);
    const second = routed("/stage/hardcoded", {}, api);
    restCacheLookup(second);
    expect([second.reply?.body, second.note]).toEqual(["cached", "from the stage cache"]);
  });

  test("a malformed proxy result is INTEGRATION_FAILURE", () => {
    const ctx = routed("/stage/hardcoded");
    ctx.result = JSON.stringify({ statusCode: 200, unknownKey: true });
    expect(() => restIntegrationResponse(ctx)).toThrow(
      expect.objectContaining({ type: "INTEGRATION_FAILURE" }),
    );
  });
});

describe("restIntegrationRequest", () => {
  test("a MOCK integration answers from its templates; types not served locally are a configuration error", () => {
    const mocked = resource("r-mock", "root", "mock", "/mock");
    method(mocked, "OPTIONS", {
      integration: {
        type: "MOCK",
        fn: undefined,
        uri: "",
        timeoutMs: 29000,
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        cacheKeyParameters: [],
        responses: [
          {
            statusCode: "200",
            selectionPattern: undefined,
            parameters: {},
            templates: { "application/json": '{"stage":"$context.stage"}' },
          },
        ],
      },
    });
    method(mocked, "GET", {
      integration: {
        type: "HTTP_PROXY",
        fn: undefined,
        uri: "https://example.com",
        timeoutMs: 29000,
        requestTemplates: {},
        cacheKeyParameters: [],
        responses: [],
      },
    });
    const api = parts({ resources: [root, proxy, hardcoded, keyed, mocked] });
    const mock = routed("/stage/mock", { method: "OPTIONS" }, api);
    restIntegrationRequest(mock);
    expect([mock.reply?.status, mock.reply?.body]).toEqual([200, '{"stage":"stage"}']);
    expect(() => restIntegrationRequest(routed("/stage/mock", {}, api))).toThrow(
      expect.objectContaining({
        type: "API_CONFIGURATION_ERROR",
        note: "integration HTTP_PROXY is not served locally",
      }),
    );
  });
});

describe("finishRest", () => {
  test("every answer carries the request ids; edge APIs add CloudFront's headers after them", () => {
    const regional = routed("/stage/hardcoded");
    expect(finishRest(regional, { status: 200, headers: [], body: "" }).headers).toEqual([
      "x-amzn-RequestId",
      regional.requestId,
      "x-amz-apigw-id",
      regional.extendedRequestId,
    ]);
    const edge = routed("/stage/hardcoded", {}, parts({ endpointType: "EDGE" }));
    const names = (status: number) =>
      finishRest(edge, { status, headers: [], body: "" }).headers.filter((_, index) => index % 2 === 0);
    expect(names(200)).toEqual([
      "x-amzn-RequestId",
      "x-amz-apigw-id",
      "X-Cache",
      "Via",
      "X-Amz-Cf-Pop",
      "X-Amz-Cf-Id",
    ]);
    const value = (status: number, name: string) => {
      const headers = finishRest(edge, { status, headers: [], body: "" }).headers;
      return headers[headers.indexOf(name) + 1];
    };
    expect([value(200, "X-Cache"), value(403, "X-Cache"), value(200, "X-Amz-Cf-Pop")]).toEqual([
      "Miss from cloudfront",
      "Error from cloudfront",
      CLOUDFRONT_POP,
    ]);
  });
});

describe("renderError (REST gateway responses)", () => {
  const values = routed("/stage/hardcoded").values;

  test("defaults: status, x-amzn-ErrorType and message per type; unknown stage and 10 MB are fixed answers", () => {
    const render = (error: GatewayError) => renderError(error, new Map(), values);
    expect(render(new GatewayError("MISSING_AUTHENTICATION_TOKEN", "x"))).toEqual({
      status: 403,
      headers: [
        "Content-Type",
        "application/json",
        "x-amzn-ErrorType",
        "MissingAuthenticationTokenException",
      ],
      body: '{"message":"Missing Authentication Token"}',
    });
    expect(render(new GatewayError("UNKNOWN_STAGE", "x")).body).toBe('{"message":"Forbidden"}');
    expect(render(new GatewayError("BODY_TOO_LARGE", "x"))).toMatchObject({
      status: 413,
      body: "HTTP content length exceeded 10485760 bytes.",
    });
    expect(render(new GatewayError("ACCESS_DENIED", "x", { key: "Message" })).body).toMatch(/^\{"Message":/);
  });

  test("DEFAULT_4XX customizes 4xx answers: status, header parameters, template with $context", () => {
    const custom = new Map([
      [
        "DEFAULT_4XX",
        {
          statusCode: 400,
          parameters: { "gatewayresponse.header.x-stage": "context.stage" },
          templates: {
            "application/json": '{"error":$context.error.messageString,"type":"$context.error.responseType"}',
          },
        },
      ],
    ]);
    const reply = renderError(new GatewayError("THROTTLED", "x"), custom, values);
    expect(reply.status).toBe(400);
    expect(reply.headers.slice(-2)).toEqual(["x-stage", "stage"]);
    expect(JSON.parse(String(reply.body))).toEqual({ error: "Too Many Requests", type: "THROTTLED" });
    expect(NOW).toBeGreaterThan(0);
  });
});

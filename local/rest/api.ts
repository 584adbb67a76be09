/**
 * Serves one REST API (spec §0 REST pipeline): `/{stage}/...`, resource and method, resource policy,
 * authorizer, API key, usage-plan / stage / account throttles and quota, request validation, stage cache,
 * Lambda proxy (payload 1.0) or MOCK integration, gateway responses for every error.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiDescription, ApiRuntime, ServedApi } from "../context";
import { restBody } from "../events/body";
import {
  type ApiContext,
  type ForwardedRequest,
  headerValue,
  randomUUID,
  shortId,
  traceId,
} from "../events/common";
import { type RestEventInput, restEventOf } from "../events/rest";
import { LAMBDA_PAYLOAD_LIMIT } from "../functions/pool";
import { type Answer, serve } from "../http/answer";
import {
  forwardedHeaders,
  MAX_REQUEST_BYTES,
  RequestTooLargeError,
  readBody,
  sourceIpOf,
} from "../http/request";
import { discoveredKeySet, type JwtTrust } from "../jwt";
import { LambdaAuthorizerRunner } from "../lambda-authorizer";
import { type ConditionContext, evaluatePolicy } from "../policy";
import type { ResourceRef } from "../terraform/references";
import { authorizeRest, restIdentityFacts } from "./authorize";
import { StageCache } from "./cache";
import { type GatewayError, renderError, type TemplateContext } from "./gateway-responses";
import { mockResponse } from "./mock";
import { type RestApiModel, type RestMethod, type RestStage, restApiModel } from "./model";
import { ResourceTree } from "./resources";
import { mapRestProxyResult } from "./response";
import { applyLimits, methodSetting, validApiKey } from "./usage-plans";
import { bodyModel, checkBody, INLINE_BODY_BYTES, ModelValidators, validateParameters } from "./validation";
import { BodyValidationThread } from "./validation-thread";

const ANY_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);

export class RestApi implements ServedApi {
  readonly model: RestApiModel;
  private readonly tree: ResourceTree;
  private readonly runners = new Map<string, LambdaAuthorizerRunner>();
  private readonly validators: ModelValidators;
  private readonly validationThread: BodyValidationThread;
  private readonly cache: StageCache;
  private readonly edge: boolean;
  private readonly vpcId: string | undefined;

  constructor(
    private readonly runtime: ApiRuntime,
    api: ResourceRef,
  ) {
    this.model = restApiModel(runtime, api);
    this.tree = new ResourceTree(this.model.root, this.model.resources);
    this.validators = new ModelValidators(this.model.models, this.model.apiId);
    this.validationThread = new BodyValidationThread({
      models: [...this.model.models],
      apiId: this.model.apiId,
    });
    this.cache = new StageCache(runtime.services.clock);
    this.edge = this.model.endpointType === "EDGE";
    for (const resource of this.model.resources) {
      for (const method of resource.methods.values()) {
        const authorizer = method.authorizer;
        if (authorizer && authorizer.type !== "COGNITO_USER_POOLS" && !this.runners.has(authorizer.id)) {
          this.runners.set(
            authorizer.id,
            new LambdaAuthorizerRunner(authorizer.fn, authorizer.ttlSeconds, 29_000, runtime.services.clock),
          );
        }
      }
    }
    const endpoint = runtime.refs
      .resources("aws_vpc_endpoint")
      .find((e) => String(runtime.refs.attribute(e.type, e.name, "id")) === this.model.vpcEndpointIds[0]);
    this.vpcId = endpoint ? runtime.refs.string(endpoint.block.vpc_id) : undefined;
  }

  private get primaryStage(): string {
    return [...this.model.stages.keys()][0] ?? "";
  }

  describe(): ApiDescription {
    const stage = this.primaryStage;
    const routes: string[] = [];
    for (const resource of [...this.model.resources].sort((a, b) => a.path.localeCompare(b.path))) {
      for (const method of resource.methods.keys()) routes.push(`${method} ${resource.path}`);
    }
    const fns = new Set<string>();
    for (const resource of this.model.resources)
      for (const method of resource.methods.values())
        if (method.integration?.fn) fns.add(method.integration.fn.functionName);
    return {
      id: this.runtime.stack.id,
      variant: "rest",
      endpointType: this.model.endpointType,
      apiId: this.model.apiId,
      name: this.model.name,
      stage,
      stages: [...this.model.stages.keys()],
      url: `${this.runtime.origin}/${stage}`,
      routes,
      apiKeys: [...this.model.apiKeys.values()].map((key) => ({
        id: key.id,
        name: key.name,
        value: key.value,
        enabled: key.enabled,
        usagePlans: key.plans.map((plan) => plan.name),
      })),
      functions: [...fns],
      warnings: this.model.warnings,
    };
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    serve(
      req,
      res,
      this.runtime,
      () => ({
        status: 500,
        headers: ["Content-Type", "application/json"],
        body: '{"message":"Internal server error"}',
        note: "gateway error",
      }),
      (rawPath, rawQuery, started) => this.answer(req, rawPath, rawQuery, started),
    );
  }

  private async answer(
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    started: number,
  ): Promise<Answer> {
    const { services, refs } = this.runtime;
    const { options } = services;
    const method = (req.method ?? "GET").toUpperCase();
    const requestId = randomUUID();
    const extendedRequestId = shortId();
    const sourceIp = sourceIpOf(req);
    const header = (name: string) => headerValue(req.rawHeaders, name);
    const ids = ["x-amzn-RequestId", requestId, "x-amz-apigw-id", extendedRequestId];

    // 1. Stage.
    const second = rawPath.indexOf("/", 1);
    const stageName = second === -1 ? rawPath.slice(1) : rawPath.slice(1, second);
    const stage = this.model.stages.get(stageName);
    if (!stage) {
      return {
        status: 403,
        headers: ["Content-Type", "application/json", "x-amzn-ErrorType", "ForbiddenException", ...ids],
        body: '{"message":"Forbidden"}',
        note: "unknown stage",
      };
    }
    const path = second === -1 ? "/" : rawPath.slice(second);
    const stageVariables = stage.variables;
    const templateContext: Record<string, unknown> = {
      requestId,
      extendedRequestId,
      apiId: this.model.apiId,
      stage: stage.name,
      httpMethod: method,
      path: rawPath,
      domainName: header("host") ?? "",
      identity: { sourceIp },
    };
    const values: TemplateContext = {
      context: templateContext,
      stageVariables,
      header,
      query: (name) => new URLSearchParams(rawQuery).get(name) ?? undefined,
    };
    const fail = (error: GatewayError, note: string, route?: string): Answer => {
      const rendered = renderError(error, this.model.gatewayResponses, values);
      return {
        status: rendered.status,
        headers: [...rendered.headers, ...ids],
        body: rendered.body,
        note,
        route,
      };
    };

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof RequestTooLargeError)) throw error;
      return {
        status: 413,
        headers: ["Content-Type", "text; charset=utf-8", ...ids],
        body: `HTTP content length exceeded ${MAX_REQUEST_BYTES} bytes.`,
        note: error.message,
      };
    }

    // 2. Resource and method.
    const match = this.tree.match(path);
    const restMethod = match
      ? (match.resource.methods.get(method) ??
        (ANY_METHODS.has(method) ? match.resource.methods.get("ANY") : undefined))
      : undefined;
    if (!match || !restMethod)
      return fail({ type: "MISSING_AUTHENTICATION_TOKEN" }, match ? "no such method" : "no such resource");
    const route = `${restMethod.httpMethod} ${match.resource.path}`;
    templateContext.resourcePath = match.resource.path;
    templateContext.resourceId = match.resource.id;
    const methodArn = `arn:aws:execute-api:${refs.region}:${refs.accountId}:${this.model.apiId}/${stage.name}/${method}/${path.replace(/^\//, "")}`;

    // Resource policy (private APIs and any API with one).
    let policyImplicitDeny = false;
    if (this.model.policy) {
      const decision = evaluatePolicy(
        this.model.policy,
        "execute-api:Invoke",
        methodArn,
        this.conditionContext(header, sourceIp),
      );
      const masked = methodArn.replace(`:${refs.accountId}:`, `:********${refs.accountId.slice(-4)}:`);
      if (decision === "deny") {
        return fail(
          {
            type: "ACCESS_DENIED",
            message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${masked} with an explicit deny`,
          },
          "resource policy: explicit deny",
          route,
        );
      }
      if (decision === "implicit-deny") {
        if (restMethod.authorization !== "AWS_IAM") {
          return fail(
            {
              type: "ACCESS_DENIED",
              message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${masked}`,
            },
            "resource policy: no Allow",
            route,
          );
        }
        policyImplicitDeny = true;
      }
    }

    const timeEpoch = services.clock();
    const encoded = restBody(body, header("content-type"), this.model.binaryMediaTypes);
    const request: ForwardedRequest = {
      method,
      path,
      rawQuery,
      headers: forwardedHeaders(req.rawHeaders, {
        sourceIp,
        port: this.runtime.port,
        traceId: traceId(timeEpoch),
        edge: this.edge,
      }),
      body: encoded.body,
      isBase64Encoded: encoded.isBase64Encoded,
      bodyLength: encoded.bodyLength,
      sourceIp,
      timeEpoch,
    };
    const domainName = header("host") ?? `${options.host}:${this.runtime.port}`;
    const api: ApiContext = {
      apiId: this.model.apiId,
      accountId: refs.accountId,
      domainName,
      domainPrefix: domainName.split(".")[0].split(":")[0],
      stage: stage.name,
      deploymentId: stage.deploymentId,
      stageVariables,
    };
    const eventInput: RestEventInput = {
      request,
      api,
      resource: match.resource.path,
      resourceId: match.resource.id,
      pathParameters: match.pathParameters,
      requestId,
      extendedRequestId,
      duplicateHeader: options.rest.duplicateHeader,
    };
    const facts = restIdentityFacts(
      req,
      rawQuery,
      {
        requestId,
        stage: stage.name,
        httpMethod: method,
        resourcePath: match.resource.path,
        apiId: this.model.apiId,
        sourceIp,
      },
      stageVariables,
    );

    // 3. Authorizer.
    const auth = await authorizeRest({
      method: restMethod,
      req,
      body,
      methodArn,
      facts,
      eventInput,
      runner: restMethod.authorizer ? this.runners.get(restMethod.authorizer.id) : undefined,
      cognitoTrust: (issuers) => this.cognitoTrust(issuers),
      iamCredentials: options.rest.iamCredentials,
      region: refs.region,
      nowMs: services.clock(),
      implicitDenyKey: options.rest.implicitDenyKey,
    });
    if (!auth.ok) return fail(auth.error, auth.note, route);
    if (policyImplicitDeny && !auth.iamAuthenticated)
      return fail({ type: "ACCESS_DENIED" }, "resource policy: no Allow", route);
    if (auth.principalId) templateContext.authorizer = { principalId: auth.principalId };

    // 4. API key.
    let usage: ReturnType<typeof validApiKey>;
    if (restMethod.apiKeyRequired) {
      const value = this.model.apiKeySource === "AUTHORIZER" ? auth.usageIdentifierKey : header("x-api-key");
      usage = validApiKey(this.model, stage.name, value);
      if (!usage)
        return fail(
          { type: "INVALID_API_KEY" },
          value ? "API key not valid for this stage" : "no API key",
          route,
        );
      (templateContext.identity as Record<string, unknown>).apiKey = usage.key.value;
      (templateContext.identity as Record<string, unknown>).apiKeyId = usage.key.id;
    }

    // 5. Throttles and quota.
    const limited = applyLimits(services, this.model, refs.region, stage, restMethod, usage);
    if (limited)
      return fail({ type: limited }, limited === "THROTTLED" ? "throttled" : "quota exceeded", route);

    // 6. Validation.
    const invalid =
      validateParameters(restMethod, facts) ??
      (await this.validateBody(restMethod, header("content-type"), body));
    if (invalid)
      return fail(
        invalid,
        invalid.type === "BAD_REQUEST_BODY"
          ? `invalid body ${invalid.validationError ?? ""}`
          : (invalid.message ?? "invalid parameters"),
        route,
      );

    // 7. Stage cache and integration.
    const setting = stage.cacheEnabled ? methodSetting(stage, restMethod) : undefined;
    const cacheKey = setting?.cachingEnabled
      ? this.cacheKey(stage, restMethod, match.pathParameters, facts)
      : undefined;
    if (cacheKey) {
      const hit = this.cache.get(cacheKey);
      if (hit)
        return {
          status: hit.status,
          headers: [...hit.headers, ...ids],
          body: hit.body,
          route,
          note: "from the stage cache",
        };
    }
    const integration = restMethod.integration;
    if (!integration)
      return fail({ type: "API_CONFIGURATION_ERROR" }, "the method has no integration", route);
    if (integration.type === "MOCK") {
      const mock = mockResponse(integration, header("content-type"), values);
      return {
        status: mock.status,
        headers: [...mock.headers, ...ids],
        body: mock.body,
        route,
        note: "MOCK integration",
      };
    }
    if (integration.type !== "AWS_PROXY" || !integration.fn) {
      return fail(
        { type: "API_CONFIGURATION_ERROR" },
        `integration ${integration.type} is not served locally`,
        route,
      );
    }
    const identity: Record<string, string | null> = { ...(auth.identity ?? {}) };
    if (usage) {
      identity.apiKey = usage.key.value;
      identity.apiKeyId = usage.key.id;
    }
    const event = restEventOf({
      ...eventInput,
      identity,
      ...(auth.authorizer ? { authorizer: auth.authorizer } : {}),
    });
    const eventJson = JSON.stringify(event);
    if (eventJson.length * 3 > LAMBDA_PAYLOAD_LIMIT && Buffer.byteLength(eventJson) > LAMBDA_PAYLOAD_LIMIT) {
      return fail({ type: "REQUEST_TOO_LARGE" }, "event over Lambda's 6 MB limit", route);
    }
    const remaining = Math.max(1, integration.timeoutMs - (performance.now() - started));
    const outcome = await integration.fn.pool.invoke(eventJson, randomUUID(), remaining);
    const fnFacts = { functionName: integration.fn.functionName, cold: outcome.cold };
    if (outcome.kind === "timeout")
      return { ...fail({ type: "INTEGRATION_TIMEOUT" }, "integration timeout", route), ...fnFacts };
    if (outcome.kind === "error") {
      return {
        ...fail(
          { type: "INTEGRATION_FAILURE" },
          `${outcome.error.errorType}: ${outcome.error.errorMessage.slice(0, 200)}`,
          route,
        ),
        ...fnFacts,
      };
    }
    const mapped =
      outcome.payload.length * 3 > LAMBDA_PAYLOAD_LIMIT &&
      Buffer.byteLength(outcome.payload) > LAMBDA_PAYLOAD_LIMIT
        ? undefined
        : mapRestProxyResult(outcome.payload, this.model.binaryMediaTypes, header("accept"));
    if (!mapped)
      return {
        ...fail({ type: "INTEGRATION_FAILURE" }, "malformed Lambda proxy response", route),
        ...fnFacts,
      };
    if (cacheKey && setting) this.cache.set(cacheKey, mapped, setting.cacheTtlSeconds);
    const headers = [
      ...mapped.headers,
      ...ids,
      "X-Amzn-Trace-Id",
      String(headerValue(request.headers, "x-amzn-trace-id")),
    ];
    return { status: mapped.status, headers, body: mapped.body, route, ...fnFacts };
  }

  /** The body against the method's model: small bodies here, large ones in the validation thread. */
  private async validateBody(
    method: RestMethod,
    contentType: string | undefined,
    body: Buffer,
  ): Promise<GatewayError | undefined> {
    const modelName = bodyModel(method, contentType);
    if (modelName === undefined) return undefined;
    const validate = this.validators.validator(modelName);
    if (!validate) return undefined;
    if (body.length <= INLINE_BODY_BYTES) return checkBody(validate, body);
    return this.validationThread.validate(modelName, body);
  }

  /** Condition keys for the resource policy: the VPC endpoint a call came through, the VPC, the source IP. */
  private conditionContext(header: (name: string) => string | undefined, sourceIp: string): ConditionContext {
    const override = header(this.runtime.services.options.rest.sourceVpceHeader);
    const vpce =
      override ?? (this.model.endpointType === "PRIVATE" ? this.model.vpcEndpointIds[0] : undefined);
    return {
      "aws:SourceVpce": vpce,
      "aws:SourceVpc": override === undefined ? this.vpcId : undefined,
      "aws:SourceIp": sourceIp,
    };
  }

  private cognitoTrust(issuers: readonly string[]): JwtTrust[] {
    const { services } = this.runtime;
    if (services.options.trustLocalIssuer) {
      return [{ issuer: services.issuer.issuer, audiences: [], keySet: services.issuer.keySet }];
    }
    return issuers.map((issuer) => ({ issuer, audiences: [], keySet: discoveredKeySet(issuer) }));
  }

  private cacheKey(
    stage: RestStage,
    method: RestMethod,
    pathParameters: Record<string, string>,
    facts: ReturnType<typeof restIdentityFacts>,
  ): string {
    const parts = [stage.name, method.httpMethod, method.resource.path];
    for (const parameter of method.integration?.cacheKeyParameters ?? []) {
      const path = /^method\.request\.path\.(.+)$/.exec(parameter);
      const query = /^method\.request\.querystring\.(.+)$/.exec(parameter);
      const header = /^method\.request\.header\.(.+)$/.exec(parameter);
      parts.push(
        path
          ? (pathParameters[path[1]] ?? "")
          : query
            ? (facts.query(query[1]) ?? "")
            : header
              ? (facts.header(header[1]) ?? "")
              : "",
      );
    }
    return parts.join("\u0000");
  }

  reset(): void {
    this.cache.reset();
    for (const runner of this.runners.values()) runner.reset();
  }

  async close(): Promise<void> {
    await this.validationThread.close();
  }
}

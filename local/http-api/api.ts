/**
 * Serves one HTTP API (spec §0 HTTP pipeline): stage, CORS preflight, route, authorizer, route throttle,
 * Lambda integration (payload 2.0 or 1.0), response mapping, CORS and `apigw-requestid` headers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiDescription, ApiRuntime, ServedApi } from "../context";
import { httpBody } from "../events/body";
import {
  type ApiContext,
  type ForwardedRequest,
  headerValue,
  randomUUID,
  shortId,
  traceId,
} from "../events/common";
import { httpEventOf } from "../events/http";
import { restEventOf } from "../events/rest";
import { LAMBDA_PAYLOAD_LIMIT } from "../functions/pool";
import { type Answer, serve } from "../http/answer";
import { forwardedHeaders, RequestTooLargeError, readBody, sourceIpOf } from "../http/request";
import { messageBody } from "../http/respond";
import { checkIamSignature, type IamCheck } from "../iam";
import type { IdentityFacts } from "../identity-sources";
import { LambdaAuthorizerRunner } from "../lambda-authorizer";
import type { ResourceRef } from "../terraform/references";
import { ACCOUNT_LIMIT, type ThrottleLimit } from "../throttle";
import { type Authorization, authorizeJwt, authorizeLambda } from "./authorize";
import { isPreflight, preflightHeaders, responseCorsHeaders } from "./cors";
import { type HttpApiModel, type HttpRoute, type HttpStage, httpApiModel } from "./model";
import { mapVersion1, mapVersion2 } from "./response";
import { RouteTable } from "./routes";

const NOT_FOUND = messageBody("Not Found");
const INTERNAL = messageBody("Internal Server Error");
const UNAVAILABLE = messageBody("Service Unavailable");
const TOO_MANY = messageBody("Too Many Requests");
const TOO_LARGE = messageBody("Request Entity Too Large");
const FORBIDDEN = messageBody("Forbidden");

export class HttpApi implements ServedApi {
  readonly model: HttpApiModel;
  private readonly table: RouteTable<HttpRoute>;
  private readonly stages: Map<string, HttpStage>;
  private readonly runners = new Map<string, LambdaAuthorizerRunner>();
  private readonly throttleChecks = new Map<string, [string, ThrottleLimit][]>();

  constructor(
    private readonly runtime: ApiRuntime,
    api: ResourceRef,
  ) {
    this.model = httpApiModel(runtime, api, runtime.services.issuer.keySet);
    this.table = new RouteTable(this.model.routes.map((route) => ({ key: route.key, value: route })));
    this.stages = new Map(this.model.stages.map((stage) => [stage.name, stage]));
    for (const route of this.model.routes) {
      const authorizer = route.authorizer;
      if (authorizer?.type === "REQUEST" && !this.runners.has(authorizer.id)) {
        this.runners.set(
          authorizer.id,
          new LambdaAuthorizerRunner(authorizer.fn, authorizer.ttlSeconds, 10_000, runtime.services.clock),
        );
      }
    }
  }

  private get defaultStage(): string {
    return this.stages.has("$default") ? "$default" : (this.model.stages[0]?.name ?? "$default");
  }

  describe(): ApiDescription {
    const stage = this.defaultStage;
    return {
      id: this.runtime.stack.id,
      variant: "http",
      endpointType: "REGIONAL",
      apiId: this.model.apiId,
      name: this.model.name,
      stage,
      stages: this.model.stages.map((s) => s.name),
      url: stage === "$default" ? this.runtime.origin : `${this.runtime.origin}/${stage}`,
      routes: this.table.keys().sort((a, b) => routeOrder(a).localeCompare(routeOrder(b))),
      apiKeys: [],
      functions: [
        ...new Set(
          this.model.routes.flatMap((route) =>
            route.integration?.fn ? [route.integration.fn.functionName] : [],
          ),
        ),
      ],
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
        headers: ["content-type", "application/json"],
        body: INTERNAL,
        note: "gateway error",
      }),
      (rawPath, rawQuery, started) => this.answer(req, rawPath, rawQuery, started),
    );
  }

  /** Works out the answer; its headers end with `apigw-requestid`. */
  private async answer(
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    started: number,
  ): Promise<Answer> {
    const { services } = this.runtime;
    const requestId = shortId();
    const method = (req.method ?? "GET").toUpperCase();
    const finish = (answer: Omit<Answer, "headers"> & { headers?: string[] }, origin?: string): Answer => {
      const headers = answer.headers ?? ["content-type", "application/json"];
      if (this.model.cors && origin !== undefined)
        headers.push(...responseCorsHeaders(this.model.cors, origin));
      headers.push("apigw-requestid", requestId);
      return { ...answer, headers };
    };

    // 1. Stage: an explicit stage named by the first segment, else $default.
    let stage: HttpStage | undefined;
    let path = rawPath;
    const second = rawPath.indexOf("/", 1);
    const firstSegment = second === -1 ? rawPath.slice(1) : rawPath.slice(1, second);
    const named = firstSegment !== "$default" ? this.stages.get(firstSegment) : undefined;
    if (named) {
      stage = named;
      path = second === -1 ? "/" : rawPath.slice(second);
    } else stage = this.stages.get("$default");
    if (!stage) return finish({ status: 404, body: NOT_FOUND, note: "no stage" });

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof RequestTooLargeError)
        return finish({ status: 413, body: TOO_LARGE, note: error.message });
      throw error;
    }
    const header = (name: string) => headerValue(req.rawHeaders, name);
    const origin = this.model.cors ? header("origin") : undefined;

    // 2. CORS preflight, answered by the gateway.
    if (this.model.cors && isPreflight(method, header)) {
      const headers = preflightHeaders(
        this.model.cors,
        origin,
        header("access-control-request-method"),
        header("access-control-request-headers"),
      );
      headers.push("apigw-requestid", requestId);
      return { status: services.options.http.preflightStatus, headers, body: "", route: "(CORS preflight)" };
    }

    // 3. Route.
    const match = this.table.match(method, path);
    if (!match) return finish({ status: 404, body: NOT_FOUND, note: "no route" }, origin);
    const route = match.value;

    const timeEpoch = services.clock();
    const sourceIp = sourceIpOf(req);
    const encoded = httpBody(body, header("content-type"), {
      textMediaTypes: services.options.http.textMediaTypes,
    });
    const request: ForwardedRequest = {
      method,
      path,
      rawQuery,
      headers: forwardedHeaders(req.rawHeaders, {
        sourceIp,
        port: this.runtime.port,
        traceId: traceId(timeEpoch),
      }),
      body: encoded.body,
      isBase64Encoded: encoded.isBase64Encoded,
      bodyLength: encoded.bodyLength,
      sourceIp,
      timeEpoch,
    };
    const domainName = header("host") ?? `${services.options.host}:${this.runtime.port}`;
    const api: ApiContext = {
      apiId: this.model.apiId,
      accountId: this.runtime.refs.accountId,
      domainName,
      domainPrefix: domainName.split(".")[0].split(":")[0],
      stage: stage.name,
      stageVariables: stage.variables,
    };

    // 4. Authorizer.
    let authorizer: Record<string, unknown> | undefined;
    if (route.authorizationType !== "NONE") {
      const routeArn = `arn:aws:execute-api:${this.runtime.refs.region}:${this.runtime.refs.accountId}:${this.model.apiId}/${stage.name}/${method}${path}`;
      const outcome = await this.authorize(route, {
        request,
        api,
        routeKey: match.key,
        pathParameters: match.pathParameters,
        requestId,
        routeArn,
        req,
        body,
        stage,
      });
      if (!outcome.ok) {
        return finish(
          {
            status: outcome.status,
            headers: ["content-type", "application/json", ...outcome.headers],
            body: outcome.body,
            route: match.key,
            note: outcome.note,
          },
          origin,
        );
      }
      authorizer = outcome.authorizer;
    }

    // 5. Throttling.
    if (services.options.throttling && !services.throttles.take(this.checksFor(stage, match.key))) {
      return finish({ status: 429, body: TOO_MANY, route: match.key, note: "throttled" }, origin);
    }

    // 6. Integration.
    const integration = route.integration;
    if (!integration?.fn)
      return finish(
        { status: 500, body: INTERNAL, route: match.key, note: "no function behind the route" },
        origin,
      );
    const event =
      integration.payloadFormat === "1.0"
        ? restEventOf({
            request,
            api,
            resource: match.key === "$default" ? "$default" : match.key.slice(match.key.indexOf(" ") + 1),
            resourceId: "local",
            pathParameters: match.pathParameters,
            requestId,
            extendedRequestId: requestId,
            ...(authorizer ? { authorizer } : {}),
            httpApi: true,
          })
        : httpEventOf({
            request,
            api,
            routeKey: match.key,
            pathParameters: match.pathParameters,
            requestId,
            ...(authorizer ? { authorizer } : {}),
            keepCookieHeader: services.options.http.keepCookieHeader,
          });
    const eventJson = JSON.stringify(event);
    if (eventJson.length * 3 > LAMBDA_PAYLOAD_LIMIT && Buffer.byteLength(eventJson) > LAMBDA_PAYLOAD_LIMIT) {
      return finish(
        { status: 413, body: TOO_LARGE, route: match.key, note: "event over Lambda's 6 MB limit" },
        origin,
      );
    }
    const remaining = Math.max(1, integration.timeoutMs - (performance.now() - started));
    const outcome = await integration.fn.pool.invoke(eventJson, randomUUID(), remaining);
    const fnFacts = { route: match.key, functionName: integration.fn.functionName, cold: outcome.cold };
    if (outcome.kind === "timeout")
      return finish({ status: 503, body: UNAVAILABLE, ...fnFacts, note: "integration timeout" }, origin);
    if (outcome.kind === "error")
      return finish(
        {
          status: 500,
          body: INTERNAL,
          ...fnFacts,
          note: `${outcome.error.errorType}: ${outcome.error.errorMessage.slice(0, 200)}`,
        },
        origin,
      );
    if (
      outcome.payload.length * 3 > LAMBDA_PAYLOAD_LIMIT &&
      Buffer.byteLength(outcome.payload) > LAMBDA_PAYLOAD_LIMIT
    ) {
      return finish(
        { status: 500, body: INTERNAL, ...fnFacts, note: "response over Lambda's 6 MB limit" },
        origin,
      );
    }
    const mapped =
      integration.payloadFormat === "1.0"
        ? mapVersion1(outcome.payload)
        : mapVersion2(outcome.payload, {
            nonStringBody: services.options.http.nonStringBody,
            defaultContentType: services.options.http.defaultContentType,
          });
    if (!mapped)
      return finish({ status: 500, body: INTERNAL, ...fnFacts, note: "malformed Lambda response" }, origin);
    let headers = mapped.headers;
    if (this.model.cors) headers = withoutCorsHeaders(headers);
    return finish({ status: mapped.status, headers, body: mapped.body, ...fnFacts }, origin);
  }

  private async authorize(
    route: HttpRoute,
    input: {
      request: ForwardedRequest;
      api: ApiContext;
      routeKey: string;
      pathParameters: Record<string, string>;
      requestId: string;
      routeArn: string;
      req: IncomingMessage;
      body: Buffer;
      stage: HttpStage;
    },
  ): Promise<Authorization> {
    const { services } = this.runtime;
    if (route.authorizationType === "AWS_IAM") {
      const check: IamCheck = await checkIamSignature(
        input.req,
        input.body,
        services.options.rest.iamCredentials,
        this.runtime.refs.region,
        services.clock(),
      );
      if (!check.ok) return { ok: false, status: 403, body: FORBIDDEN, headers: [], note: check.reason };
      return { ok: true, authorizer: { iam: check.context } };
    }
    const query = new URLSearchParams(input.request.rawQuery);
    const facts: IdentityFacts = {
      header: (name) => headerValue(input.req.rawHeaders, name),
      query: (name) => query.get(name) ?? undefined,
      context: (name) =>
        name === "routeKey" ? input.routeKey : name === "stage" ? input.stage.name : undefined,
      stageVariable: (name) => input.stage.variables[name],
    };
    const authorizeInput = {
      route,
      request: input.request,
      api: input.api,
      routeKey: input.routeKey,
      pathParameters: input.pathParameters,
      requestId: input.requestId,
      routeArn: input.routeArn,
      facts,
      nowMs: services.clock(),
      runner: route.authorizer ? this.runners.get(route.authorizer.id) : undefined,
      unauthorizedStatus: services.options.http.authorizerUnauthorizedStatus,
    };
    if (route.authorizationType === "JWT") return authorizeJwt(authorizeInput);
    if (route.authorizationType === "CUSTOM") return authorizeLambda(authorizeInput);
    return {
      ok: false,
      status: 500,
      body: INTERNAL,
      headers: [],
      note: `authorization type ${route.authorizationType} is not supported`,
    };
  }

  /** The buckets a request to `routeKey` on `stage` must pass: the route's limit, then the account's. */
  private checksFor(stage: HttpStage, routeKey: string): [string, ThrottleLimit][] {
    const key = `${stage.name} ${routeKey}`;
    let checks = this.throttleChecks.get(key);
    if (!checks) {
      const limit = stage.routeThrottles.get(routeKey) ?? stage.defaultThrottle;
      checks = [[`account:${this.runtime.refs.region}`, ACCOUNT_LIMIT]];
      if (limit) checks.unshift([`http:${this.runtime.stack.id}:${this.model.apiId}:${key}`, limit]);
      this.throttleChecks.set(key, checks);
    }
    return checks;
  }

  reset(): void {
    for (const runner of this.runners.values()) runner.reset();
  }

  async close(): Promise<void> {}
}

/** The backend's CORS headers are ignored when the API has a CORS configuration (spec §6.1). */
function withoutCorsHeaders(headers: string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < headers.length; index += 2) {
    if (!headers[index].toLowerCase().startsWith("access-control-"))
      out.push(headers[index], headers[index + 1]);
  }
  return out;
}

/** `GET /items/{id}` sorts as `/items/{id} GET`; `$default` last. */
function routeOrder(key: string): string {
  if (key === "$default") return "\uffff";
  const space = key.indexOf(" ");
  return `${key.slice(space + 1)} ${key.slice(0, space)}`;
}

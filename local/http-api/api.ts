/**
 * Serves one HTTP API: the phases of docs/gateway-behavior.md §0 in order, each in `http-api/phases/`,
 * refusals rendered as `{"message": ...}` (`errors.ts`), every answer finished with CORS and `apigw-requestid`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiDescription, ApiRuntime, ServedApi } from "../context";
import { LambdaAuthorizerRunner } from "../lambda-authorizer";
import type { Phase } from "../pipeline/chain";
import type { Reply } from "../pipeline/context";
import type { GatewayError } from "../pipeline/errors";
import { invokeLambda } from "../pipeline/phases/invoke";
import { readRequestBody } from "../pipeline/phases/read-body";
import { RouteThrottles } from "../pipeline/phases/throttle";
import { type HttpVariant, serve } from "../pipeline/serve";
import type { ResourceRef } from "../terraform/references";
import { type HttpContext, type HttpParts, httpContext } from "./context";
import { internalHttpError, renderHttpError } from "./errors";
import { type HttpApiModel, type HttpRoute, type HttpStage, httpApiModel } from "./model";
import { httpAuthorize } from "./phases/authorize";
import { httpCors } from "./phases/cors";
import { httpIntegrationRequest, httpIntegrationResponse } from "./phases/integration";
import { finishHttp } from "./phases/method-response";
import { httpRoute } from "./phases/route";
import { httpStage } from "./phases/stage";
import { httpThrottle } from "./phases/throttle";
import { RouteTable } from "./routes";

/** The HTTP API pipeline (docs/gateway-behavior.md §0): the first phase that refuses answers. */
export const HTTP_PHASES: readonly Phase<HttpContext>[] = [
  httpStage,
  readRequestBody(),
  httpCors,
  httpRoute,
  httpAuthorize,
  httpThrottle,
  httpIntegrationRequest,
  invokeLambda,
  httpIntegrationResponse,
];

export class HttpApi implements ServedApi, HttpParts, HttpVariant<HttpContext> {
  readonly model: HttpApiModel;
  readonly table: RouteTable<HttpRoute>;
  readonly stages: Map<string, HttpStage>;
  readonly runners = new Map<string, LambdaAuthorizerRunner>();
  readonly throttles: RouteThrottles;
  readonly phases = HTTP_PHASES;

  constructor(
    readonly runtime: ApiRuntime,
    api: ResourceRef,
  ) {
    this.model = httpApiModel(runtime, api, runtime.services.issuer.keySet);
    this.table = new RouteTable(this.model.routes.map((route) => ({ key: route.key, value: route })));
    this.stages = new Map(this.model.stages.map((stage) => [stage.name, stage]));
    this.throttles = new RouteThrottles(`http:${runtime.stack.id}:${this.model.apiId}`, runtime.refs.region);
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

  context(req: IncomingMessage, rawPath: string, rawQuery: string, started: number): HttpContext {
    return httpContext(this, req, rawPath, rawQuery, started);
  }

  render(error: GatewayError): Reply {
    return renderHttpError(error);
  }

  finish(ctx: HttpContext, reply: Reply): Reply {
    return finishHttp(ctx, reply);
  }

  internalError(): Reply {
    return internalHttpError();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    serve(this, req, res);
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

  reset(): void {
    for (const runner of this.runners.values()) runner.reset();
  }

  async close(): Promise<void> {}
}

/** `GET /items/{id}` sorts as `/items/{id} GET`; `$default` last. */
function routeOrder(key: string): string {
  if (key === "$default") return "\uffff";
  const space = key.indexOf(" ");
  return `${key.slice(space + 1)} ${key.slice(0, space)}`;
}

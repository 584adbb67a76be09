/**
 * Serves one REST API: the phases of docs/gateway-behavior.md §0 in order, each in `rest/phases/`, refusals
 * rendered as the API's gateway responses (`gateway-responses.ts`), every answer finished with the request ids
 * (and CloudFront's headers on edge-optimized APIs).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiDescription, ApiRuntime, ServedApi } from "../context";
import { LambdaAuthorizerRunner } from "../lambda-authorizer";
import type { Phase } from "../pipeline/chain";
import type { Reply } from "../pipeline/context";
import type { GatewayError } from "../pipeline/errors";
import { invokeLambda } from "../pipeline/phases/invoke";
import { readRequestBody } from "../pipeline/phases/read-body";
import { type HttpVariant, serve } from "../pipeline/serve";
import type { ResourceRef } from "../terraform/references";
import { StageCache } from "./cache";
import { type RestContext, type RestParts, restContext } from "./context";
import { renderError } from "./gateway-responses";
import { type RestApiModel, restApiModel } from "./model";
import { restApiKey } from "./phases/api-key";
import { restAuthorize } from "./phases/authorize";
import { restCacheLookup } from "./phases/cache";
import { restIntegrationRequest, restIntegrationResponse } from "./phases/integration";
import { restLimits } from "./phases/limits";
import { finishRest } from "./phases/method-response";
import { restResourcePolicy } from "./phases/resource-policy";
import { restRoute } from "./phases/route";
import { restStage } from "./phases/stage";
import { restValidate } from "./phases/validate";
import { ResourceTree } from "./resources";
import { BodyValidator } from "./validation";

/** The REST pipeline (docs/gateway-behavior.md §0): the first phase that refuses answers. */
export const REST_PHASES: readonly Phase<RestContext>[] = [
  restStage,
  readRequestBody(),
  restRoute,
  restResourcePolicy,
  restAuthorize,
  restApiKey,
  restLimits,
  restValidate,
  restCacheLookup,
  restIntegrationRequest,
  invokeLambda,
  restIntegrationResponse,
];

export class RestApi implements ServedApi, RestParts, HttpVariant<RestContext> {
  readonly model: RestApiModel;
  readonly tree: ResourceTree;
  readonly cache: StageCache;
  readonly bodies: BodyValidator;
  readonly runners = new Map<string, LambdaAuthorizerRunner>();
  readonly vpcId: string | undefined;
  readonly phases = REST_PHASES;

  constructor(
    readonly runtime: ApiRuntime,
    api: ResourceRef,
  ) {
    this.model = restApiModel(runtime, api);
    this.tree = new ResourceTree(this.model.root, this.model.resources);
    this.bodies = new BodyValidator(this.model.models, this.model.apiId);
    this.cache = new StageCache(runtime.services.clock);
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

  context(req: IncomingMessage, rawPath: string, rawQuery: string, started: number): RestContext {
    return restContext(this, req, rawPath, rawQuery, started);
  }

  render(error: GatewayError, ctx: RestContext): Reply {
    return renderError(error, this.model.gatewayResponses, ctx.values);
  }

  finish(ctx: RestContext, reply: Reply): Reply {
    return finishRest(ctx, reply);
  }

  internalError(): Reply {
    return {
      status: 500,
      headers: ["Content-Type", "application/json"],
      body: '{"message":"Internal server error"}',
    };
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    serve(this, req, res);
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

  reset(): void {
    this.cache.reset();
    for (const runner of this.runners.values()) runner.reset();
  }

  async close(): Promise<void> {
    await this.bodies.close();
  }
}

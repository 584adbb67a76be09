/** A WebSocket API as the synthesized Terraform declares it: routes, integrations, route responses, authorizer, stages. */

import { firstBlock, type Raw } from "../../tfjson/blocks";
import type { ApiRuntime } from "../context";
import type { LambdaFunction } from "../functions/registry";
import type { ResourceRef } from "../terraform/references";
import { settingsThrottle, type ThrottleLimit } from "../throttle";

export interface WsRoute {
  readonly key: string;
  readonly id: string;
  readonly authorizationType: string;
  readonly authorizer: WsAuthorizer | undefined;
  readonly apiKeyRequired: boolean;
  readonly fn: LambdaFunction | undefined;
  readonly timeoutMs: number;
  /** Whether the integration's result is sent back to the client (a `$default` route response). */
  readonly replies: boolean;
}

export interface WsAuthorizer {
  readonly id: string;
  readonly fn: LambdaFunction | undefined;
  readonly identitySources: readonly string[];
  readonly ttlSeconds: number;
}

export interface WsStage {
  readonly name: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly defaultThrottle: ThrottleLimit | undefined;
  readonly routeThrottles: ReadonlyMap<string, ThrottleLimit>;
}

export interface WebSocketModel {
  readonly apiId: string;
  readonly name: string;
  readonly selectionExpression: string;
  readonly routes: ReadonlyMap<string, WsRoute>;
  readonly stages: ReadonlyMap<string, WsStage>;
  readonly warnings: readonly string[];
}

export function webSocketModel(runtime: ApiRuntime, api: ResourceRef): WebSocketModel {
  const { refs, functions } = runtime;
  const warnings: string[] = [];
  const apiId = String(refs.attribute(api.type, api.name, "id"));
  const apiBlock = refs.resolve(api.block) as Raw;
  const belongs = (resource: ResourceRef) => refs.string(resource.block.api_id) === apiId;
  const idOf = (resource: ResourceRef) => String(refs.attribute(resource.type, resource.name, "id"));

  const integrations = new Map<string, { fn: LambdaFunction | undefined; timeoutMs: number }>();
  for (const resource of refs.resources("aws_apigatewayv2_integration").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    const fn = functions.find(String(block.integration_uri ?? ""));
    if (!fn)
      warnings.push(
        `integration ${resource.name}: no function in the stack for ${String(block.integration_uri)}`,
      );
    integrations.set(idOf(resource), {
      fn,
      timeoutMs: typeof block.timeout_milliseconds === "number" ? block.timeout_milliseconds : 29_000,
    });
  }
  const authorizers = new Map<string, WsAuthorizer>();
  for (const resource of refs.resources("aws_apigatewayv2_authorizer").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    const fn = functions.find(String(block.authorizer_uri ?? ""));
    if (!fn)
      warnings.push(
        `authorizer ${resource.name}: no function in the stack for ${String(block.authorizer_uri)}`,
      );
    authorizers.set(idOf(resource), {
      id: idOf(resource),
      fn,
      identitySources: Array.isArray(block.identity_sources) ? block.identity_sources.map(String) : [],
      ttlSeconds:
        typeof block.authorizer_result_ttl_in_seconds === "number"
          ? block.authorizer_result_ttl_in_seconds
          : 0,
    });
  }
  const replying = new Set<string>();
  for (const resource of refs.resources("aws_apigatewayv2_route_response").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    if (block.route_response_key === "$default") replying.add(String(block.route_id));
  }
  const routes = new Map<string, WsRoute>();
  for (const resource of refs.resources("aws_apigatewayv2_route").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    const id = idOf(resource);
    const target = String(block.target ?? "");
    const integration = target.startsWith("integrations/") ? integrations.get(target.slice(13)) : undefined;
    routes.set(String(block.route_key), {
      key: String(block.route_key),
      id,
      authorizationType: String(block.authorization_type ?? "NONE"),
      authorizer: typeof block.authorizer_id === "string" ? authorizers.get(block.authorizer_id) : undefined,
      apiKeyRequired: block.api_key_required === true,
      fn: integration?.fn,
      timeoutMs: integration?.timeoutMs ?? 29_000,
      replies: replying.has(id),
    });
  }
  const stages = new Map<string, WsStage>();
  for (const resource of refs.resources("aws_apigatewayv2_stage").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    const routeThrottles = new Map<string, ThrottleLimit>();
    for (const setting of Array.isArray(block.route_settings) ? (block.route_settings as Raw[]) : []) {
      const limit = settingsThrottle(setting);
      if (limit && typeof setting.route_key === "string") routeThrottles.set(setting.route_key, limit);
    }
    stages.set(String(block.name), {
      name: String(block.name),
      variables: (block.stage_variables as Record<string, string> | undefined) ?? {},
      defaultThrottle: settingsThrottle(firstBlock(block.default_route_settings)),
      routeThrottles,
    });
  }
  if (stages.size === 0) warnings.push("the API has no stage: every handshake is refused");
  return {
    apiId,
    name: String(apiBlock.name ?? api.name),
    selectionExpression: String(apiBlock.route_selection_expression ?? "$request.body.action"),
    routes,
    stages,
    warnings,
  };
}

/** The stage a path names (its first segment), else `$default`; with the rest of the path. */
export function locateStage(
  model: WebSocketModel,
  rawPath: string,
): { readonly stage: WsStage; readonly rest: string } | undefined {
  const second = rawPath.indexOf("/", 1);
  const first = second === -1 ? rawPath.slice(1) : rawPath.slice(1, second);
  const named = model.stages.get(first);
  if (named) return { stage: named, rest: second === -1 ? "" : rawPath.slice(second) };
  const fallback = model.stages.get("$default");
  return fallback ? { stage: fallback, rest: rawPath } : undefined;
}

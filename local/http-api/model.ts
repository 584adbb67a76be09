/**
 * An HTTP API as the synthesized Terraform declares it: `aws_apigatewayv2_api` (protocol HTTP), its routes,
 * integrations, authorizers and stages, linked by their resolved ids.
 */
import type { JWTVerifyGetKey } from "jose";
import { firstBlock, type Raw } from "../../tfjson/blocks";
import type { ApiRuntime } from "../context";
import type { LambdaFunction } from "../functions/registry";
import { LOCAL_AUDIENCE } from "../issuer";
import { discoveredKeySet, type JwtTrust } from "../jwt";
import type { ResourceRef } from "../terraform/references";
import { settingsThrottle, type ThrottleLimit } from "../throttle";
import { type CorsConfig, corsFromTerraform } from "./cors";

export interface HttpIntegration {
  readonly id: string;
  readonly type: string;
  readonly fn: LambdaFunction | undefined;
  readonly uri: string;
  readonly payloadFormat: "1.0" | "2.0";
  readonly timeoutMs: number;
}

export interface HttpAuthorizer {
  readonly id: string;
  readonly name: string;
  readonly type: "JWT" | "REQUEST";
  readonly identitySources: readonly string[];
  readonly jwt?: JwtTrust & { readonly declaredIssuer: string };
  readonly fn?: LambdaFunction;
  readonly payloadFormat: "1.0" | "2.0";
  readonly simpleResponses: boolean;
  readonly ttlSeconds: number;
}

export interface HttpRoute {
  readonly key: string;
  readonly authorizationType: string;
  readonly authorizer: HttpAuthorizer | undefined;
  readonly scopes: readonly string[];
  readonly integration: HttpIntegration | undefined;
}

export interface HttpStage {
  readonly name: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly defaultThrottle: ThrottleLimit | undefined;
  readonly routeThrottles: ReadonlyMap<string, ThrottleLimit>;
}

export interface HttpApiModel {
  readonly address: string;
  readonly apiId: string;
  readonly name: string;
  readonly cors: CorsConfig | undefined;
  readonly disableExecuteApiEndpoint: boolean;
  readonly routes: readonly HttpRoute[];
  readonly stages: readonly HttpStage[];
  readonly warnings: readonly string[];
}

export function httpApiModel(
  runtime: ApiRuntime,
  api: ResourceRef,
  issuerKeys: JWTVerifyGetKey,
): HttpApiModel {
  const { refs, functions, services } = runtime;
  const apiId = String(refs.attribute(api.type, api.name, "id"));
  const warnings: string[] = [];
  const belongs = (resource: ResourceRef) => refs.string(resource.block.api_id) === apiId;
  const idOf = (resource: ResourceRef) => String(refs.attribute(resource.type, resource.name, "id"));

  const integrations = new Map<string, HttpIntegration>();
  for (const resource of refs.resources("aws_apigatewayv2_integration").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    const uri = String(block.integration_uri ?? "");
    const type = String(block.integration_type ?? "");
    const fn = type === "AWS_PROXY" ? functions.find(uri) : undefined;
    if (type === "AWS_PROXY" && !fn)
      warnings.push(`integration ${resource.name}: no function in the stack for ${uri}`);
    if (type !== "AWS_PROXY")
      warnings.push(`integration ${resource.name}: type ${type} is not served locally (500)`);
    integrations.set(idOf(resource), {
      id: idOf(resource),
      type,
      fn,
      uri,
      payloadFormat: block.payload_format_version === "1.0" ? "1.0" : "2.0",
      timeoutMs: typeof block.timeout_milliseconds === "number" ? block.timeout_milliseconds : 30_000,
    });
  }

  const authorizers = new Map<string, HttpAuthorizer>();
  for (const resource of refs.resources("aws_apigatewayv2_authorizer").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    const type = block.authorizer_type === "JWT" ? "JWT" : "REQUEST";
    const jwtConfig = firstBlock(block.jwt_configuration);
    let jwt: HttpAuthorizer["jwt"];
    if (type === "JWT") {
      const declaredIssuer = String(jwtConfig?.issuer ?? "");
      const audiences = Array.isArray(jwtConfig?.audience) ? jwtConfig.audience.map(String) : [];
      jwt = services.options.trustLocalIssuer
        ? {
            declaredIssuer,
            issuer: services.issuer.issuer,
            audiences: [...audiences, LOCAL_AUDIENCE],
            keySet: issuerKeys,
          }
        : { declaredIssuer, issuer: declaredIssuer, audiences, keySet: discoveredKeySet(declaredIssuer) };
    }
    const fn = type === "REQUEST" ? functions.find(String(block.authorizer_uri ?? "")) : undefined;
    if (type === "REQUEST" && !fn)
      warnings.push(
        `authorizer ${resource.name}: no function in the stack for ${String(block.authorizer_uri)}`,
      );
    authorizers.set(idOf(resource), {
      id: idOf(resource),
      name: String(block.name ?? resource.name),
      type,
      identitySources: Array.isArray(block.identity_sources) ? block.identity_sources.map(String) : [],
      ...(jwt ? { jwt } : {}),
      ...(fn ? { fn } : {}),
      payloadFormat: block.authorizer_payload_format_version === "1.0" ? "1.0" : "2.0",
      simpleResponses: block.enable_simple_responses === true,
      ttlSeconds:
        typeof block.authorizer_result_ttl_in_seconds === "number"
          ? block.authorizer_result_ttl_in_seconds
          : 300,
    });
  }

  const routes: HttpRoute[] = [];
  for (const resource of refs.resources("aws_apigatewayv2_route").filter(belongs)) {
    const block = refs.resolve(resource.block) as Raw;
    const target = String(block.target ?? "");
    const integrationId = target.startsWith("integrations/")
      ? target.slice("integrations/".length)
      : undefined;
    const integration = integrationId ? integrations.get(integrationId) : undefined;
    if (!integration)
      warnings.push(`route ${String(block.route_key)}: no integration (target ${target || "unset"})`);
    const authorizerId = block.authorizer_id === undefined ? undefined : String(block.authorizer_id);
    routes.push({
      key: String(block.route_key),
      authorizationType: String(block.authorization_type ?? "NONE"),
      authorizer: authorizerId ? authorizers.get(authorizerId) : undefined,
      scopes: Array.isArray(block.authorization_scopes) ? block.authorization_scopes.map(String) : [],
      integration,
    });
  }

  const apiBlock = refs.resolve(api.block) as Raw;
  // Quick create: `target` on the API makes a `$default` route and stage.
  if (typeof apiBlock.target === "string" && routes.length === 0) {
    const fn = functions.find(apiBlock.target);
    routes.push({
      key: typeof apiBlock.route_key === "string" ? apiBlock.route_key : "$default",
      authorizationType: "NONE",
      authorizer: undefined,
      scopes: [],
      integration: {
        id: "quick-create",
        type: "AWS_PROXY",
        fn,
        uri: apiBlock.target,
        payloadFormat: "2.0",
        timeoutMs: 30_000,
      },
    });
  }

  const stages: HttpStage[] = refs
    .resources("aws_apigatewayv2_stage")
    .filter(belongs)
    .map((resource) => {
      const block = refs.resolve(resource.block) as Raw;
      const routeThrottles = new Map<string, ThrottleLimit>();
      for (const setting of Array.isArray(block.route_settings) ? (block.route_settings as Raw[]) : []) {
        const limit = settingsThrottle(setting);
        if (limit && typeof setting.route_key === "string") routeThrottles.set(setting.route_key, limit);
      }
      return {
        name: String(block.name),
        variables: (block.stage_variables as Record<string, string> | undefined) ?? {},
        defaultThrottle: settingsThrottle(firstBlock(block.default_route_settings)),
        routeThrottles,
      };
    });
  if (stages.length === 0 && typeof apiBlock.target === "string") {
    stages.push({ name: "$default", variables: {}, defaultThrottle: undefined, routeThrottles: new Map() });
  }
  if (stages.length === 0) warnings.push("the API has no stage: every request is 404");
  if (apiBlock.disable_execute_api_endpoint === true) {
    warnings.push(
      "disable_execute_api_endpoint is set: AWS serves it only through a custom domain; served here anyway",
    );
  }

  return {
    address: api.address,
    apiId,
    name: String(apiBlock.name ?? api.name),
    cors: corsFromTerraform(apiBlock.cors_configuration),
    disableExecuteApiEndpoint: apiBlock.disable_execute_api_endpoint === true,
    routes,
    stages,
    warnings,
  };
}

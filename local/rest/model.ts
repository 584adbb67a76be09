/**
 * A REST API as the synthesized Terraform declares it: `aws_api_gateway_rest_api` with its resources,
 * methods, integrations (+ integration/method responses for MOCK), authorizers, models and validators,
 * stages and method settings, gateway responses, API keys and usage plans, and the resource policy. Everything
 * is linked by resolved ids.
 */

import { firstBlock, type Raw } from "../../tfjson/blocks";
import type { ApiRuntime } from "../context";
import type { LambdaFunction } from "../functions/registry";
import { splitSources } from "../identity-sources";
import type { PolicyDocument } from "../policy";
import type { QuotaLimit } from "../quota";
import type { References, ResourceRef } from "../terraform/references";
import { type ThrottleLimit, throttleLimit } from "../throttle";

export interface RestResource {
  readonly id: string;
  readonly parentId: string | undefined;
  readonly pathPart: string;
  /** The full template path, e.g. `/items/{id}`; `/` for the root. */
  readonly path: string;
  readonly methods: Map<string, RestMethod>;
}

export interface RestIntegration {
  readonly type: string;
  readonly fn: LambdaFunction | undefined;
  readonly uri: string;
  readonly timeoutMs: number;
  /** `integration_http_method`, upper case: a Lambda proxy integration works only with `POST` (§1.3). */
  readonly httpMethod?: string;
  readonly requestTemplates: Readonly<Record<string, string>>;
  readonly cacheKeyParameters: readonly string[];
  /** MOCK: integration responses by status code. */
  readonly responses: readonly IntegrationResponse[];
}

export interface IntegrationResponse {
  readonly statusCode: string;
  readonly selectionPattern: string | undefined;
  readonly parameters: Readonly<Record<string, string>>;
  readonly templates: Readonly<Record<string, string>>;
}

export interface RestAuthorizer {
  readonly id: string;
  readonly name: string;
  readonly type: "TOKEN" | "REQUEST" | "COGNITO_USER_POOLS";
  readonly identitySources: readonly string[];
  readonly validationExpression: RegExp | undefined;
  readonly fn: LambdaFunction | undefined;
  readonly ttlSeconds: number;
  /** Cognito: the user pools' issuers (`https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly issuers: readonly string[];
}

export interface RestMethod {
  readonly httpMethod: string;
  readonly resource: RestResource;
  readonly authorization: string;
  readonly authorizer: RestAuthorizer | undefined;
  readonly scopes: readonly string[];
  readonly apiKeyRequired: boolean;
  readonly requestParameters: Readonly<Record<string, boolean>>;
  readonly requestModels: Readonly<Record<string, string>>;
  readonly validateBody: boolean;
  readonly validateParameters: boolean;
  readonly integration: RestIntegration | undefined;
}

export interface MethodSetting {
  readonly throttle: ThrottleLimit | undefined;
  readonly cachingEnabled: boolean;
  readonly cacheTtlSeconds: number;
}

export interface RestStage {
  readonly name: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly deploymentId: string;
  readonly cacheEnabled: boolean;
  /** By method path: `*\/*`, `items/{id}/GET`, ... */
  readonly methodSettings: ReadonlyMap<string, MethodSetting>;
}

export interface GatewayResponseSetting {
  readonly statusCode: number | undefined;
  readonly parameters: Readonly<Record<string, string>>;
  readonly templates: Readonly<Record<string, string>>;
}

export interface UsagePlan {
  readonly id: string;
  readonly name: string;
  /** Stages of this API in the plan, with per-method throttles (`/items/POST`). */
  readonly stages: ReadonlyMap<string, ReadonlyMap<string, ThrottleLimit>>;
  readonly throttle: ThrottleLimit | undefined;
  readonly quota: QuotaLimit | undefined;
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  readonly enabled: boolean;
  readonly plans: readonly UsagePlan[];
}

export interface RestApiModel {
  readonly address: string;
  readonly apiId: string;
  readonly name: string;
  readonly endpointType: string;
  readonly vpcEndpointIds: readonly string[];
  readonly apiKeySource: "HEADER" | "AUTHORIZER";
  readonly binaryMediaTypes: readonly string[];
  readonly root: RestResource;
  readonly resources: readonly RestResource[];
  readonly models: ReadonlyMap<string, unknown>;
  readonly stages: ReadonlyMap<string, RestStage>;
  readonly gatewayResponses: ReadonlyMap<string, GatewayResponseSetting>;
  readonly apiKeys: ReadonlyMap<string, ApiKey>;
  readonly plans: readonly UsagePlan[];
  readonly policy: PolicyDocument | undefined;
  readonly warnings: readonly string[];
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value as Raw).map(([k, v]) => [k, String(v)]));
}

function parsePolicy(value: unknown): PolicyDocument | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "object") return value as PolicyDocument;
  try {
    return JSON.parse(String(value)) as PolicyDocument;
  } catch {
    return undefined;
  }
}

export function restApiModel(runtime: ApiRuntime, api: ResourceRef): RestApiModel {
  const { refs, functions } = runtime;
  const warnings: string[] = [];
  const apiId = String(refs.attribute(api.type, api.name, "id"));
  const apiBlock = refs.resolve(api.block) as Raw;
  const belongs = (resource: ResourceRef) => refs.string(resource.block.rest_api_id) === apiId;
  const idOf = (resource: ResourceRef) => String(refs.attribute(resource.type, resource.name, "id"));
  const resolved = (resource: ResourceRef) => refs.resolve(resource.block) as Raw;

  if (typeof apiBlock.body === "string") {
    warnings.push(
      "the API is defined by an OpenAPI `body`; the gateway serves only aws_api_gateway_resource/method definitions",
    );
  }

  // Resources and their full paths.
  const rootId = String(refs.attribute(api.type, api.name, "root_resource_id"));
  const root: RestResource = { id: rootId, parentId: undefined, pathPart: "", path: "/", methods: new Map() };
  const byId = new Map<string, RestResource>([[rootId, root]]);
  const pending = refs
    .resources("aws_api_gateway_resource")
    .filter(belongs)
    .map((r) => ({ id: idOf(r), block: resolved(r) }));
  let progressed = true;
  while (pending.length > 0 && progressed) {
    progressed = false;
    for (let index = pending.length - 1; index >= 0; index--) {
      const { id, block } = pending[index];
      const parent = byId.get(String(block.parent_id));
      if (!parent) continue;
      const pathPart = String(block.path_part);
      byId.set(id, {
        id,
        parentId: parent.id,
        pathPart,
        path: parent.path === "/" ? `/${pathPart}` : `${parent.path}/${pathPart}`,
        methods: new Map(),
      });
      pending.splice(index, 1);
      progressed = true;
    }
  }
  for (const orphan of pending)
    warnings.push(`resource ${String(orphan.block.path_part)} has no parent in the stack`);

  // Authorizers.
  const authorizers = new Map<string, RestAuthorizer>();
  for (const resource of refs.resources("aws_api_gateway_authorizer").filter(belongs)) {
    const block = resolved(resource);
    const type = String(block.type ?? "TOKEN").toUpperCase() as RestAuthorizer["type"];
    const fn = type === "COGNITO_USER_POOLS" ? undefined : functions.find(String(block.authorizer_uri ?? ""));
    if (type !== "COGNITO_USER_POOLS" && !fn)
      warnings.push(
        `authorizer ${String(block.name)}: no function in the stack for ${String(block.authorizer_uri)}`,
      );
    const issuers = (Array.isArray(block.provider_arns) ? block.provider_arns.map(String) : []).map((arn) => {
      const match = /^arn:aws[\w-]*:cognito-idp:([^:]+):[^:]*:userpool\/(.+)$/.exec(arn);
      return match ? `https://cognito-idp.${match[1]}.amazonaws.com/${match[2]}` : arn;
    });
    let validationExpression: RegExp | undefined;
    if (
      typeof block.identity_validation_expression === "string" &&
      block.identity_validation_expression !== ""
    ) {
      try {
        validationExpression = new RegExp(block.identity_validation_expression);
      } catch {
        warnings.push(
          `authorizer ${String(block.name)}: identity_validation_expression is not a valid regular expression`,
        );
      }
    }
    authorizers.set(idOf(resource), {
      id: idOf(resource),
      name: String(block.name ?? resource.name),
      type,
      identitySources: splitSources(
        block.identity_source ?? (type === "REQUEST" ? "" : "method.request.header.Authorization"),
      ),
      validationExpression,
      fn,
      ttlSeconds:
        typeof block.authorizer_result_ttl_in_seconds === "number"
          ? block.authorizer_result_ttl_in_seconds
          : 300,
      issuers,
    });
  }

  // Validators.
  const validators = new Map<string, { body: boolean; parameters: boolean }>();
  for (const resource of refs.resources("aws_api_gateway_request_validator").filter(belongs)) {
    const block = resolved(resource);
    validators.set(idOf(resource), {
      body: block.validate_request_body === true,
      parameters: block.validate_request_parameters === true,
    });
  }

  // Models (JSON Schema draft 4), by name.
  const models = new Map<string, unknown>();
  for (const resource of refs.resources("aws_api_gateway_model").filter(belongs)) {
    const block = resolved(resource);
    try {
      models.set(String(block.name), JSON.parse(String(block.schema)));
    } catch {
      warnings.push(`model ${String(block.name)}: schema is not JSON`);
    }
  }

  // Integration responses (MOCK), by resource id + method.
  const integrationResponses = new Map<string, IntegrationResponse[]>();
  for (const resource of refs.resources("aws_api_gateway_integration_response").filter(belongs)) {
    const block = resolved(resource);
    const key = `${String(block.resource_id)} ${String(block.http_method)}`;
    const list = integrationResponses.get(key) ?? [];
    list.push({
      statusCode: String(block.status_code),
      selectionPattern:
        typeof block.selection_pattern === "string" && block.selection_pattern !== ""
          ? block.selection_pattern
          : undefined,
      parameters: stringRecord(block.response_parameters),
      templates: stringRecord(block.response_templates),
    });
    integrationResponses.set(key, list);
  }

  // Integrations by resource id + method.
  const integrations = new Map<string, RestIntegration>();
  for (const resource of refs.resources("aws_api_gateway_integration").filter(belongs)) {
    const block = resolved(resource);
    const key = `${String(block.resource_id)} ${String(block.http_method)}`;
    const type = String(block.type ?? "");
    const uri = String(block.uri ?? "");
    const fn = type === "AWS_PROXY" || type === "AWS" ? functions.find(uri) : undefined;
    if (type === "AWS_PROXY" && !fn)
      warnings.push(`integration ${resource.name}: no function in the stack for ${uri}`);
    if (type !== "AWS_PROXY" && type !== "MOCK")
      warnings.push(`integration ${resource.name}: type ${type} is not served locally (500)`);
    const httpMethod =
      typeof block.integration_http_method === "string"
        ? block.integration_http_method.toUpperCase()
        : undefined;
    if (type === "AWS_PROXY" && httpMethod !== undefined && httpMethod !== "POST")
      warnings.push(
        `integration ${resource.name}: integration_http_method ${httpMethod} cannot invoke a Lambda function; every request is 500 (use POST)`,
      );
    integrations.set(key, {
      type,
      fn,
      uri,
      httpMethod,
      timeoutMs: typeof block.timeout_milliseconds === "number" ? block.timeout_milliseconds : 29_000,
      requestTemplates: stringRecord(block.request_templates),
      cacheKeyParameters: Array.isArray(block.cache_key_parameters)
        ? block.cache_key_parameters.map(String)
        : [],
      responses: integrationResponses.get(key) ?? [],
    });
  }

  // Methods.
  for (const resource of refs.resources("aws_api_gateway_method").filter(belongs)) {
    const block = resolved(resource);
    const owner = byId.get(String(block.resource_id));
    if (!owner) {
      warnings.push(`method ${resource.name}: its resource is not in the stack`);
      continue;
    }
    const httpMethod = String(block.http_method).toUpperCase();
    const validator =
      typeof block.request_validator_id === "string" ? validators.get(block.request_validator_id) : undefined;
    const requestParameters: Record<string, boolean> = {};
    for (const [name, required] of Object.entries((block.request_parameters as Raw | undefined) ?? {}))
      requestParameters[name] = required === true;
    owner.methods.set(httpMethod, {
      httpMethod,
      resource: owner,
      authorization: String(block.authorization ?? "NONE").toUpperCase(),
      authorizer: typeof block.authorizer_id === "string" ? authorizers.get(block.authorizer_id) : undefined,
      scopes: Array.isArray(block.authorization_scopes) ? block.authorization_scopes.map(String) : [],
      apiKeyRequired: block.api_key_required === true,
      requestParameters,
      requestModels: stringRecord(block.request_models),
      validateBody: validator?.body === true,
      validateParameters: validator?.parameters === true,
      integration: integrations.get(`${owner.id} ${httpMethod}`),
    });
  }

  // Stages and method settings.
  const stages = new Map<string, RestStage>();
  for (const resource of refs.resources("aws_api_gateway_stage").filter(belongs)) {
    const block = resolved(resource);
    stages.set(String(block.stage_name), {
      name: String(block.stage_name),
      variables: stringRecord(block.variables),
      deploymentId: String(block.deployment_id ?? "local"),
      cacheEnabled: block.cache_cluster_enabled === true,
      methodSettings: new Map(),
    });
  }
  for (const resource of refs.resources("aws_api_gateway_method_settings").filter(belongs)) {
    const block = resolved(resource);
    const stage = stages.get(String(block.stage_name));
    if (!stage) continue;
    const settings = firstBlock(block.settings) ?? {};
    (stage.methodSettings as Map<string, MethodSetting>).set(String(block.method_path), {
      throttle: throttleLimit(settings.throttling_rate_limit, settings.throttling_burst_limit),
      cachingEnabled: settings.caching_enabled === true,
      cacheTtlSeconds:
        typeof settings.cache_ttl_in_seconds === "number" ? settings.cache_ttl_in_seconds : 300,
    });
  }
  if (stages.size === 0) warnings.push("the API has no stage: every request is 403");

  // Gateway responses.
  const gatewayResponses = new Map<string, GatewayResponseSetting>();
  for (const resource of refs.resources("aws_api_gateway_gateway_response").filter(belongs)) {
    const block = resolved(resource);
    gatewayResponses.set(String(block.response_type), {
      statusCode: block.status_code === undefined ? undefined : Number(block.status_code),
      parameters: stringRecord(block.response_parameters),
      templates: stringRecord(block.response_templates),
    });
  }

  // Usage plans and API keys.
  const plans = usagePlans(refs, apiId);
  const keyPlans = new Map<string, UsagePlan[]>();
  for (const resource of refs.resources("aws_api_gateway_usage_plan_key")) {
    const block = resolved(resource);
    const plan = plans.find((p) => p.id === String(block.usage_plan_id));
    if (!plan) continue;
    const list = keyPlans.get(String(block.key_id)) ?? [];
    list.push(plan);
    keyPlans.set(String(block.key_id), list);
  }
  const apiKeys = new Map<string, ApiKey>();
  for (const resource of refs.resources("aws_api_gateway_api_key")) {
    const id = idOf(resource);
    const plansOfKey = keyPlans.get(id) ?? [];
    // Keys of other APIs in the same stack are listed only when one of their plans covers this API.
    if (plansOfKey.length === 0 && refs.resources("aws_api_gateway_rest_api").length > 1) continue;
    const value = String(refs.attribute(resource.type, resource.name, "value"));
    const block = resolved(resource);
    apiKeys.set(value, {
      id,
      name: String(block.name ?? resource.name),
      value,
      enabled: block.enabled !== false,
      plans: plansOfKey,
    });
  }

  // Resource policy: on the API or in aws_api_gateway_rest_api_policy.
  let policy = parsePolicy(apiBlock.policy);
  for (const resource of refs.resources("aws_api_gateway_rest_api_policy").filter(belongs))
    policy = parsePolicy(resolved(resource).policy) ?? policy;

  const endpoint = firstBlock(apiBlock.endpoint_configuration);
  const types = Array.isArray(endpoint?.types) ? endpoint.types.map(String) : ["EDGE"];
  return {
    address: api.address,
    apiId,
    name: String(apiBlock.name ?? api.name),
    endpointType: types[0] ?? "EDGE",
    vpcEndpointIds: Array.isArray(endpoint?.vpc_endpoint_ids) ? endpoint.vpc_endpoint_ids.map(String) : [],
    apiKeySource: apiBlock.api_key_source === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
    binaryMediaTypes: Array.isArray(apiBlock.binary_media_types)
      ? apiBlock.binary_media_types.map(String)
      : [],
    root,
    resources: [...byId.values()],
    models,
    stages,
    gatewayResponses,
    apiKeys,
    plans,
    policy,
    warnings,
  };
}

function usagePlans(refs: References, apiId: string): UsagePlan[] {
  const plans: UsagePlan[] = [];
  for (const resource of refs.resources("aws_api_gateway_usage_plan")) {
    const block = refs.resolve(resource.block) as Raw;
    const stages = new Map<string, Map<string, ThrottleLimit>>();
    for (const apiStage of Array.isArray(block.api_stages) ? (block.api_stages as Raw[]) : []) {
      if (String(apiStage.api_id) !== apiId) continue;
      const perMethod = new Map<string, ThrottleLimit>();
      for (const throttle of Array.isArray(apiStage.throttle) ? (apiStage.throttle as Raw[]) : []) {
        const limit = throttleLimit(throttle.rate_limit, throttle.burst_limit);
        if (limit && typeof throttle.path === "string") perMethod.set(throttle.path, limit);
      }
      stages.set(String(apiStage.stage), perMethod);
    }
    if (stages.size === 0) continue;
    const throttle = firstBlock(block.throttle_settings);
    const quota = firstBlock(block.quota_settings);
    plans.push({
      id: String(refs.attribute(resource.type, resource.name, "id")),
      name: String(block.name ?? resource.name),
      stages,
      throttle: throttle ? throttleLimit(throttle.rate_limit, throttle.burst_limit) : undefined,
      quota:
        quota && typeof quota.limit === "number"
          ? {
              limit: quota.limit,
              period: String(quota.period ?? "MONTH").toUpperCase() as QuotaLimit["period"],
              offset: typeof quota.offset === "number" ? quota.offset : 0,
            }
          : undefined,
    });
  }
  return plans;
}

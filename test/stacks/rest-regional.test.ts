import Ajv from "ajv-draft-04";
import { bodySchemas } from "../../api/items-schema";
import { routeList, routes, scopes, signedInRouteScopes } from "../../api/routes";
import { isCacheable } from "../../constructs/rest-api";
import {
  describeStack,
  methodArnTail,
  restPathParts,
  routeHandlers,
  routePaths,
} from "../support/app-stacks";
import {
  configurationHashOf,
  integrationOf,
  methodsByRoute,
  redeploymentTrigger,
  referenceTo,
} from "../support/rest";
import {
  onlyResource,
  referencedName,
  resolveReference,
  resourcesOf,
  type SynthResult,
  synthStack,
} from "../support/synth";

type Route = keyof typeof routes;

describeStack("rest-regional", (Stack) => {
  const regional = (env: Record<string, string> = {}) =>
    synthStack((app, settings) => new Stack(app, settings), env);

  describe("with default settings", () => {
    let synth: SynthResult;
    beforeAll(() => {
      synth = regional();
    });

    test("is a REGIONAL REST API replaced create-before-destroy", () => {
      const api = onlyResource(synth.json, "aws_api_gateway_rest_api");
      expect(api).toMatchObject({
        name: "apigw-dev-rest-regional",
        endpoint_configuration: { types: ["REGIONAL"] },
        api_key_source: "HEADER",
        lifecycle: { create_before_destroy: true },
      });
      expect(resourcesOf(synth.json, "aws_api_gateway_rest_api_policy")).toHaveLength(0);
    });

    test("has one method per route, plus CORS preflights, on resources built from the paths", () => {
      const methods = methodsByRoute(synth.json);
      const keys = [...methods.keys()].filter((key) => !key.startsWith("OPTIONS "));
      expect(keys.sort()).toEqual(Object.keys(routes).sort());
      expect([...methods.keys()].filter((key) => key.startsWith("OPTIONS ")).sort()).toEqual(
        routePaths().map((path) => `OPTIONS ${path}`),
      );
      expect(
        resourcesOf(synth.json, "aws_api_gateway_resource")
          .map((r) => r.path_part)
          .sort(),
      ).toEqual(restPathParts());
    });

    test("public route: no authorizer, no key; signed-in routes: an authorizer AND an API key", () => {
      const methods = methodsByRoute(synth.json);
      for (const route of routeList()) {
        const method = methods.get(route.key) ?? {};
        if (route.spec.access === "public") {
          expect(method).toMatchObject({ authorization: "NONE", api_key_required: false });
        } else {
          expect(method.authorization).not.toBe("NONE");
          expect(method.api_key_required).toBe(true);
        }
      }
    });

    test("reads use the Lambda authorizer, writes Cognito with the write scope, admin routes AWS_IAM", () => {
      const methods = methodsByRoute(synth.json);
      const authorizers = synth.json.resource.aws_api_gateway_authorizer;
      const typeOf = (key: string) => {
        const method = methods.get(key) ?? {};
        return method.authorizer_id ? authorizers[referencedName(method.authorizer_id)].type : undefined;
      };
      for (const route of routeList()) {
        const method = methods.get(route.key);
        if (route.spec.access === "public") continue; // the test above
        if (route.spec.access === "admin") {
          expect(method).toMatchObject({ authorization: "AWS_IAM" });
          expect(method?.authorizer_id).toBeUndefined();
        } else if (route.spec.write) {
          expect(method).toMatchObject({
            authorization: "COGNITO_USER_POOLS",
            authorization_scopes: [scopes.write],
          });
          expect(typeOf(route.key)).toBe("COGNITO_USER_POOLS");
        } else {
          expect(method).toMatchObject({ authorization: "CUSTOM" });
          expect(typeOf(route.key)).toBe("TOKEN");
        }
      }
    });

    test("the Lambda authorizer caches decisions, validates the header shape and may only be invoked by it", () => {
      const authorizer = resourcesOf(synth.json, "aws_api_gateway_authorizer").find(
        (a) => a.type === "TOKEN",
      );
      expect(authorizer).toMatchObject({
        identity_source: "method.request.header.Authorization",
        authorizer_result_ttl_in_seconds: 300,
      });
      expect(new RegExp(String(authorizer?.identity_validation_expression)).test("Bearer a.b.c")).toBe(true);
      expect(new RegExp(String(authorizer?.identity_validation_expression)).test("Basic abc")).toBe(false);
      const fn = resolveReference(synth.json, authorizer?.authorizer_uri);
      expect(fn.function_name).toBe("apigw-dev-rest-regional-authorizer");
      const env = (fn.environment as { variables: Record<string, string> }).variables;
      expect(env.JWT_ISSUER).toMatch(/^https:\/\/\$\{aws_cognito_user_pool\.[^.]+\.endpoint\}$/);
      expect(env.JWT_AUDIENCE).toMatch(/^\$\{aws_cognito_user_pool_client\.[^.]+\.id\}$/);
      // The routes it decides on arrive as configuration, so its code (and zip) does not carry the table.
      expect(JSON.parse(env.ROUTE_SCOPES)).toEqual(signedInRouteScopes());
      const permission = resourcesOf(synth.json, "aws_lambda_permission").find((p) =>
        String(p.source_arn).includes("/authorizers/"),
      );
      expect(permission?.source_arn).toMatch(
        /^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}\/authorizers\/\$\{aws_api_gateway_authorizer\.[^.]+\.id\}$/,
      );
      const cognito = resourcesOf(synth.json, "aws_api_gateway_authorizer").find(
        (a) => a.type === "COGNITO_USER_POOLS",
      );
      expect(cognito?.provider_arns).toEqual([
        expect.stringMatching(/^\$\{aws_cognito_user_pool\.[^.]+\.arn\}$/),
      ]);
    });

    test("routes are Lambda proxy integrations; each invoke permission is scoped to its method ARN", () => {
      for (const route of routeList()) {
        const integration = integrationOf(synth.json, route.key);
        expect(integration).toMatchObject({ type: "AWS_PROXY", integration_http_method: "POST" });
        expect(resolveReference(synth.json, integration.uri).function_name).toBe(
          `apigw-dev-rest-regional-${route.spec.handler}`,
        );
      }
      const scoped = resourcesOf(synth.json, "aws_lambda_permission")
        .map((p) => /\.execution_arn\}\/\*\/(.+)$/.exec(String(p.source_arn))?.[1])
        .filter((tail): tail is string => tail !== undefined);
      const expected = routeList().map(methodArnTail);
      expect(scoped.sort()).toEqual(expected.sort());
      for (const permission of resourcesOf(synth.json, "aws_lambda_permission")) {
        expect(permission.principal).toBe("apigateway.amazonaws.com");
      }
    });

    test("every method has the body-and-parameters validator; write bodies have their JSON-schema model", () => {
      const validator = onlyResource(synth.json, "aws_api_gateway_request_validator");
      expect(validator).toMatchObject({ validate_request_body: true, validate_request_parameters: true });
      const models = synth.json.resource.aws_api_gateway_model;
      const methods = methodsByRoute(synth.json);
      for (const [key, method] of methods) {
        expect(referencedName(method.request_validator_id)).toBe(
          Object.keys(synth.json.resource.aws_api_gateway_request_validator)[0],
        );
        const spec = routes[key as Route] as { body?: string } | undefined;
        if (spec?.body) {
          const modelName = (method.request_models as Record<string, string>)["application/json"];
          const model = models[referencedName(modelName)];
          expect(model).toMatchObject({ name: spec.body, content_type: "application/json" });
        } else {
          expect(method.request_models).toBeUndefined();
        }
      }
      for (const route of routeList()) {
        const parameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map(([, parameter]) => [
          `method.request.path.${parameter}`,
          true,
        ]);
        expect(methods.get(route.key)?.request_parameters).toEqual(
          parameters.length > 0 ? Object.fromEntries(parameters) : undefined,
        );
      }
    });

    test("the models are the item schemas and reject invalid bodies (draft 4, as API Gateway reads them)", () => {
      const ajv = new Ajv({ allErrors: true });
      const byName = Object.fromEntries(
        resourcesOf(synth.json, "aws_api_gateway_model").map((m) => [m.name, JSON.parse(String(m.schema))]),
      );
      expect(byName).toEqual(JSON.parse(JSON.stringify(bodySchemas)));
      const create = ajv.compile(byName.ItemCreate);
      const update = ajv.compile(byName.ItemUpdate);
      expect(create({ name: "chair", price: 12, tags: ["wood"] })).toBe(true);
      expect(update({ name: "chair", price: 15, version: 2 })).toBe(true);
      for (const bad of [
        {},
        { name: "chair" },
        { name: "", price: 1 },
        { name: "chair", price: -1 },
        { name: "chair", price: "12" },
        { name: "chair", price: 1, extra: true },
        { name: "chair", price: 1, tags: ["a", "a"] },
        { name: "x".repeat(201), price: 1 },
        [],
        "chair",
      ]) {
        expect(create(bad)).toBe(false);
      }
      expect(update({ name: "chair", price: 1, version: 0 })).toBe(false);
    });

    test("usage plans basic and premium: throttle, quota, per-method write overrides, on the stage", () => {
      const plans = Object.fromEntries(
        resourcesOf(synth.json, "aws_api_gateway_usage_plan").map((plan) => [plan.name, plan]),
      );
      expect(Object.keys(plans).sort()).toEqual([
        "apigw-dev-rest-regional-basic",
        "apigw-dev-rest-regional-premium",
      ]);
      const basic = plans["apigw-dev-rest-regional-basic"];
      expect(basic).toMatchObject({
        throttle_settings: { rate_limit: 5, burst_limit: 10 },
        quota_settings: { limit: 10_000, period: "MONTH" },
      });
      const [stage] = basic.api_stages as { api_id: string; stage: string; throttle: object[] }[];
      expect(stage.stage).toMatch(/^\$\{aws_api_gateway_stage\.[^.]+\.stage_name\}$/);
      expect(stage.api_id).toMatch(/^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}$/);
      // Writes are throttled tighter on the basic plan.
      expect(stage.throttle).toEqual(
        routeList()
          .filter((route) => route.spec.write && route.spec.access !== "public")
          .map((route) => ({ path: `${route.path}/${route.method}`, rate_limit: 1, burst_limit: 2 })),
      );
      expect(plans["apigw-dev-rest-regional-premium"]).toMatchObject({
        throttle_settings: { rate_limit: 50, burst_limit: 100 },
        quota_settings: { limit: 1_000_000, period: "MONTH" },
      });
    });

    test("each API key is enabled, has no value in the configuration, and is attached to its plan", () => {
      const keys = resourcesOf(synth.json, "aws_api_gateway_api_key");
      expect(keys.map((key) => key.name).sort()).toEqual([
        "apigw-dev-rest-regional-basic-demo",
        "apigw-dev-rest-regional-premium-demo",
      ]);
      for (const key of keys) {
        expect(key.enabled).toBe(true);
        expect(key.value).toBeUndefined();
      }
      const attachments = resourcesOf(synth.json, "aws_api_gateway_usage_plan_key").map((attachment) => [
        resolveReference(synth.json, attachment.key_id).name,
        resolveReference(synth.json, attachment.usage_plan_id).name,
        attachment.key_type,
      ]);
      expect(attachments.sort()).toEqual([
        ["apigw-dev-rest-regional-basic-demo", "apigw-dev-rest-regional-basic", "API_KEY"],
        ["apigw-dev-rest-regional-premium-demo", "apigw-dev-rest-regional-premium", "API_KEY"],
      ]);
    });

    test("the stage traces, writes JSON access logs with retention, and waits for the account role it owns", () => {
      const stage = onlyResource(synth.json, "aws_api_gateway_stage");
      expect(stage).toMatchObject({
        stage_name: "dev",
        xray_tracing_enabled: true,
        cache_cluster_enabled: false,
      });
      const logs = stage.access_log_settings as { destination_arn: string; format: string };
      const format = JSON.parse(logs.format) as Record<string, string>;
      expect(format).toMatchObject({
        requestId: "$context.requestId",
        apiKeyId: "$context.identity.apiKeyId",
      });
      expect(JSON.stringify(format)).not.toContain('identity.apiKey"');
      expect(resolveReference(synth.json, logs.destination_arn)).toMatchObject({ retention_in_days: 365 });
      const account = onlyResource(synth.json, "aws_api_gateway_account");
      expect(account.cloudwatch_role_arn).toMatch(/^\$\{aws_iam_role\.[^.]+\.arn\}$/);
      const dependsOn = stage.depends_on as string[];
      expect(dependsOn.some((d) => d.startsWith("aws_api_gateway_account."))).toBe(true);
      const executionLogs = resourcesOf(synth.json, "aws_cloudwatch_log_group").find((g) =>
        String(g.name).startsWith("API-Gateway-Execution-Logs_"),
      );
      expect(executionLogs).toMatchObject({ retention_in_days: 365 });
      expect(executionLogs?.name).toMatch(
        /^API-Gateway-Execution-Logs_\$\{aws_api_gateway_rest_api\.[^.]+\.id\}\/dev$/,
      );
    });

    test("method settings */*: ERROR logging, metrics, no data trace, throttled, no caching", () => {
      const settings = onlyResource(synth.json, "aws_api_gateway_method_settings");
      expect(settings).toMatchObject({
        method_path: "*/*",
        settings: {
          logging_level: "ERROR",
          metrics_enabled: true,
          data_trace_enabled: false,
          throttling_rate_limit: 50,
          throttling_burst_limit: 100,
          caching_enabled: false,
        },
      });
      expect(settings.stage_name).toMatch(/^\$\{aws_api_gateway_stage\.[^.]+\.stage_name\}$/);
    });

    test("the route functions answer CORS for the configured origins (REST passes proxy responses through)", () => {
      const names = routeHandlers().map((handler) => `apigw-dev-rest-regional-${handler}`);
      const functions = resourcesOf(synth.json, "aws_lambda_function").filter((fn) =>
        names.includes(String(fn.function_name)),
      );
      expect(functions).toHaveLength(names.length);
      for (const fn of functions) {
        expect((fn.environment as { variables: object }).variables).toMatchObject({
          CORS_ALLOW_ORIGINS: "http://localhost:3000",
          CORS_ALLOW_CREDENTIALS: "false",
        });
      }
    });

    test("a regional WAF with the managed rule groups and a rate rule is associated with the stage and logs", () => {
      const acl = onlyResource(synth.json, "aws_wafv2_web_acl");
      expect(acl).toMatchObject({ scope: "REGIONAL", default_action: { allow: {} } });
      const rules = acl.rule as {
        name: string;
        statement: Record<string, Record<string, unknown>>;
        override_action?: object;
      }[];
      const managed = rules
        .map((rule) => rule.statement.managed_rule_group_statement)
        .filter((statement) => statement !== undefined);
      expect(managed.map((s) => s.name)).toEqual([
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAnonymousIpList",
      ]);
      for (const rule of rules.filter((r) => r.statement.managed_rule_group_statement)) {
        expect(rule.override_action).toEqual({ none: {} });
      }
      // The items API accepts bodies up to 16 KB; the Common set's 8 KB body rule only counts.
      expect(managed[0].rule_action_override).toEqual([
        { name: "SizeRestrictions_BODY", action_to_use: { count: {} } },
      ]);
      expect(managed.slice(1).every((s) => s.rule_action_override === undefined)).toBe(true);
      const rate = rules.find((rule) => rule.statement.rate_based_statement);
      expect(rate).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 1000 } },
      });
      const association = onlyResource(synth.json, "aws_wafv2_web_acl_association");
      const stage = onlyResource(synth.json, "aws_api_gateway_stage");
      expect(association.resource_arn).toBe(referenceTo(synth.json, "aws_api_gateway_stage", stage, "arn"));
      const logging = onlyResource(synth.json, "aws_wafv2_web_acl_logging_configuration");
      const [destination] = logging.log_destination_configs as string[];
      expect(resolveReference(synth.json, destination)).toMatchObject({
        name: "aws-waf-logs-apigw-dev-rest-regional",
        retention_in_days: 365,
      });
      expect(logging.redacted_fields).toEqual([
        { single_header: { name: "authorization" } },
        { single_header: { name: "x-api-key" } },
      ]);
    });

    test("API Gateway's own errors have JSON bodies and the CORS origin", () => {
      const responses = resourcesOf(synth.json, "aws_api_gateway_gateway_response");
      expect(responses.map((r) => r.response_type).sort()).toEqual(["DEFAULT_4XX", "DEFAULT_5XX"]);
      for (const response of responses) {
        const template = (response.response_templates as Record<string, string>)["application/json"];
        expect(template).toContain('"message":$context.error.messageString');
        expect(response.response_parameters).toMatchObject({
          "gatewayresponse.header.Access-Control-Allow-Origin": "'http://localhost:3000'",
        });
      }
    });

    test("the deployment redeploys from a hash of everything that shapes the API, create-before-destroy", () => {
      const deployment = onlyResource(synth.json, "aws_api_gateway_deployment");
      expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
      expect(deployment.stage_name).toBeUndefined();
      const trigger = redeploymentTrigger(synth.json);
      expect(trigger).toMatch(/^\$\{sha1\(jsonencode\(\["[0-9a-f]{40}", /);
      for (const type of [
        "aws_api_gateway_method",
        "aws_api_gateway_integration",
        "aws_api_gateway_authorizer",
        "aws_api_gateway_model",
        "aws_api_gateway_request_validator",
        "aws_api_gateway_gateway_response",
        "aws_api_gateway_resource",
      ]) {
        for (const logicalName of Object.keys(synth.json.resource[type])) {
          expect(trigger).toContain(`${type}.${logicalName}.id`);
          expect(deployment.depends_on).toContain(`${type}.${logicalName}`);
        }
      }
      const stage = onlyResource(synth.json, "aws_api_gateway_stage");
      expect(referencedName(stage.deployment_id)).toBe(
        Object.keys(synth.json.resource.aws_api_gateway_deployment)[0],
      );
    });

    test("no custom domain and no CloudFront unless set", () => {
      for (const type of [
        "aws_api_gateway_domain_name",
        "aws_api_gateway_base_path_mapping",
        "aws_acm_certificate",
        "aws_route53_record",
        "aws_cloudfront_distribution",
      ]) {
        expect(resourcesOf(synth.json, type)).toHaveLength(0);
      }
    });

    test("outputs ids and URLs, never a secret or a key value", () => {
      const outputs = synth.json.output ?? {};
      expect(Object.keys(outputs)).toEqual(
        expect.arrayContaining([
          "api_url",
          "api_key_ids",
          "usage_plan_ids",
          "admin_policy_arn",
          "web_acl_arn",
        ]),
      );
      for (const output of Object.values(outputs)) expect(output.sensitive).not.toBe(true);
      expect(JSON.stringify(outputs)).not.toMatch(/\.value\}/);
    });

    test("the admin policy grants exactly the AWS_IAM routes", () => {
      const admin = routeList().filter((route) => route.spec.access === "admin");
      const policies = resourcesOf(synth.json, "aws_iam_policy");
      // Without admin routes (and without a cache) there is nothing to grant, so no policy.
      expect(policies).toHaveLength(admin.length > 0 ? 1 : 0);
      if (admin.length === 0) return;
      const policy = JSON.parse(String(policies[0].policy)) as {
        Statement: { Action: string[]; Resource: string[] }[];
      };
      expect(policy.Statement).toHaveLength(1);
      expect(policy.Statement[0].Action).toEqual(["execute-api:Invoke"]);
      expect(
        policy.Statement[0].Resource.map((arn) =>
          arn.replace(/^\$\{[^}]+\.execution_arn\}\/\$\{aws_api_gateway_stage\.[^.]+\.stage_name\}\//, ""),
        ),
      ).toEqual(admin.map(methodArnTail));
    });
  });

  describe("deployment trigger", () => {
    test("the same code and settings give the same trigger; a non-API setting does not change it", () => {
      const first = redeploymentTrigger(regional().json);
      expect(redeploymentTrigger(regional().json)).toBe(first);
      expect(
        redeploymentTrigger(
          regional({ APIGW_LOG_RETENTION_DAYS: "400", APIGW_LAMBDA_MEMORY_MB: "512" }).json,
        ),
      ).toBe(first);
    });

    test("changing an authorizer or the CORS origins changes it", () => {
      const base = configurationHashOf(regional().json);
      expect(configurationHashOf(regional({ APIGW_REST_AUTHORIZER_TYPE: "REQUEST" }).json)).not.toBe(base);
      expect(configurationHashOf(regional({ APIGW_REST_AUTHORIZER_CACHE_TTL: "60" }).json)).not.toBe(base);
      expect(configurationHashOf(regional({ APIGW_CORS_ORIGINS: "https://app.example.com" }).json)).not.toBe(
        base,
      );
    });
  });

  describe("with settings", () => {
    test("REQUEST authorizer with its identity source and TTL; Lambda authorizer on writes too", () => {
      const { json } = regional({
        APIGW_REST_AUTHORIZER_TYPE: "REQUEST",
        APIGW_REST_AUTHORIZER_CACHE_TTL: "0",
        APIGW_REST_WRITE_AUTHORIZER: "lambda",
      });
      const authorizer = onlyResource(json, "aws_api_gateway_authorizer");
      expect(authorizer).toMatchObject({
        type: "REQUEST",
        identity_source: "method.request.header.Authorization",
        authorizer_result_ttl_in_seconds: 0,
      });
      expect(authorizer.identity_validation_expression).toBeUndefined();
      expect(methodsByRoute(json).get("POST /items")).toMatchObject({ authorization: "CUSTOM" });
      expect(resourcesOf(json, "aws_cognito_user_pool")).toHaveLength(1);
    });

    test("an external issuer: no user pool, the Lambda authorizer everywhere, trusting that issuer", () => {
      const { json } = regional({
        APIGW_JWT_ISSUER: "https://login.example.com/",
        APIGW_JWT_AUDIENCE: "client-a",
      });
      expect(resourcesOf(json, "aws_cognito_user_pool")).toHaveLength(0);
      expect(onlyResource(json, "aws_api_gateway_authorizer").type).toBe("TOKEN");
      const fn = resourcesOf(json, "aws_lambda_function").find((f) =>
        String(f.function_name).endsWith("authorizer"),
      );
      expect((fn?.environment as { variables: object } | undefined)?.variables).toMatchObject({
        JWT_ISSUER: "https://login.example.com/",
        JWT_AUDIENCE: "client-a",
      });
    });

    test("a regional custom domain: certificate in the API's region, TLS 1.2, mapping, alias record", () => {
      const { json } = regional({
        APIGW_REST_REGIONAL_DOMAIN: "api.example.com",
        APIGW_REST_REGIONAL_ZONE_ID: "Z0123456789ABCDEFGHIJ",
      });
      const certificate = onlyResource(json, "aws_acm_certificate");
      expect(certificate).toMatchObject({ domain_name: "api.example.com", validation_method: "DNS" });
      expect(certificate.region).toBeUndefined();
      const domain = onlyResource(json, "aws_api_gateway_domain_name");
      expect(domain).toMatchObject({
        domain_name: "api.example.com",
        endpoint_configuration: { types: ["REGIONAL"] },
        security_policy: "TLS_1_2",
      });
      expect(domain.regional_certificate_arn).toMatch(
        /^\$\{aws_acm_certificate_validation\.[^.]+\.certificate_arn\}$/,
      );
      expect(domain.certificate_arn).toBeUndefined();
      const mapping = onlyResource(json, "aws_api_gateway_base_path_mapping");
      expect(mapping.stage_name).toMatch(/^\$\{aws_api_gateway_stage\.[^.]+\.stage_name\}$/);
      const aliases = resourcesOf(json, "aws_route53_record").filter((r) => r.alias);
      expect(aliases).toHaveLength(1);
      expect(aliases[0]).toMatchObject({ type: "A", zone_id: "Z0123456789ABCDEFGHIJ" });
      expect((aliases[0].alias as { name: string }).name).toMatch(/\.regional_domain_name\}$/);
      expect(json.output?.custom_domain_url.value).toBe("https://api.example.com");
    });

    test("CloudFront in front: TLS 1.2 with a us-east-1 certificate, no Host forwarding, HSTS, its own WAF", () => {
      const { json } = regional({
        APIGW_REGION: "eu-west-1",
        APIGW_REST_CLOUDFRONT: "true",
        APIGW_REST_CLOUDFRONT_DOMAIN: "cdn.example.com",
        APIGW_REST_CLOUDFRONT_ZONE_ID: "Z0123456789ABCDEFGHIJ",
      });
      const distribution = onlyResource(json, "aws_cloudfront_distribution");
      expect(distribution).toMatchObject({
        enabled: true,
        aliases: ["cdn.example.com"],
        viewer_certificate: { ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
        origin: [
          {
            origin_path: "/dev",
            domain_name: expect.stringMatching(
              /^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}\.execute-api\.eu-west-1\.amazonaws\.com$/,
            ),
            custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
          },
        ],
        default_cache_behavior: { viewer_protocol_policy: "https-only" },
      });
      const validation = resolveReference(
        json,
        (distribution.viewer_certificate as { acm_certificate_arn: string }).acm_certificate_arn,
      );
      expect(validation.region).toBe("us-east-1");
      expect(resolveReference(json, validation.certificate_arn).region).toBe("us-east-1");
      const behavior = distribution.default_cache_behavior as Record<string, string>;
      const data = json.data as Record<string, Record<string, { name: string }>>;
      const byRef = (ref: string) => {
        const [, type, logicalName] = /^\$\{data\.([a-z0-9_]+)\.([^.]+)\.id\}$/.exec(ref) ?? [];
        return data[type][logicalName].name;
      };
      expect(byRef(behavior.origin_request_policy_id)).toBe("Managed-AllViewerExceptHostHeader");
      expect(byRef(behavior.cache_policy_id)).toBe("Managed-CachingDisabled");
      const ordered = distribution.ordered_cache_behavior as { path_pattern: string }[];
      // Public GET routes may be cached at the edge; a path parameter matches any segment.
      expect(ordered.map((b) => b.path_pattern)).toEqual(
        routeList()
          .filter((route) => route.spec.access === "public" && route.method === "GET")
          .map((route) => route.path.replace(/\{[^}]+\}/g, "*")),
      );
      const headers = onlyResource(json, "aws_cloudfront_response_headers_policy");
      expect(headers.security_headers_config).toMatchObject({
        strict_transport_security: {
          access_control_max_age_sec: 63_072_000,
          include_subdomains: true,
          preload: true,
          override: true,
        },
      });
      const acls = resourcesOf(json, "aws_wafv2_web_acl");
      const cloudFrontAcl = acls.find((acl) => acl.scope === "CLOUDFRONT");
      expect(cloudFrontAcl?.region).toBe("us-east-1");
      expect(acls.find((acl) => acl.scope === "REGIONAL")?.region).toBeUndefined();
      const cloudFrontLogs = resourcesOf(json, "aws_cloudwatch_log_group").find((g) =>
        String(g.name).endsWith("-cloudfront"),
      );
      expect(cloudFrontLogs).toMatchObject({
        name: "aws-waf-logs-apigw-dev-rest-regional-cloudfront",
        region: "us-east-1",
      });
      expect(distribution.web_acl_id).toBe(
        referenceTo(json, "aws_wafv2_web_acl", cloudFrontAcl ?? {}, "arn"),
      );
      expect(resourcesOf(json, "aws_wafv2_web_acl_association")).toHaveLength(1);
      const aliases = resourcesOf(json, "aws_route53_record").filter((r) => r.alias);
      expect(aliases.map((a) => a.type).sort()).toEqual(["A", "AAAA"]);
    });

    test("a stage cache when turned on: encrypted, GET /items/{id} only, keyed on the id", () => {
      const { json } = regional({ APIGW_REST_REGIONAL_CACHE: "true" });
      expect(onlyResource(json, "aws_api_gateway_stage")).toMatchObject({
        cache_cluster_enabled: true,
        cache_cluster_size: "0.5",
      });
      const cached = resourcesOf(json, "aws_api_gateway_method_settings").filter(
        (s) => (s.settings as { caching_enabled: boolean }).caching_enabled,
      );
      expect(cached.map((s) => s.method_path)).toEqual(
        routeList()
          .filter(isCacheable)
          .map((route) => `${route.path.replace(/\//g, "~1")}/GET`),
      );
    });
  });

  describe("settings errors", () => {
    test.each([
      [
        { APIGW_REST_CLOUDFRONT: "true" },
        /APIGW_REST_CLOUDFRONT = true without APIGW_REST_CLOUDFRONT_DOMAIN/,
      ],
      [{ APIGW_REST_REGIONAL_DOMAIN: "api.example.com" }, /without APIGW_REST_REGIONAL_ZONE_ID/],
      [
        { APIGW_REST_BASIC_QUOTA_PERIOD: "YEAR" },
        /APIGW_REST_BASIC_QUOTA_PERIOD = "YEAR": expected one of DAY, WEEK, MONTH/,
      ],
      [{ APIGW_REST_WAF_RATE_LIMIT: "5" }, /APIGW_REST_WAF_RATE_LIMIT = "5": expected an integer from 100/],
      [
        {
          APIGW_JWT_ISSUER: "https://login.example.com/",
          APIGW_JWT_AUDIENCE: "a",
          APIGW_REST_WRITE_AUTHORIZER: "cognito",
        },
        /Cognito authorizers only trust the stack's own user pool/,
      ],
    ])("%j fails synth with a clear message", (env, message) => {
      expect(() => regional(env)).toThrow(message);
    });
  });
});

import { routeList } from "../../api/routes";
import { isCacheable } from "../../constructs/rest-api";
import { describeStack, methodArnTail } from "../support/app-stacks";
import { integrationOf, methodsByRoute, referenceTo } from "../support/rest";
import { onlyResource, resolveReference, resourcesOf, type SynthResult, synthStack } from "../support/synth";

const DOMAIN = {
  APIGW_REST_EDGE_DOMAIN: "api.example.com",
  APIGW_REST_EDGE_ZONE_ID: "Z0123456789ABCDEFGHIJ",
};

/** The routes the stage cache serves: GETs of one resource (`GET /items/{id}`). */
const cacheable = routeList().filter(isCacheable);
/** `{id}` in `/items/{id}` as the method request parameter. */
const pathParameters = (path: string) =>
  [...path.matchAll(/\{([^}]+)\}/g)].map(([, parameter]) => `method.request.path.${parameter}`);

describeStack("rest-edge", (Stack) => {
  const edge = (env: Record<string, string> = {}) =>
    synthStack((app, settings) => new Stack(app, settings), env);

  describe("with default settings", () => {
    let synth: SynthResult;
    beforeAll(() => {
      synth = edge();
    });

    test("is an EDGE REST API serving the route table", () => {
      expect(onlyResource(synth.json, "aws_api_gateway_rest_api")).toMatchObject({
        name: "apigw-dev-rest-edge",
        endpoint_configuration: { types: ["EDGE"] },
      });
      const keys = [...methodsByRoute(synth.json).keys()].filter((key) => !key.startsWith("OPTIONS"));
      expect(keys.sort()).toEqual(
        routeList()
          .map((route) => route.key)
          .sort(),
      );
    });

    test("has the stage cache on: an encrypted 0.5 GB cluster", () => {
      expect(onlyResource(synth.json, "aws_api_gateway_stage")).toMatchObject({
        cache_cluster_enabled: true,
        cache_cluster_size: "0.5",
        xray_tracing_enabled: true,
      });
    });

    test("caches only GETs of one resource: encrypted, with a TTL, bypassable only with IAM authorization", () => {
      const settings = resourcesOf(synth.json, "aws_api_gateway_method_settings");
      const all = settings.find((s) => s.method_path === "*/*");
      expect(all?.settings).toMatchObject({ caching_enabled: false, cache_data_encrypted: true });
      const cached = settings.filter((s) => (s.settings as { caching_enabled: boolean }).caching_enabled);
      expect(cached.map((s) => s.method_path)).toEqual(
        cacheable.map((route) => `${route.path.replace(/\//g, "~1")}/GET`),
      );
      for (const entry of cached)
        expect(entry).toMatchObject({
          settings: {
            caching_enabled: true,
            cache_data_encrypted: true,
            cache_ttl_in_seconds: 60,
            require_authorization_for_cache_control: true,
            // The per-method entry replaces */* for this method: it repeats logging, metrics and throttling.
            logging_level: "ERROR",
            metrics_enabled: true,
            data_trace_enabled: false,
            throttling_rate_limit: 50,
            throttling_burst_limit: 100,
          },
        });
    });

    test("the cache key is the path's id (and the optional version a writer reads its write with)", () => {
      for (const route of routeList()) {
        const keys = integrationOf(synth.json, route.key).cache_key_parameters;
        if (!isCacheable(route)) {
          expect(keys).toBeUndefined();
          continue;
        }
        expect(keys).toEqual([...pathParameters(route.path), "method.request.querystring.version"]);
        expect(methodsByRoute(synth.json).get(route.key)?.request_parameters).toEqual({
          ...Object.fromEntries(pathParameters(route.path).map((parameter) => [parameter, true])),
          "method.request.querystring.version": false,
        });
      }
    });

    test("operators may invalidate cached entries (execute-api:InvalidateCache on the cached routes)", () => {
      const policy = JSON.parse(String(onlyResource(synth.json, "aws_iam_policy").policy)) as {
        Statement: { Sid: string; Action: string[]; Resource: string[] }[];
      };
      const invalidate = policy.Statement.find((s) => s.Sid === "InvalidateCache");
      expect(invalidate?.Action).toEqual(["execute-api:InvalidateCache"]);
      expect(invalidate?.Resource.map((arn) => arn.replace(/^.*\.stage_name\}\//, ""))).toEqual(
        cacheable.map(methodArnTail),
      );
    });

    test("a REGIONAL web ACL is associated with the stage", () => {
      expect(onlyResource(synth.json, "aws_wafv2_web_acl").scope).toBe("REGIONAL");
      const stage = onlyResource(synth.json, "aws_api_gateway_stage");
      expect(onlyResource(synth.json, "aws_wafv2_web_acl_association").resource_arn).toBe(
        referenceTo(synth.json, "aws_api_gateway_stage", stage, "arn"),
      );
    });

    test("does not own the account logging role (rest-regional does by default)", () => {
      expect(resourcesOf(synth.json, "aws_api_gateway_account")).toHaveLength(0);
      const stage = onlyResource(synth.json, "aws_api_gateway_stage");
      expect((stage.depends_on as string[]).some((d) => d.startsWith("aws_api_gateway_account."))).toBe(
        false,
      );
    });

    test("no custom domain, certificate or DNS record without a domain", () => {
      for (const type of ["aws_api_gateway_domain_name", "aws_acm_certificate", "aws_route53_record"]) {
        expect(resourcesOf(synth.json, type)).toHaveLength(0);
      }
    });
  });

  describe("with a custom domain", () => {
    let synth: SynthResult;
    beforeAll(() => {
      synth = edge({ ...DOMAIN, APIGW_REGION: "eu-west-1" });
    });

    test("the certificate is requested and validated in us-east-1, whatever the stack's region", () => {
      expect((synth.json.provider?.aws?.[0] as { region: string } | undefined)?.region).toBe("eu-west-1");
      const certificate = onlyResource(synth.json, "aws_acm_certificate");
      expect(certificate).toMatchObject({
        domain_name: "api.example.com",
        validation_method: "DNS",
        region: "us-east-1",
        lifecycle: { create_before_destroy: true },
      });
      const validation = onlyResource(synth.json, "aws_acm_certificate_validation");
      expect(validation.region).toBe("us-east-1");
      expect(validation.certificate_arn).toBe(
        referenceTo(synth.json, "aws_acm_certificate", certificate, "arn"),
      );
      const record = resourcesOf(synth.json, "aws_route53_record").find((r) => !r.alias);
      expect(record).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", ttl: 300 });
      expect(record?.name).toMatch(/domain_validation_options\)\.0\.resource_record_name\}$/);
      expect(validation.validation_record_fqdns).toEqual([
        referenceTo(synth.json, "aws_route53_record", record ?? {}, "fqdn"),
      ]);
    });

    test("the edge domain uses the validated certificate and TLS 1.2, mapped to the stage", () => {
      const domain = onlyResource(synth.json, "aws_api_gateway_domain_name");
      expect(domain).toMatchObject({
        domain_name: "api.example.com",
        endpoint_configuration: { types: ["EDGE"] },
        security_policy: "TLS_1_2",
      });
      expect(resolveReference(synth.json, domain.certificate_arn).region).toBe("us-east-1");
      expect(domain.regional_certificate_arn).toBeUndefined();
      const mapping = onlyResource(synth.json, "aws_api_gateway_base_path_mapping");
      expect(mapping.domain_name).toBe(
        referenceTo(synth.json, "aws_api_gateway_domain_name", domain, "domain_name"),
      );
      expect(mapping.stage_name).toMatch(/^\$\{aws_api_gateway_stage\.[^.]+\.stage_name\}$/);
      expect(mapping.api_id).toMatch(/^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}$/);
    });

    test("A and AAAA alias records point at API Gateway's CloudFront distribution", () => {
      const domain = onlyResource(synth.json, "aws_api_gateway_domain_name");
      const aliases = resourcesOf(synth.json, "aws_route53_record").filter((r) => r.alias);
      expect(aliases.map((a) => a.type).sort()).toEqual(["A", "AAAA"]);
      for (const alias of aliases) {
        expect(alias.zone_id).toBe("Z0123456789ABCDEFGHIJ");
        expect(alias.alias).toEqual({
          name: referenceTo(synth.json, "aws_api_gateway_domain_name", domain, "cloudfront_domain_name"),
          zone_id: referenceTo(synth.json, "aws_api_gateway_domain_name", domain, "cloudfront_zone_id"),
          evaluate_target_health: false,
        });
      }
      expect(synth.json.output?.custom_domain_url.value).toBe("https://api.example.com");
    });
  });

  describe("with settings", () => {
    test("the cache can be turned off", () => {
      const { json } = edge({ APIGW_REST_EDGE_CACHE: "false" });
      expect(onlyResource(json, "aws_api_gateway_stage").cache_cluster_enabled).toBe(false);
      expect(resourcesOf(json, "aws_api_gateway_method_settings")).toHaveLength(1);
      for (const route of routeList()) {
        expect(integrationOf(json, route.key).cache_key_parameters).toBeUndefined();
      }
    });

    test("cache size and TTL come from settings", () => {
      const { json } = edge({ APIGW_REST_CACHE_SIZE_GB: "1.6", APIGW_REST_CACHE_TTL: "300" });
      expect(onlyResource(json, "aws_api_gateway_stage").cache_cluster_size).toBe("1.6");
      const cached = resourcesOf(json, "aws_api_gateway_method_settings").find(
        (s) => s.method_path !== "*/*",
      );
      expect((cached?.settings as { cache_ttl_in_seconds: number } | undefined)?.cache_ttl_in_seconds).toBe(
        300,
      );
    });

    test.each([
      [
        { APIGW_REST_EDGE_DOMAIN: "api.example.com" },
        /APIGW_REST_EDGE_DOMAIN = "api.example.com" without APIGW_REST_EDGE_ZONE_ID/,
      ],
      [{ APIGW_REST_EDGE_ZONE_ID: "Z0123456789ABCDEFGHIJ" }, /without APIGW_REST_EDGE_DOMAIN/],
      [
        { APIGW_REST_EDGE_DOMAIN: "Not A Domain", ...{ APIGW_REST_EDGE_ZONE_ID: "Z0123456789ABCDEFGHIJ" } },
        /lowercase DNS name/,
      ],
      [{ APIGW_REST_CACHE_SIZE_GB: "2" }, /APIGW_REST_CACHE_SIZE_GB = "2": expected one of 0.5, 1.6/],
      [{ APIGW_REST_PREMIUM_QUOTA_PERIOD: "HOUR" }, /expected one of DAY, WEEK, MONTH/],
    ])("%j fails synth with a clear message", (env, message) => {
      expect(() => edge(env)).toThrow(message);
    });
  });
});

import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { routeList } from "../../api/routes";
import { name } from "../../config/names";
import type { CoreSettings, RestSettings } from "../../config/settings";
import { CloudFrontFront } from "../../constructs/cloudfront-front";
import { RestDomain } from "../../constructs/rest-domain";
import { WebAcl } from "../../constructs/waf";
import { accountLoggingRole } from "../account-logging";
import { awsProvider } from "../aws-provider";
import { restService, restServiceOutputs } from "../rest-service";

export const REST_REGIONAL_STACK_ID = "rest-regional";

/**
 * `rest-regional`: the route table on a REGIONAL REST API (usage plans and API keys, Cognito / Lambda / IAM
 * authorizers, request validation), a regional WAF on the stage, and optionally a regional custom domain and
 * a customer-managed CloudFront distribution (with its own CLOUDFRONT web ACL) in front.
 */
export class RestRegionalStack extends TerraformStack {
  static readonly id = REST_REGIONAL_STACK_ID;

  constructor(scope: Construct, settings: CoreSettings & RestSettings) {
    super(scope, REST_REGIONAL_STACK_ID);
    const id = REST_REGIONAL_STACK_ID;
    awsProvider(this, id, settings);
    const account = accountLoggingRole(this, id, settings);
    const service = restService(this, settings, {
      stackId: id,
      endpointType: "REGIONAL",
      cognitoDomainSuffix: "regional",
      cache: settings.restRegionalCache,
      account,
    });
    const waf = new WebAcl(this, "Waf", {
      aclName: name(settings, id),
      scope: "REGIONAL",
      region: settings.region,
      rateLimit: settings.restWafRateLimit,
      logRetentionDays: settings.logRetentionDays,
      associate: [service.api.stage.stage.arn],
    });
    restServiceOutputs(this, service, settings.region);
    new TerraformOutput(this, "web_acl_arn", {
      value: waf.arn,
      description: "Regional WAF web ACL on the stage",
    });

    if (settings.restRegionalDomain !== undefined) {
      const domain = new RestDomain(this, "Domain", {
        endpointType: "REGIONAL",
        domainName: settings.restRegionalDomain,
        hostedZoneId: settings.restRegionalHostedZoneId ?? "",
        restApiId: service.api.api.id,
        stageName: service.api.stage.stage.stageName,
      });
      new TerraformOutput(this, "custom_domain_url", {
        value: domain.url,
        description: "API on its custom domain",
      });
    }

    if (settings.restCloudFront) {
      const edgeWaf = new WebAcl(this, "CloudFrontWaf", {
        aclName: name(settings, id, "cloudfront"),
        scope: "CLOUDFRONT",
        region: settings.region,
        rateLimit: settings.restWafRateLimit,
        logRetentionDays: settings.logRetentionDays,
      });
      const front = new CloudFrontFront(this, "CloudFront", {
        policyName: name(settings, id),
        domainName: settings.restCloudFrontDomain ?? "",
        hostedZoneId: settings.restCloudFrontHostedZoneId ?? "",
        originDomainName: `${service.api.api.id}.execute-api.${settings.region}.amazonaws.com`,
        originPath: `/${settings.environment}`,
        webAclArn: edgeWaf.arn,
        cacheablePaths: routeList()
          .filter((route) => route.spec.access === "public" && route.method === "GET")
          // A path parameter matches any segment: `/items/{id}` is CloudFront's `/items/*`.
          .map((route) => route.path.replace(/\{[^}]+\}/g, "*")),
      });
      new TerraformOutput(this, "cloudfront_url", {
        value: front.url,
        description: "API through CloudFront",
      });
      new TerraformOutput(this, "cloudfront_distribution_id", { value: front.distribution.id });
    }
  }
}

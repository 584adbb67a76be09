import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { name } from "../../config/names";
import { partitionOf } from "../../config/partition";
import { type CoreSettings, type RestSettings, SettingsError } from "../../config/settings";
import { RestDomain } from "../../constructs/rest-domain";
import { WebAcl } from "../../constructs/waf";
import { accountLoggingRole } from "../account-logging";
import { awsProvider } from "../aws-provider";
import { restService, restServiceOutputs } from "../rest-service";

export const REST_EDGE_STACK_ID = "rest-edge";

/**
 * `rest-edge`: the route table on an EDGE REST API (API Gateway's own CloudFront), with the stage cache on by
 * default, a regional WAF on the stage, and an edge custom domain (us-east-1 certificate, A/AAAA aliases to
 * CloudFront) when a domain and hosted zone are set.
 */
export class RestEdgeStack extends TerraformStack {
  static readonly id = REST_EDGE_STACK_ID;

  constructor(scope: Construct, settings: CoreSettings & RestSettings) {
    super(scope, REST_EDGE_STACK_ID);
    const id = REST_EDGE_STACK_ID;
    if (partitionOf(settings.region) !== "aws") {
      // "Amazon API Gateway in AWS GovCloud (US)": edge-optimized APIs and custom domains are not supported.
      throw new SettingsError([
        `APIGW_REGION = "${settings.region}": ${id} is an edge-optimized API, which AWS GovCloud (US) does not offer; set APIGW_REGION to a commercial region, or remove ${id} from stacks/all-stacks.ts to deploy the other stacks there`,
      ]);
    }
    awsProvider(this, id, settings);
    const account = accountLoggingRole(this, id, settings);
    const service = restService(this, settings, {
      stackId: id,
      endpointType: "EDGE",
      cognitoDomainSuffix: "edge",
      cache: settings.restEdgeCache,
      account,
    });
    // Edge-optimized APIs take a REGIONAL web ACL in the API's region, associated with the stage.
    const waf = new WebAcl(this, "Waf", {
      aclName: name(settings, id),
      scope: "REGIONAL",
      region: settings.region,
      rateLimit: settings.restWafRateLimit,
      logRetentionDays: settings.logRetentionDays,
      associate: [service.api.stage.stage.arn],
    });
    restServiceOutputs(this, service, settings.region);
    new TerraformOutput(this, "web_acl_arn", { value: waf.arn, description: "WAF web ACL on the stage" });

    if (settings.restEdgeDomain !== undefined) {
      const domain = new RestDomain(this, "Domain", {
        endpointType: "EDGE",
        domainName: settings.restEdgeDomain,
        hostedZoneId: settings.restEdgeHostedZoneId ?? "",
        restApiId: service.api.api.id,
        stageName: service.api.stage.stage.stageName,
      });
      new TerraformOutput(this, "custom_domain_url", {
        value: domain.url,
        description: "API on its edge domain",
      });
      new TerraformOutput(this, "cloudfront_domain_name", {
        value: domain.domain.cloudfrontDomainName,
        description: "API Gateway's CloudFront host the domain aliases",
      });
    }
  }
}

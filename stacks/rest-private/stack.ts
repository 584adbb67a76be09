import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { name } from "../../config/names";
import { lambdaLogFormat } from "../../config/partition";
import type { CoreSettings, RestSettings } from "../../config/settings";
import { DynamoDbGatewayEndpoint, VpcFunctions } from "../../constructs/lambda-vpc";
import { NodeFunction } from "../../constructs/node-function";
import { ExecuteApiEndpoint } from "../../constructs/private-endpoint";
import { PrivateNetwork } from "../../constructs/private-network";
import { accountLoggingRole } from "../account-logging";
import { awsProvider } from "../aws-provider";
import { LAMBDA_BUNDLING } from "../lambda-bundling";
import { restService, restServiceOutputs } from "../rest-service";

export const REST_PRIVATE_STACK_ID = "rest-private";

/**
 * `rest-private`: the route table on a PRIVATE REST API, reachable only through an execute-api interface
 * endpoint (private DNS) in a VPC the stack creates (or an existing one); a resource policy admits only that
 * endpoint (and any extra ones set). Optionally the route functions run in the VPC (DynamoDB through a gateway
 * endpoint, no NAT) and a probe function in the VPC proves the API answers.
 */
export class RestPrivateStack extends TerraformStack {
  static readonly id = REST_PRIVATE_STACK_ID;

  constructor(scope: Construct, settings: CoreSettings & RestSettings) {
    super(scope, REST_PRIVATE_STACK_ID);
    const id = REST_PRIVATE_STACK_ID;
    awsProvider(this, id, settings);
    const account = accountLoggingRole(this, id, settings);

    if (!settings.restPrivateCreateVpc && settings.restPrivateVpcId === undefined) {
      throw new Error(
        "rest-private has no VPC: set APIGW_REST_PRIVATE_VPC_ID and APIGW_REST_PRIVATE_SUBNET_IDS, or let the stack create one (APIGW_REST_PRIVATE_CREATE_VPC=true)",
      );
    }
    const network = new PrivateNetwork(
      this,
      "Network",
      settings.restPrivateCreateVpc
        ? { create: true, networkName: name(settings, id), cidr: settings.restPrivateVpcCidr }
        : { create: false, vpcId: settings.restPrivateVpcId ?? "", subnetIds: settings.restPrivateSubnetIds },
    );
    const endpoint = new ExecuteApiEndpoint(this, "ExecuteApiEndpoint", {
      securityGroupName: name(settings, id, "execute-api"),
      region: settings.region,
      vpcId: network.vpcId,
      clientCidr: network.cidrBlock,
      subnetIds: network.subnetIds,
    });
    const service = restService(this, settings, {
      stackId: id,
      endpointType: "PRIVATE",
      cognitoDomainSuffix: "private",
      cache: settings.restPrivateCache,
      vpcEndpointIds: [endpoint.id, ...settings.restPrivateAllowedVpceIds],
      account,
    });

    if (settings.restPrivateLambdasInVpc) {
      const dynamodb = new DynamoDbGatewayEndpoint(this, "DynamoDbEndpoint", {
        region: settings.region,
        vpcId: network.vpcId,
        routeTableIds: network.routeTableIds,
        tableArns: [service.backend.itemsTable.arn],
      });
      new VpcFunctions(this, "FunctionsInVpc", {
        securityGroupName: name(settings, id, "functions"),
        vpcId: network.vpcId,
        subnetIds: network.subnetIds,
        egress: [
          { description: "DynamoDB through the gateway endpoint", prefixListId: dynamodb.prefixListId },
        ],
        functions: Object.values(service.backend.functions),
      });
    }

    restServiceOutputs(this, service, settings.region);
    new TerraformOutput(this, "vpc_id", {
      value: network.vpcId,
      description: "VPC the API is reachable from",
    });
    new TerraformOutput(this, "vpc_endpoint_id", {
      value: endpoint.id,
      description: "execute-api interface endpoint",
    });
    new TerraformOutput(this, "vpce_api_url", {
      value: `https://${service.api.api.id}-${endpoint.id}.execute-api.${settings.region}.amazonaws.com/${settings.environment}`,
      description: "The API's endpoint-specific host name (works from the VPC even without private DNS)",
    });

    if (settings.restPrivateProbe) {
      const probe = new NodeFunction(this, "Probe", {
        entry: "lambdas/probe/index.ts",
        functionName: name(settings, id, "probe"),
        description: "Calls the private API from inside the VPC and reports the answer",
        memorySize: 128,
        timeoutSeconds: 10,
        logRetentionDays: settings.logRetentionDays,
        logFormat: lambdaLogFormat(settings.region),
        environment: { PROBE_URL: `${service.api.url}/hello` },
        bundling: LAMBDA_BUNDLING,
      });
      new VpcFunctions(this, "ProbeInVpc", {
        securityGroupName: name(settings, id, "probe"),
        vpcId: network.vpcId,
        subnetIds: network.subnetIds,
        egress: [{ description: "HTTPS to the execute-api endpoint in the VPC", cidr: network.cidrBlock }],
        functions: [probe],
      });
      new TerraformOutput(this, "probe_function_name", {
        value: probe.functionName,
        description: "aws lambda invoke --function-name <this> /dev/stdout",
      });
    }
  }
}

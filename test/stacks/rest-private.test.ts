import { routeList } from "../../api/routes";
import { describeStack, methodArnTail, routeHandlers } from "../support/app-stacks";
import { configurationHashOf, methodsByRoute, redeploymentTrigger, referenceTo } from "../support/rest";
import {
  onlyResource,
  resourcesOf,
  type SynthResult,
  synthStack,
  type TerraformJson,
} from "../support/synth";

interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal: unknown;
  Action: string;
  Resource: string | string[];
  Condition: Record<string, Record<string, string[]>>;
}

function policyOf(json: TerraformJson): Statement[] {
  return (
    JSON.parse(String(onlyResource(json, "aws_api_gateway_rest_api_policy").policy)) as {
      Statement: Statement[];
    }
  ).Statement;
}

const EXISTING_VPC = {
  APIGW_REST_PRIVATE_VPC_ID: "vpc-0123456789abcdef0",
  APIGW_REST_PRIVATE_SUBNET_IDS: "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
};

describeStack("rest-private", (Stack) => {
  const privateStack = (env: Record<string, string> = {}) =>
    synthStack((app, settings) => new Stack(app, settings), env);

  describe("with default settings", () => {
    let synth: SynthResult;
    let endpointRef: string;
    beforeAll(() => {
      synth = privateStack();
      const endpoint = resourcesOf(synth.json, "aws_vpc_endpoint").find(
        (e) => e.vpc_endpoint_type === "Interface",
      );
      endpointRef = referenceTo(synth.json, "aws_vpc_endpoint", endpoint ?? {}, "id");
    });

    test("is a PRIVATE REST API associated with the stack's execute-api endpoint, without WAF", () => {
      expect(onlyResource(synth.json, "aws_api_gateway_rest_api")).toMatchObject({
        endpoint_configuration: { types: ["PRIVATE"], vpc_endpoint_ids: [endpointRef] },
      });
      expect(resourcesOf(synth.json, "aws_wafv2_web_acl")).toHaveLength(0);
    });

    test("the resource policy allows Invoke only through the endpoint and denies everything else", () => {
      const statements = policyOf(synth.json);
      const allow = statements.find((s) => s.Effect === "Allow");
      const deny = statements.find((s) => s.Effect === "Deny");
      expect(allow).toMatchObject({
        Principal: "*",
        Action: "execute-api:Invoke",
        Condition: { StringEquals: { "aws:SourceVpce": [endpointRef] } },
      });
      expect(deny).toMatchObject({
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}\/\*$/),
        Condition: { StringNotEquals: { "aws:SourceVpce": [endpointRef] } },
      });
      expect(statements).toHaveLength(2);
    });

    test("the Allow leaves out the AWS_IAM routes (a * Allow would admit any signed-in principal)", () => {
      const allow = policyOf(synth.json).find((s) => s.Effect === "Allow");
      const tails = ((allow?.Resource ?? []) as string[]).map((arn) =>
        arn.replace(/^.*\.execution_arn\}\/\*\//, ""),
      );
      const [admin, open] = [true, false].map((isAdmin) =>
        routeList().filter((route) => (route.spec.access === "admin") === isAdmin),
      );
      // The preflight of every path is open too (CORS is on by default).
      expect(tails.sort()).toEqual([...open.map(methodArnTail), "OPTIONS/*"].sort());
      for (const route of admin)
        expect(methodsByRoute(synth.json).get(route.key)?.authorization).toBe("AWS_IAM");
    });

    test("the policy is part of the deployment: in the trigger hash, and deployed after it", () => {
      const deployment = onlyResource(synth.json, "aws_api_gateway_deployment");
      const [policyName] = Object.keys(synth.json.resource.aws_api_gateway_rest_api_policy);
      expect(redeploymentTrigger(synth.json)).toContain(`aws_api_gateway_rest_api_policy.${policyName}.id`);
      expect(deployment.depends_on).toContain(`aws_api_gateway_rest_api_policy.${policyName}`);
      const withExtra = privateStack({ APIGW_REST_PRIVATE_EXTRA_VPCE_IDS: "vpce-0123456789abcdef0" });
      expect(configurationHashOf(withExtra.json)).not.toBe(configurationHashOf(synth.json));
    });

    test("the VPC has DNS support and hostnames, two private subnets in two AZs, no internet path", () => {
      expect(onlyResource(synth.json, "aws_vpc")).toMatchObject({
        cidr_block: "10.40.0.0/16",
        enable_dns_support: true,
        enable_dns_hostnames: true,
      });
      const subnets = resourcesOf(synth.json, "aws_subnet");
      expect(subnets.map((s) => s.cidr_block)).toEqual(["10.40.0.0/18", "10.40.64.0/18"]);
      expect(subnets.map((s) => String(s.availability_zone).replace(/^.*names, (\d)\)\}$/, "$1"))).toEqual([
        "0",
        "1",
      ]);
      for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
      for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route"]) {
        expect(resourcesOf(synth.json, type)).toHaveLength(0);
      }
      const routeTable = onlyResource(synth.json, "aws_route_table");
      expect(routeTable.route).toBeUndefined();
      const defaultGroup = onlyResource(synth.json, "aws_default_security_group");
      expect(defaultGroup.ingress).toBeUndefined();
      expect(defaultGroup.egress).toBeUndefined();
    });

    test("the execute-api interface endpoint has private DNS, both subnets and its own security group", () => {
      const endpoint = resourcesOf(synth.json, "aws_vpc_endpoint").find(
        (e) => e.vpc_endpoint_type === "Interface",
      );
      expect(endpoint).toMatchObject({
        service_name: "com.amazonaws.us-east-1.execute-api",
        private_dns_enabled: true,
        subnet_ids: resourcesOf(synth.json, "aws_subnet").map((s) =>
          referenceTo(synth.json, "aws_subnet", s, "id"),
        ),
      });
      expect(resourcesOf(synth.json, "aws_vpc_endpoint")).toHaveLength(1);
    });

    test("the endpoint's security group admits 443 from the VPC CIDR only, described, with no egress", () => {
      const group = onlyResource(synth.json, "aws_security_group");
      expect(group.description).toMatch(/\S/);
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
      const groupRef = referenceTo(synth.json, "aws_security_group", group, "id");
      const ingress = onlyResource(synth.json, "aws_vpc_security_group_ingress_rule");
      expect(ingress).toMatchObject({
        security_group_id: groupRef,
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: referenceTo(synth.json, "aws_vpc", onlyResource(synth.json, "aws_vpc"), "cidr_block"),
        description: expect.stringMatching(/\S/),
      });
      expect(resourcesOf(synth.json, "aws_vpc_security_group_egress_rule")).toHaveLength(0);
      expect(resourcesOf(synth.json, "aws_security_group_rule")).toHaveLength(0);
    });

    test("the functions run outside the VPC by default; no probe unless asked", () => {
      for (const fn of resourcesOf(synth.json, "aws_lambda_function")) expect(fn.vpc_config).toBeUndefined();
      expect(resourcesOf(synth.json, "aws_lambda_function").map((f) => f.function_name)).not.toContain(
        "apigw-dev-rest-private-probe",
      );
      expect(synth.json.output?.vpce_api_url.value).toMatch(
        /^https:\/\/\$\{aws_api_gateway_rest_api\.[^.]+\.id\}-\$\{aws_vpc_endpoint\.[^.]+\.id\}\.execute-api\.us-east-1\.amazonaws\.com\/dev$/,
      );
    });
  });

  describe("with settings", () => {
    test("extra VPC endpoints join the stack's own in ONE condition list of each statement", () => {
      const { json } = privateStack({
        APIGW_REST_PRIVATE_EXTRA_VPCE_IDS: "vpce-0123456789abcdef0,vpce-0123456789abcdef1",
      });
      const statements = policyOf(json);
      expect(statements.filter((s) => s.Effect === "Deny")).toHaveLength(1);
      const deny = statements.find((s) => s.Effect === "Deny");
      expect(deny?.Condition.StringNotEquals["aws:SourceVpce"]).toEqual([
        expect.stringMatching(/^\$\{aws_vpc_endpoint\./),
        "vpce-0123456789abcdef0",
        "vpce-0123456789abcdef1",
      ]);
      const api = onlyResource(json, "aws_api_gateway_rest_api");
      expect((api.endpoint_configuration as { vpc_endpoint_ids: string[] }).vpc_endpoint_ids).toHaveLength(3);
    });

    test("functions in the VPC reach DynamoDB through a gateway endpoint, egress to its prefix list only", () => {
      const { json } = privateStack({ APIGW_REST_PRIVATE_LAMBDAS_IN_VPC: "true" });
      const gateway = resourcesOf(json, "aws_vpc_endpoint").find((e) => e.vpc_endpoint_type === "Gateway");
      expect(gateway).toMatchObject({
        service_name: "com.amazonaws.us-east-1.dynamodb",
        route_table_ids: [referenceTo(json, "aws_route_table", onlyResource(json, "aws_route_table"), "id")],
      });
      const gatewayPolicy = JSON.parse(String(gateway?.policy)) as { Statement: { Resource: string[] }[] };
      expect(gatewayPolicy.Statement[0].Resource[0]).toMatch(/^\$\{aws_dynamodb_table\.[^.]+\.arn\}$/);
      const egress = onlyResource(json, "aws_vpc_security_group_egress_rule");
      expect(egress).toMatchObject({
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        prefix_list_id: referenceTo(json, "aws_vpc_endpoint", gateway ?? {}, "prefix_list_id"),
        description: expect.stringMatching(/\S/),
      });
      const names = routeHandlers().map((handler) => `apigw-dev-rest-private-${handler}`);
      const routeFunctions = resourcesOf(json, "aws_lambda_function").filter((f) =>
        names.includes(String(f.function_name)),
      );
      expect(routeFunctions).toHaveLength(names.length);
      for (const fn of routeFunctions) {
        expect(fn.vpc_config).toEqual({
          subnet_ids: resourcesOf(json, "aws_subnet").map((s) => referenceTo(json, "aws_subnet", s, "id")),
          security_group_ids: [egress.security_group_id],
        });
      }
      const authorizer = resourcesOf(json, "aws_lambda_function").find((f) =>
        String(f.function_name).endsWith("-authorizer"),
      );
      expect(authorizer?.vpc_config).toBeUndefined();
    });

    test("the probe runs in the VPC, calls the private API's /hello and may only reach the VPC on 443", () => {
      const { json } = privateStack({ APIGW_REST_PRIVATE_PROBE: "true" });
      const probe = resourcesOf(json, "aws_lambda_function").find(
        (f) => f.function_name === "apigw-dev-rest-private-probe",
      );
      expect(
        (probe?.environment as { variables: Record<string, string> } | undefined)?.variables.PROBE_URL,
      ).toMatch(/^\$\{aws_api_gateway_stage\.[^.]+\.invoke_url\}\/hello$/);
      expect(probe?.vpc_config).toBeDefined();
      const egress = onlyResource(json, "aws_vpc_security_group_egress_rule");
      expect(egress).toMatchObject({ from_port: 443, to_port: 443 });
      expect(egress.cidr_ipv4).toMatch(/^\$\{aws_vpc\.[^.]+\.cidr_block\}$/);
      expect(json.output?.probe_function_name).toBeDefined();
    });

    test("an existing VPC and subnets: looked up, not created", () => {
      const { json } = privateStack(EXISTING_VPC);
      expect(resourcesOf(json, "aws_vpc")).toHaveLength(0);
      expect(resourcesOf(json, "aws_subnet")).toHaveLength(0);
      const data = json.data as Record<string, Record<string, Record<string, unknown>>>;
      expect(Object.values(data.aws_vpc)[0]).toMatchObject({ id: "vpc-0123456789abcdef0" });
      const endpoint = onlyResource(json, "aws_vpc_endpoint");
      expect(endpoint).toMatchObject({
        vpc_id: "vpc-0123456789abcdef0",
        subnet_ids: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      });
      expect(onlyResource(json, "aws_vpc_security_group_ingress_rule").cidr_ipv4).toMatch(
        /^\$\{data\.aws_vpc\.[^.]+\.cidr_block\}$/,
      );
    });

    test.each([
      [
        { APIGW_REST_PRIVATE_CREATE_VPC: "false" },
        /no APIGW_REST_PRIVATE_VPC_ID: the PRIVATE API has no VPC/,
      ],
      [{ APIGW_REST_PRIVATE_VPC_ID: "vpc-0123456789abcdef0" }, /without APIGW_REST_PRIVATE_SUBNET_IDS/],
      [
        { ...EXISTING_VPC, APIGW_REST_PRIVATE_CREATE_VPC: "true" },
        /either create a VPC or use the given one/,
      ],
      [
        { APIGW_REST_PRIVATE_SUBNET_IDS: "subnet-0123456789abcdef0" },
        /given without APIGW_REST_PRIVATE_VPC_ID/,
      ],
      [{ APIGW_REST_PRIVATE_VPC_CIDR: "10.40.0.1/16" }, /no host bits set/],
      [{ APIGW_REST_PRIVATE_EXTRA_VPCE_IDS: "endpoint-1" }, /VPC endpoint ids such as/],
    ])("%j fails synth with a clear message", (env, message) => {
      expect(() => privateStack(env)).toThrow(message);
    });
  });
});

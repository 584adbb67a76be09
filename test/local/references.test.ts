// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform expressions are written as ${...}, as in the synthesized JSON.
/** Terraform reference resolution and IAM policy evaluation, the two pieces every variant builds on. */
import { evaluatePolicy } from "../../local/policy";
import { References } from "../../local/terraform/references";
import type { TerraformJson } from "../../tfjson/types";

function refs(json: TerraformJson, id = "stack"): References {
  return new References({ id, dir: "/tmp", json });
}

describe("References", () => {
  const json: TerraformJson = {
    provider: { aws: [{ region: "eu-central-1" }, { alias: "useast1", region: "us-east-1" }] },
    data: { aws_caller_identity: { current: {} }, aws_region: { current: {} } },
    resource: {
      aws_lambda_function: {
        fn: { function_name: "my-fn", environment: { variables: { TABLE: "${aws_dynamodb_table.t.name}" } } },
      },
      aws_dynamodb_table: { t: { name: "table-${data.aws_region.current.name}" } },
      aws_apigatewayv2_api: { api: { name: "api", protocol_type: "HTTP" } },
      aws_cognito_user_pool: { pool: { name: "p" }, other: { name: "q", provider: "aws.useast1" } },
      aws_apigatewayv2_integration: {
        i: {
          integration_uri: "${aws_lambda_function.fn.invoke_arn}",
          weird: "${upper(var.x)}",
          escaped: "$${literal}",
        },
      },
      aws_iam_role: { loop: { name: "${aws_iam_role.loop.name}" } },
    },
  };

  test("literal attributes resolve through other references and data sources", () => {
    const r = refs(json);
    expect(r.resolve(json.resource?.aws_lambda_function.fn.environment)).toEqual({
      variables: { TABLE: "table-eu-central-1" },
    });
    expect(r.string("${data.aws_caller_identity.current.account_id}")).toBe("000000000000");
  });

  test("computed attributes are deterministic per stack and address, in the resource's region", () => {
    const a = refs(json);
    const id = String(a.attribute("aws_apigatewayv2_api", "api", "id"));
    expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(refs(json).attribute("aws_apigatewayv2_api", "api", "id")).toBe(id);
    expect(refs(json, "other-stack").attribute("aws_apigatewayv2_api", "api", "id")).not.toBe(id);
    expect(a.string("${aws_lambda_function.fn.invoke_arn}")).toBe(
      "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:000000000000:function:my-fn/invocations",
    );
    expect(a.string("https://${aws_cognito_user_pool.other.endpoint}")).toMatch(
      /^https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_[A-Za-z0-9]{9}$/,
    );
    expect(a.string("${aws_apigatewayv2_api.api.execution_arn}/*/GET/hello")).toBe(
      `arn:aws:execute-api:eu-central-1:000000000000:${id}/*/GET/hello`,
    );
  });

  test("function calls, escapes and cycles are kept as written and reported", () => {
    const r = refs(json);
    expect(r.string(json.resource?.aws_apigatewayv2_integration.i.weird)).toBe("${upper(var.x)}");
    expect(r.string(json.resource?.aws_apigatewayv2_integration.i.escaped)).toBe("${literal}");
    expect(r.string("${aws_iam_role.loop.name}")).toBe("${aws_iam_role.loop.name}");
    expect([...r.unresolved]).toEqual(expect.arrayContaining(["${upper(var.x)}"]));
  });

  test("`%%{` is a literal `%{`; a template directive is kept as written and reported", () => {
    const r = refs(json);
    expect(r.string("100%%{x}")).toBe("100%{x}");
    expect(r.string("%{ if var.on }yes%{ endif }")).toBe("%{ if var.on }yes%{ endif }");
    expect([...r.unresolved]).toEqual(expect.arrayContaining(["%{ if var.on }", "%{ endif }"]));
  });
});

describe("evaluatePolicy", () => {
  const arn = "arn:aws:execute-api:us-east-1:000000000000:abc/dev/GET/items/1";
  const statement = (
    Effect: string,
    Resource: string | string[],
    Condition?: Record<string, Record<string, unknown>>,
  ) => ({
    Version: "2012-10-17",
    Statement: [{ Effect, Action: "execute-api:Invoke", Resource, ...(Condition ? { Condition } : {}) }],
  });

  test("wildcards, explicit deny over allow, implicit deny", () => {
    expect(
      evaluatePolicy(
        statement("Allow", "arn:aws:execute-api:*:*:abc/*/GET/items/*"),
        "execute-api:Invoke",
        arn,
      ),
    ).toBe("allow");
    expect(
      evaluatePolicy(
        statement("Allow", "arn:aws:execute-api:*:*:abc/*/GET/items/?"),
        "execute-api:Invoke",
        arn,
      ),
    ).toBe("allow");
    expect(
      evaluatePolicy(statement("Allow", "arn:aws:execute-api:*:*:abc/*/POST/*"), "execute-api:Invoke", arn),
    ).toBe("implicit-deny");
    const both = { Statement: [...statement("Allow", "*").Statement, ...statement("Deny", arn).Statement] };
    expect(evaluatePolicy(both, "execute-api:Invoke", arn)).toBe("deny");
  });

  test("conditions: StringEquals and StringNotEquals on aws:SourceVpce (a missing key makes negated operators true), IpAddress", () => {
    const allowVpce = statement("Allow", "*", { StringEquals: { "aws:SourceVpce": ["vpce-1"] } });
    const denyOthers = statement("Deny", "*", { StringNotEquals: { "aws:sourcevpce": "vpce-1" } });
    expect(evaluatePolicy(allowVpce, "execute-api:Invoke", arn, { "aws:SourceVpce": "vpce-1" })).toBe(
      "allow",
    );
    expect(evaluatePolicy(allowVpce, "execute-api:Invoke", arn, { "aws:SourceVpce": "vpce-2" })).toBe(
      "implicit-deny",
    );
    expect(evaluatePolicy(denyOthers, "execute-api:Invoke", arn, {})).toBe("deny");
    expect(evaluatePolicy(denyOthers, "execute-api:Invoke", arn, { "aws:SourceVpce": "vpce-1" })).toBe(
      "implicit-deny",
    );
    const ip = statement("Allow", "*", { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "127.0.0.1"] } });
    expect(evaluatePolicy(ip, "execute-api:Invoke", arn, { "aws:SourceIp": "10.1.2.3" })).toBe("allow");
    expect(evaluatePolicy(ip, "execute-api:Invoke", arn, { "aws:SourceIp": "192.168.0.1" })).toBe(
      "implicit-deny",
    );
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform expressions are written as ${...}, as in the synthesized JSON.
/**
 * The one parser of Terraform references. Inputs are strings the app's synth writes (cdktf.out) and the forms
 * of Terraform's "References to Named Values" and string templates (`$${` escape) documentation.
 */
import {
  referenceExpression,
  referencesIn,
  referencesInString,
  soleReference,
} from "../../tfjson/expressions";
import { templateParts } from "../../tfjson/templates";

const addresses = (text: string) => referencesInString(text).map((r) => r.address);

describe("templateParts", () => {
  test("literal text and expressions, as synthesized for an execution ARN", () => {
    expect(templateParts("${aws_apigatewayv2_api.api.execution_arn}/dev/$connect")).toEqual([
      {
        kind: "expression",
        expression: "aws_apigatewayv2_api.api.execution_arn",
        source: "${aws_apigatewayv2_api.api.execution_arn}",
      },
      { kind: "literal", text: "/dev/$connect" },
    ]);
  });

  test("`$${` is a literal `${`; an unclosed `${` stays text", () => {
    expect(templateParts("a$${b}c")).toEqual([{ kind: "literal", text: "a${b}c" }]);
    expect(templateParts("x ${unclosed")).toEqual([{ kind: "literal", text: "x ${unclosed" }]);
  });

  test("braces and quoted braces inside an expression do not end it", () => {
    const parts = templateParts('${jsonencode({ a = "}" })}!');
    expect(parts[0]).toMatchObject({ kind: "expression", expression: 'jsonencode({ a = "}" })' });
    expect(parts[1]).toEqual({ kind: "literal", text: "!" });
  });
});

describe("templates, as Terraform's string templates define them", () => {
  test("`$${` and `%%{` are literal `${` and `%{`, however many `$` come before", () => {
    expect(templateParts("a$${b}%%{c}")).toEqual([{ kind: "literal", text: "a${b}%{c}" }]);
    expect(templateParts("$$${x}")).toEqual([{ kind: "literal", text: "$${x}" }]);
    expect(addresses("arn:aws:s3:::b/$${aws:username}/*")).toEqual([]);
  });

  test("a string inside an expression is a template: its braces and quotes do not end the expression", () => {
    expect(templateParts('${"${"}"}"}!')).toEqual([
      { kind: "expression", expression: '"${"}"}"', source: '${"${"}"}"}' },
      { kind: "literal", text: "!" },
    ]);
    expect(addresses('${jsonencode({ a = "$${", b = aws_s3_bucket.b.arn })}')).toEqual(["aws_s3_bucket.b"]);
    expect(addresses('${jsonencode({ a = "say \\"}\\"", b = aws_s3_bucket.b.arn })}')).toEqual([
      "aws_s3_bucket.b",
    ]);
  });

  test("strip markers are not part of the expression", () => {
    expect(soleReference("${~ aws_iam_role.r.arn ~}")?.address).toBe("aws_iam_role.r");
  });

  test("directives: the `if` condition and the `for` collection are references, the loop's names are not", () => {
    expect(templateParts("%{ if var.on }y%{ endif }")).toEqual([
      { kind: "directive", expression: "if var.on", source: "%{ if var.on }" },
      { kind: "literal", text: "y" },
      { kind: "directive", expression: "endif", source: "%{ endif }" },
    ]);
    expect(addresses('%{ if aws_s3_bucket.b.id != "" }${aws_s3_bucket.c.arn}%{ else }-%{ endif }')).toEqual([
      "aws_s3_bucket.b",
      "aws_s3_bucket.c",
    ]);
    expect(addresses("%{ for s in aws_subnet.a }${s.id},%{ endfor }${s.id}")).toEqual([
      "aws_subnet.a",
      "s.id",
    ]);
    expect(addresses("%{~ for k, v in var.m ~}${k}=${v.x}%{~ endfor ~}")).toEqual(["var.m"]);
  });

  test("an adversarial string of unclosed sequences ends quickly", () => {
    const started = Date.now();
    expect(addresses('${"'.repeat(3000))).toEqual([]);
    expect(addresses("${".repeat(3000))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("references", () => {
  test("a managed resource's attribute: type, name, attribute, path", () => {
    expect(soleReference("${aws_lambda_function.items_fn_A1B2.invoke_arn}")).toEqual({
      kind: "resource",
      address: "aws_lambda_function.items_fn_A1B2",
      type: "aws_lambda_function",
      name: "items_fn_A1B2",
      path: ["invoke_arn"],
      attribute: "invoke_arn",
      text: "aws_lambda_function.items_fn_A1B2.invoke_arn",
    });
  });

  test("every named-value kind of Terraform's reference syntax", () => {
    const kinds = (expression: string) => referenceExpression(expression)?.kind;
    expect(kinds("data.aws_caller_identity.current.account_id")).toBe("data");
    expect(kinds("ephemeral.aws_secretsmanager_secret_version.s.secret_string")).toBe("ephemeral");
    expect(kinds("var.region")).toBe("var");
    expect(kinds("local.tags")).toBe("local");
    expect(kinds("module.vpc.vpc_id")).toBe("module");
    expect(kinds("path.module")).toBe("path");
    expect(kinds("terraform.workspace")).toBe("terraform");
    expect(kinds("count.index")).toBe("count");
    expect(kinds("each.value")).toBe("each");
    expect(kinds("self.private_ip")).toBe("self");
    expect(referenceExpression("data.aws_region.current.name")).toMatchObject({
      address: "data.aws_region.current",
      type: "aws_region",
      name: "current",
      attribute: "name",
    });
  });

  test("indexes, string keys and splats are steps of the path", () => {
    expect(referenceExpression('aws_instance.web[0].tags["Name"]')).toMatchObject({
      address: "aws_instance.web",
      path: [0, "tags", "Name"],
      attribute: undefined,
    });
    expect(referenceExpression("aws_subnet.private[*].id")?.path).toEqual(["*", "id"]);
    expect(referenceExpression("aws_subnet.private.*.id")?.path).toEqual(["*", "id"]);
  });

  test("references inside function calls, as the synth writes them (deployment triggers, replace, element)", () => {
    expect(
      addresses(
        '${sha1(jsonencode(["5c8c5fd9f7ce5890712665c4a99c6dbfab4165b0", aws_api_gateway_method.get_1.id, aws_api_gateway_integration.get_2.id]))}',
      ),
    ).toEqual(["aws_api_gateway_method.get_1", "aws_api_gateway_integration.get_2"]);
    expect(addresses('${replace(aws_apigatewayv2_api.api.api_endpoint, "wss://", "https://")}/dev')).toEqual([
      "aws_apigatewayv2_api.api",
    ]);
    expect(addresses("${element(data.aws_availability_zones.zones.names, 1)}")).toEqual([
      "data.aws_availability_zones.zones",
    ]);
  });

  test("several interpolations in one string, and one inside a JSON policy document", () => {
    expect(
      addresses("https://${aws_api_gateway_rest_api.api.id}-${aws_vpc_endpoint.ep.id}.execute-api"),
    ).toEqual(["aws_api_gateway_rest_api.api", "aws_vpc_endpoint.ep"]);
    expect(
      addresses(
        '{"Statement":[{"Resource":["${aws_api_gateway_rest_api.api.execution_arn}/${aws_api_gateway_stage.s.stage_name}/DELETE/items/*"]}]}',
      ),
    ).toEqual(["aws_api_gateway_rest_api.api", "aws_api_gateway_stage.s"]);
  });

  test("function names, keywords, numbers, string contents, for iterators and attributes of results are not references", () => {
    expect(addresses('${upper("aws_x.y")}')).toEqual([]);
    expect(addresses("${true ? 1.5 : null}")).toEqual([]);
    expect(addresses("${[for s in aws_subnet.a : s.id]}")).toEqual(["aws_subnet.a"]);
    expect(addresses("${{for k, v in var.m : k => v.x}}")).toEqual(["var.m"]);
    expect(addresses("${tolist(aws_subnet.a).id}")).toEqual(["aws_subnet.a"]);
    expect(addresses("${provider::aws::arn_parse(aws_iam_role.r.arn).account_id}")).toEqual([
      "aws_iam_role.r",
    ]);
    expect(addresses('${format("%s", "${var.inner}")}')).toEqual(["var.inner"]);
  });

  test("a reference only when the whole string is one", () => {
    expect(soleReference("${aws_iam_role.r.arn}/x")).toBeUndefined();
    expect(soleReference("${upper(aws_iam_role.r.arn)}")).toBeUndefined();
    expect(soleReference(42)).toBeUndefined();
    expect(soleReference("${aws_iam_role.r}")?.path).toEqual([]);
  });

  test("referencesIn walks blocks and lists, says where, and skips cdktf's metadata", () => {
    const block = {
      "//": { metadata: { path: "${aws_not.a.reference}" } },
      environment: { variables: { TABLE: "${aws_dynamodb_table.t.name}" } },
      statement: [{ resources: ["x", "${aws_s3_bucket.b.arn}/*"] }],
    };
    expect([...referencesIn(block)].map(({ path, reference }) => `${path} ${reference.address}`)).toEqual([
      "environment.variables.TABLE aws_dynamodb_table.t",
      "statement[0].resources[1] aws_s3_bucket.b",
    ]);
  });
});

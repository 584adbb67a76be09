// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform expressions are written as ${...}, as in the synthesized JSON.
/**
 * The references check: what `terraform validate` refuses (Terraform's "References to Named Values": a resource,
 * data source, variable or local must be declared; outputs' `value` and locals are expressions too, an output's
 * `description` is literal text in the JSON syntax).
 */
import { checkReferences } from "../../../constructs/guardrails/validity/references";
import type { TerraformJson } from "../../../tfjson/types";

const declared: TerraformJson = {
  resource: { aws_sns_topic: { t: { name: "alarms" } } },
  data: { aws_region: { current: {} } },
  variable: { env: { default: "dev" } },
  locals: { prefix: "${var.env}-${data.aws_region.current.region}" },
};

const problems = (json: TerraformJson) => checkReferences("s", json).map((p) => `${p.at} ${p.problem}`);

describe("checkReferences", () => {
  test("a stack whose references all name what it declares has no problem", () => {
    const json: TerraformJson = {
      ...declared,
      output: {
        topic: { value: "${local.prefix}:${aws_sns_topic.t.arn}", description: "not ${a.template}" },
      },
    };
    expect(problems(json)).toEqual([]);
  });

  test("outputs and locals are checked like resources: a missing resource, variable or local is named", () => {
    const json: TerraformJson = {
      ...declared,
      locals: { ...declared.locals, bad: "${var.missing}" },
      output: {
        gone: { value: "${aws_sns_topic.gone.arn}", depends_on: ["aws_sns_topic.nope"] },
        typo: { value: "${aws_sns_topic.t.arnn}" },
        local: { value: "${local.nothing}" },
      },
    };
    expect(problems(json)).toEqual([
      "locals.bad references var.missing, which the stack does not declare",
      'output.gone.depends_on "aws_sns_topic.nope" is not declared in the stack',
      "output.gone.value references aws_sns_topic.gone, which the stack does not declare",
      'output.typo.value references aws_sns_topic.t.arnn, but aws_sns_topic has no attribute "arnn"',
      "output.local.value references local.nothing, which the stack does not declare",
    ]);
  });

  test("a resource referencing an undeclared variable is refused", () => {
    const json: TerraformJson = {
      ...declared,
      resource: { aws_sns_topic: { t: { name: "${var.nope}-alarms" } } },
    };
    expect(problems(json)).toEqual([
      "aws_sns_topic.t.name references var.nope, which the stack does not declare",
    ]);
  });
});

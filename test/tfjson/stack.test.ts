// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform expressions are written as ${...}, as in the synthesized JSON.
/** The stack reader, on a synthesized stack and on a small hand-written one. */
import { referencesIn } from "../../tfjson/expressions";
import { SynthesizedStack } from "../../tfjson/stack";
import { readStacks } from "../../tfjson/stack-files";
import { synthesizedOutdir } from "../local/support/synthesized";

describe("SynthesizedStack", () => {
  const stack = new SynthesizedStack({
    provider: { aws: [{ region: "eu-west-1" }, { alias: "east", region: "us-east-1" }, "not a block"] },
    data: { aws_region: { current: {} } },
    resource: {
      aws_lambda_function: {
        fn: { role: "${aws_iam_role.r.arn}", region: "${data.aws_region.current.name}" },
      },
      aws_iam_role: { r: { name: "r" } },
    },
    output: { url: { value: "${aws_lambda_function.fn.arn}", description: "the function" } },
    locals: { tags: { team: "api" } },
    variable: { stage: { default: "dev" } },
  });

  test("resources, data sources and lookups by address", () => {
    expect(stack.resources.map((r) => r.address)).toEqual(["aws_lambda_function.fn", "aws_iam_role.r"]);
    expect(stack.dataSources.map((r) => `${r.mode} ${r.address}`)).toEqual(["data data.aws_region.current"]);
    expect(stack.at("data.aws_region.current")?.type).toBe("aws_region");
    expect(stack.resource("aws_iam_role", "r")?.block).toEqual({ name: "r" });
    expect(stack.ofType("aws_iam_role")).toHaveLength(1);
  });

  test("outputs, locals, variables and provider blocks", () => {
    expect(stack.outputs).toEqual([
      { name: "url", value: "${aws_lambda_function.fn.arn}", description: "the function" },
    ]);
    expect(stack.locals).toEqual({ tags: { team: "api" } });
    expect(stack.variables.stage.default).toBe("dev");
    expect(stack.providers("aws").map((p) => p.region)).toEqual(["eu-west-1", "us-east-1"]);
  });

  test("what a value references, and the resource a single reference points at", () => {
    const fn = stack.resource("aws_lambda_function", "fn");
    expect([...stack.referencesOf(fn?.block)]).toEqual(["aws_iam_role.r", "data.aws_region.current"]);
    expect(stack.referenced("${aws_iam_role.r.arn}")?.address).toBe("aws_iam_role.r");
    expect(stack.referenced("${aws_iam_role.missing.arn}")).toBeUndefined();
  });

  test("every reference the app synthesizes is to a resource or data source the stack declares", () => {
    for (const file of readStacks(synthesizedOutdir())) {
      const synthesized = new SynthesizedStack(file.json);
      expect(synthesized.resources.length).toBeGreaterThan(0);
      const references = [...synthesized.resources, ...synthesized.dataSources].flatMap((resource) => [
        ...referencesIn(resource.block),
      ]);
      expect(references.length).toBeGreaterThan(synthesized.resources.length);
      const outside = references
        .map(({ reference }) => reference)
        .filter((r) => (r.kind !== "resource" && r.kind !== "data" ? true : !synthesized.at(r.address)));
      expect(outside).toEqual([]);
    }
  });
});

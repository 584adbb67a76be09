/**
 * The rules of `npm run check:cdktn` without its network part: how the copy is rewritten (the project's own
 * package.json, biome.json and provider construct as input) and which differences between a stack's cdktf and
 * cdktn output count as expected (a synthesized stack as input).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { synthesizedOutdir } from "../local/support/synthesized";
import { STACK_IDS } from "../support/app-stacks";

interface Difference {
  path: string[];
  cdktf: unknown;
  cdktn: unknown;
}
interface Versions {
  cdktf: string;
  cdktn: string;
  cdktfProvider: string;
  cdktnProvider: string;
  providerAddress: string;
}
const m = require("../../scripts/cdktn-migration.js") as {
  TARGET: Record<string, string>;
  rewritePackageJson: (pkg: PackageJson) => PackageJson;
  rewriteImports: (source: string) => { text: string; count: number };
  rewriteBiomeConfig: (text: string) => string;
  diffJson: (a: unknown, b: unknown) => Difference[];
  providerAddress: (source: string) => string;
  expectedDifferences: (versions: Versions) => unknown[];
  classifyDifferences: (
    differences: Difference[],
    expected: unknown[],
  ) => { expected: (Difference & { why: string })[]; unexpected: Difference[] };
  compareStack: (args: {
    cdktfFiles: string[];
    cdktnFiles: string[];
    read: (side: "cdktf" | "cdktn", file: string) => Buffer;
    versions: Versions;
  }) => { problems: string[]; expected: Difference[]; identicalFiles: number };
};

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const ROOT = join(__dirname, "..", "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const installed = (name: string) =>
  JSON.parse(read(join("node_modules", name, "package.json"))) as {
    version: string;
    cdktf?: { provider: { name: string; version: string } };
  };

describe("rewriting the copy", () => {
  test("imports and requires of cdktf packages move to cdktn; the managed-by tag and other strings stay", () => {
    const provider = read("stacks/aws-provider.ts");
    const { text, count } = m.rewriteImports(provider);
    expect(count).toBe(1);
    expect(text).toContain('from "@cdktn/provider-aws/lib/provider"');
    expect(text).toContain('"managed-by": "cdktf"');
    expect(text.replace('"@cdktn/provider-aws/lib/provider"', '"@cdktf/provider-aws/lib/provider"')).toBe(
      provider,
    );

    const source = [
      'import { App, Testing } from "cdktf";',
      "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';",
      'import type { TerraformStack } from "cdktf/lib/terraform-stack";',
      'export { Fn } from "cdktf";',
      'const { App: A } = require("cdktf");',
      'const aws = await import("@cdktf/provider-aws/lib/provider");',
      'const where = require.resolve("cdktf/package.json");',
      'jest.mock("cdktf");',
      'const config = "cdktf.json"; const out = "cdktf.out"; const cli = "cdktf-cli";',
      'const tag = { "managed-by": "cdktf" }; const hint = "deep-import @cdktf/provider-aws/lib/<x>";',
    ].join("\n");
    const rewritten = m.rewriteImports(source);
    expect(rewritten.count).toBe(8);
    expect(rewritten.text.split("\n")).toEqual([
      'import { App, Testing } from "cdktn";',
      "import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';",
      'import type { TerraformStack } from "cdktn/lib/terraform-stack";',
      'export { Fn } from "cdktn";',
      'const { App: A } = require("cdktn");',
      'const aws = await import("@cdktn/provider-aws/lib/provider");',
      'const where = require.resolve("cdktn/package.json");',
      'jest.mock("cdktn");',
      'const config = "cdktf.json"; const out = "cdktf.out"; const cli = "cdktf-cli";',
      'const tag = { "managed-by": "cdktf" }; const hint = "deep-import @cdktf/provider-aws/lib/<x>";',
    ]);
  });

  test("package.json swaps the three cdktf packages for cdktn's and moves constructs; nothing else changes", () => {
    const pkg = JSON.parse(read("package.json")) as PackageJson;
    const next = m.rewritePackageJson(pkg);
    expect(next.dependencies).toEqual(
      expect.objectContaining({
        cdktn: m.TARGET.cdktn,
        "@cdktn/provider-aws": m.TARGET["@cdktn/provider-aws"],
        constructs: m.TARGET.constructs,
      }),
    );
    expect(next.devDependencies["cdktn-cli"]).toBe(m.TARGET["cdktn-cli"]);
    for (const gone of ["cdktf", "cdktf-cli", "@cdktf/provider-aws"]) {
      expect(next.dependencies).not.toHaveProperty([gone]);
      expect(next.devDependencies).not.toHaveProperty([gone]);
    }
    const untouched = (deps: Record<string, string>) =>
      Object.entries(deps).filter(([name]) => !/cdkt[fn]|^constructs$/.test(name));
    expect(untouched(next.dependencies)).toEqual(
      untouched(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(untouched(next.devDependencies)).toEqual(
      untouched(pkg.devDependencies).sort(([a], [b]) => a.localeCompare(b)),
    );
  });

  test("biome.json's ban on the provider's root import names the renamed package; its other text stays", () => {
    const text = read("biome.json");
    const next = m.rewriteBiomeConfig(text);
    const paths = JSON.parse(next).linter.rules.style.noRestrictedImports.options.paths;
    expect(Object.keys(paths)).toEqual(["@cdktn/provider-aws"]);
    expect(paths["@cdktn/provider-aws"]).toContain("(@cdktn/provider-aws/lib/<resource>)");
    expect(next).toContain('"!cdktf.out"');
    expect(next.replaceAll("@cdktn/provider-aws", "@cdktf/provider-aws")).toBe(text);
    // A config without the rule cannot silently lose it.
    expect(() => m.rewriteBiomeConfig(JSON.stringify({ linter: { rules: {} } }))).toThrow(
      "no noRestrictedImports rule for @cdktn/provider-aws",
    );
  });
});

describe("comparing a stack's cdktf and cdktn output", () => {
  const out = join(synthesizedOutdir(), "stacks", STACK_IDS[0]);
  const providerPackage = installed("@cdktf/provider-aws").cdktf;
  const versions: Versions = {
    cdktf: installed("cdktf").version,
    cdktn: "0.24.0",
    cdktfProvider: providerPackage?.provider.version ?? "",
    cdktnProvider: "6.66.0",
    providerAddress: providerPackage?.provider.name ?? "",
  };
  const cdktfJson = JSON.parse(readFileSync(join(out, "cdk.tf.json"), "utf8"));
  /** What cdktn 0.24 writes for the same stack (seen by the check): versions and the provider source. */
  function asCdktnWrites(): typeof cdktfJson {
    const json = structuredClone(cdktfJson);
    json["//"].metadata.version = versions.cdktn;
    json.terraform.required_providers.aws = { source: "hashicorp/aws", version: versions.cdktnProvider };
    return json;
  }
  const classify = (cdktn: unknown) =>
    m.classifyDifferences(m.diffJson(cdktfJson, cdktn), m.expectedDifferences(versions));

  test("the synthesized stack pins the provider and metadata the expectations start from", () => {
    expect(cdktfJson["//"].metadata.version).toBe(versions.cdktf);
    expect(cdktfJson.terraform.required_providers.aws.version).toBe(versions.cdktfProvider);
    expect(m.providerAddress(cdktfJson.terraform.required_providers.aws.source)).toBe(
      versions.providerAddress,
    );
  });

  test("library version, provider version and the provider source written in full are expected", () => {
    const { expected, unexpected } = classify(asCdktnWrites());
    expect(unexpected).toEqual([]);
    expect(expected.map((d) => d.path.join("."))).toEqual([
      "//.metadata.version",
      "terraform.required_providers.aws.source",
      "terraform.required_providers.aws.version",
    ]);
    expect(m.providerAddress("aws")).toBe("registry.terraform.io/hashicorp/aws");
    expect(m.providerAddress("hashicorp/aws")).toBe("registry.terraform.io/hashicorp/aws");
  });

  test("a renamed managed-by tag, another provider, another version or any resource change is unexpected", () => {
    const renamedTag = asCdktnWrites();
    renamedTag.provider.aws[0].default_tags[0].tags["managed-by"] = "cdktn";
    expect(classify(renamedTag).unexpected).toEqual([
      {
        path: ["provider", "aws", "0", "default_tags", "0", "tags", "managed-by"],
        cdktf: "cdktf",
        cdktn: "cdktn",
      },
    ]);

    const otherSource = asCdktnWrites();
    otherSource.terraform.required_providers.aws.source = "cdktn/aws";
    expect(classify(otherSource).unexpected.map((d) => d.path.join("."))).toEqual([
      "terraform.required_providers.aws.source",
    ]);

    const otherVersion = asCdktnWrites();
    otherVersion.terraform.required_providers.aws.version = "6.70.0";
    expect(classify(otherVersion).unexpected.map((d) => d.cdktn)).toEqual(["6.70.0"]);

    const resourceChange = asCdktnWrites();
    const [type, byName] = Object.entries(
      resourceChange.resource as Record<string, Record<string, object>>,
    )[0];
    const [name] = Object.keys(byName);
    (byName[name] as Record<string, unknown>).extra_attribute = true;
    expect(classify(resourceChange).unexpected).toEqual([
      { path: ["resource", type, name, "extra_attribute"], cdktf: undefined, cdktn: true },
    ]);
  });

  test("a whole stack: zips must be byte-identical, files present on both sides, the tag kept", () => {
    const files = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(out, join(entry.parentPath, entry.name)))
      .sort();
    const zips = files.filter((file) => !file.endsWith("cdk.tf.json"));
    expect(zips.length).toBeGreaterThan(0);
    const cdktnJson = asCdktnWrites();
    const side = (changes: { json?: object; zip?: Buffer } = {}) => ({
      cdktfFiles: files,
      cdktnFiles: files,
      versions,
      read: (which: "cdktf" | "cdktn", file: string) => {
        if (file.endsWith("cdk.tf.json")) {
          return Buffer.from(JSON.stringify(which === "cdktf" ? cdktfJson : (changes.json ?? cdktnJson)));
        }
        if (which === "cdktn" && changes.zip && file === zips[0]) return changes.zip;
        return readFileSync(join(out, file));
      },
    });

    const clean = m.compareStack(side());
    expect(clean.problems).toEqual([]);
    expect(clean.identicalFiles).toBe(zips.length);

    expect(m.compareStack(side({ zip: Buffer.from("rebuilt") })).problems).toEqual([
      `${zips[0]}: bytes differ`,
    ]);
    expect(
      m.compareStack({ ...side(), cdktnFiles: files.filter((file) => file !== zips[0]) }).problems,
    ).toEqual([`${zips[0]}: only in the cdktf output`]);

    const renamed = structuredClone(cdktnJson);
    renamed.provider.aws[0].default_tags[0].tags["managed-by"] = "cdktn";
    expect(m.compareStack(side({ json: renamed })).problems).toEqual([
      'cdk.tf.json: provider.aws.0.default_tags.0.tags.managed-by: "cdktf" -> "cdktn"',
      'cdk.tf.json: managed-by tag ["cdktf"] became ["cdktn"]',
    ]);
  });
});

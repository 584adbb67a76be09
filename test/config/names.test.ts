/**
 * Names built from several settings fail the synth with a settings error naming the setting, at the limits
 * AWS and HCP Terraform set: Lambda/IAM names 64 (Lambda FunctionName, IAM roleNameType), Cognito domain
 * prefixes 63 without aws/amazon/cognito (CreateUserPoolDomain), HCP Terraform workspace names 90 of
 * [A-Za-z0-9_-].
 */
import { cognitoDomain, name, workspaceName } from "../../config/names";
import { loadSettings, SettingsError } from "../../config/settings";

const problemsOf = (make: () => unknown): string[] => {
  try {
    make();
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error("no settings error");
};

test("a physical name over 64 characters names the prefix and environment settings", () => {
  const settings = { namePrefix: "a".repeat(16), environment: "e".repeat(12) };
  expect(name(settings, "rest-regional", "x".repeat(20))).toHaveLength(64);
  const [problem] = problemsOf(() => name(settings, "rest-regional", "x".repeat(21)));
  expect(problem).toContain(`APIGW_NAME_PREFIX = "${"a".repeat(16)}"`);
  expect(problem).toContain("(65 characters), over the 64");
});

test("the Cognito domain fits 63 characters with the stack's suffix, and avoids reserved words", () => {
  expect(cognitoDomain({ cognitoDomainPrefix: "c".repeat(54) }, "regional")).toHaveLength(63);
  expect(problemsOf(() => cognitoDomain({ cognitoDomainPrefix: "c".repeat(55) }, "regional"))[0]).toContain(
    "APIGW_COGNITO_DOMAIN_PREFIX",
  );
  for (const word of ["aws", "amazon", "cognito"]) {
    const [problem] = problemsOf(() => cognitoDomain({ cognitoDomainPrefix: `my-${word}-team` }, "http"));
    expect(problem).toContain(`contains "${word}"`);
  }
});

test("the settings refuse a Cognito prefix no stack suffix fits", () => {
  expect(() => loadSettings({ env: { APIGW_COGNITO_DOMAIN_PREFIX: "c".repeat(55) } })).toThrow(
    /APIGW_COGNITO_DOMAIN_PREFIX = "c{55}": expected 1-54/,
  );
});

test("HCP Terraform workspace names: a dot is refused by the setting, a long prefix by the name", () => {
  expect(() =>
    loadSettings({ env: { APIGW_TFC_ORGANIZATION: "org", APIGW_TFC_WORKSPACE_PREFIX: "team.dev" } }),
  ).toThrow(/APIGW_TFC_WORKSPACE_PREFIX = "team.dev": expected 1-89 letters, digits, - and _/);
  expect(workspaceName({ tfcWorkspacePrefix: "w".repeat(76) }, "rest-regional")).toHaveLength(90);
  const [problem] = problemsOf(() => workspaceName({ tfcWorkspacePrefix: "w".repeat(77) }, "rest-regional"));
  expect(problem).toContain("shorten the prefix to at most 76 characters");
});

import { TerraformStack, Testing } from "cdktf";
import { loadSettings, SettingsError } from "../../config/settings";
import { stateBackend } from "../../constructs/state-backend";
import { stateBackendProps } from "../../stacks/operations";

function backendFor(env: Record<string, string>): Record<string, unknown> {
  const app = Testing.app();
  const stack = new TerraformStack(app, "http-api");
  stateBackend(stack, stateBackendProps(stack.node.id, loadSettings({ env })));
  const json = JSON.parse(Testing.synth(stack)) as { terraform: Record<string, unknown> };
  const { backend, cloud } = json.terraform as {
    backend?: Record<string, unknown>;
    cloud?: Record<string, unknown>;
  };
  return backend ?? { cloud };
}

describe("state backend", () => {
  test("is a local file in the project root by default, addressed relative to the stack folder", () => {
    expect(backendFor({})).toEqual({ local: { path: "../../../terraform.http-api.tfstate" } });
  });

  test("is an HCP Terraform workspace per stack when an organization is set", () => {
    expect(backendFor({ APIGW_TFC_ORGANIZATION: "acme" })).toEqual({
      cloud: {
        organization: "acme",
        hostname: "app.terraform.io",
        workspaces: { name: "apigw-dev-http-api" },
      },
    });
    expect(
      backendFor({
        APIGW_TFC_ORGANIZATION: "acme",
        APIGW_TFC_WORKSPACE_PREFIX: "payments",
        APIGW_TFC_HOSTNAME: "tfe.acme.com",
      }),
    ).toEqual({
      cloud: { organization: "acme", hostname: "tfe.acme.com", workspaces: { name: "payments-http-api" } },
    });
  });

  test("is S3 with encryption and native locking when a bucket is set", () => {
    expect(backendFor({ APIGW_STATE_BUCKET: "acme-tf-state", APIGW_ENVIRONMENT: "prod" })).toEqual({
      s3: {
        bucket: "acme-tf-state",
        key: "apigw/prod/http-api.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(
      backendFor({ APIGW_STATE_BUCKET: "acme-tf-state", APIGW_STATE_REGION: "eu-west-1" }),
    ).toMatchObject({
      s3: { region: "eu-west-1" },
    });
  });

  test.each([
    [
      { APIGW_TFC_ORGANIZATION: "acme", APIGW_STATE_BUCKET: "acme-tf-state" },
      "both choose where state lives",
    ],
    [{ APIGW_STATE_REGION: "eu-west-1" }, "without APIGW_STATE_BUCKET"],
    [{ APIGW_STATE_BUCKET: "Bad_Bucket" }, "an S3 bucket name"],
  ])("rejects %j", (env, message) => {
    expect(() => loadSettings({ env })).toThrow(SettingsError);
    expect(() => loadSettings({ env })).toThrow(message);
  });
});

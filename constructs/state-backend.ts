import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import { workspaceName } from "../config/names";
import type { Settings } from "../config/settings";

type StateSettings = Pick<
  Settings,
  | "tfcOrganization"
  | "tfcHostname"
  | "tfcWorkspacePrefix"
  | "stateBucket"
  | "stateRegion"
  | "namePrefix"
  | "environment"
  | "region"
>;

/**
 * Where a stack keeps its Terraform state, chosen by settings:
 * - HCP Terraform (Terraform Cloud) when an organization is set: one workspace per stack, `<prefix>-<stack>`,
 *   so `cdktf deploy <stack>` and CLI-driven runs use it;
 * - S3 when a bucket is set: encrypted, with S3-native locking (`use_lockfile`, no DynamoDB lock table);
 * - otherwise a local file `terraform.<stack>.tfstate` in the project root, addressed relative to the stack's
 *   folder `cdktf.out/stacks/<stack>` (where Terraform runs), so the output holds no absolute path.
 */
export function stateBackend(stack: TerraformStack, settings: StateSettings): void {
  const stackId = stack.node.id;
  if (settings.tfcOrganization) {
    new CloudBackend(stack, {
      organization: settings.tfcOrganization,
      hostname: settings.tfcHostname,
      workspaces: new NamedCloudWorkspace(workspaceName(settings, stackId)),
    });
    return;
  }
  if (settings.stateBucket) {
    const backend = new S3Backend(stack, {
      bucket: settings.stateBucket,
      key: `${settings.namePrefix}/${settings.environment}/${stackId}.tfstate`,
      region: settings.stateRegion ?? settings.region,
      encrypt: true,
    });
    // cdktf 0.21's S3 backend config predates Terraform 1.10's native S3 locking.
    backend.addOverride("use_lockfile", true);
    return;
  }
  new LocalBackend(stack, { path: `../../../terraform.${stackId}.tfstate` });
}

import { LocalBackend, type TerraformStack } from "cdktf";

/**
 * Where a stack keeps its Terraform state. Local by default: `terraform.<stack>.tfstate` in the project root,
 * written as a path relative to the stack's folder in `cdktf.out/stacks/<stack>` (where Terraform runs), so the
 * synthesized JSON holds no machine-specific absolute path and re-synthesizing never touches the state.
 */
export function stateBackend(stack: TerraformStack): void {
  const stackId = stack.node.id;
  new LocalBackend(stack, { path: `../../../terraform.${stackId}.tfstate` });
}

import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";

/** A local state file. */
export interface LocalStateProps {
  readonly kind: "local";
  /**
   * Path of the state file, relative to the stack's folder `cdktf.out/stacks/<stack>` (where Terraform runs).
   * @default "../../../terraform.<stack id>.tfstate": in the project root, no absolute path in the output
   */
  readonly path?: string;
}

/** An HCP Terraform (Terraform Cloud) or Terraform Enterprise workspace. */
export interface CloudStateProps {
  readonly kind: "cloud";
  readonly organization: string;
  /** @default "app.terraform.io" */
  readonly hostname?: string;
  /** Workspace name. */
  readonly workspace: string;
}

/** An S3 object, encrypted, locked with an S3 lock file (no DynamoDB lock table). */
export interface S3StateProps {
  readonly kind: "s3";
  readonly bucket: string;
  /** Object key of the state. */
  readonly key: string;
  /** Region of the bucket. */
  readonly region: string;
}

export type StateBackendProps = LocalStateProps | CloudStateProps | S3StateProps;

/** Where a stack keeps its Terraform state. */
export function stateBackend(stack: TerraformStack, props: StateBackendProps): void {
  if (props.kind === "cloud") {
    new CloudBackend(stack, {
      organization: props.organization,
      hostname: props.hostname ?? "app.terraform.io",
      workspaces: new NamedCloudWorkspace(props.workspace),
    });
    return;
  }
  if (props.kind === "s3") {
    const backend = new S3Backend(stack, {
      bucket: props.bucket,
      key: props.key,
      region: props.region,
      encrypt: true,
    });
    // cdktf 0.21's S3 backend config predates Terraform 1.10's native S3 locking.
    backend.addOverride("use_lockfile", true);
    return;
  }
  new LocalBackend(stack, { path: props.path ?? `../../../terraform.${stack.node.id}.tfstate` });
}

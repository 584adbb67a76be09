/** The synthesized Terraform JSON of one stack (`cdktf.out/stacks/<id>/cdk.tf.json`): the parts this reads. */
export type Block = Record<string, unknown>;

export interface OutputBlock {
  readonly value: unknown;
  readonly description?: string;
  readonly sensitive?: boolean;
  /** Addresses (`aws_x.y`) the output waits for, written without `${}`. */
  readonly depends_on?: readonly string[];
}

export interface TerraformJson {
  resource?: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  output?: Record<string, OutputBlock>;
  provider?: Record<string, unknown[]>;
  locals?: Record<string, unknown>;
  variable?: Record<string, { default?: unknown; type?: string; description?: string }>;
  /** Backend and required providers. */
  terraform?: Record<string, unknown>;
}

/** One synthesized stack on disk. */
export interface StackFile {
  /** The stack id: the folder name under `cdktf.out/stacks`. */
  readonly id: string;
  /** The folder holding `cdk.tf.json` and `assets/` (Lambda `filename`s are relative to it). */
  readonly dir: string;
  readonly json: TerraformJson;
}

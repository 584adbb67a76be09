/** The synthesized Terraform JSON of one stack (`cdktf.out/stacks/<id>/cdk.tf.json`), as far as the gateway reads it. */
export type Block = Record<string, unknown>;

export interface TerraformJson {
  resource?: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  provider?: Record<string, Block[]>;
  locals?: Record<string, unknown>;
  variable?: Record<string, { default?: unknown }>;
  [key: string]: unknown;
}

/** One synthesized stack on disk. */
export interface StackFile {
  /** The stack id: the folder name under `cdktf.out/stacks`. */
  readonly id: string;
  /** The folder holding `cdk.tf.json` and `assets/` (Lambda `filename`s are relative to it). */
  readonly dir: string;
  readonly json: TerraformJson;
}

/** Reading nested blocks of synthesized Terraform JSON. */

export type Raw = Record<string, unknown>;

/** A single nested block, written by cdktf as an object or as a one-element list. */
export function firstBlock(value: unknown): Raw | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item && typeof item === "object" ? (item as Raw) : undefined;
}

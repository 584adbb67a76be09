/** Reading nested blocks of synthesized Terraform JSON: cdktf writes a single nested block as an object or as a one-element list. */

export type Raw = Record<string, unknown>;

/** A single nested block, written by cdktf as an object or as a one-element list. */
export function firstBlock(value: unknown): Raw | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item && typeof item === "object" ? (item as Raw) : undefined;
}

/** A value at a path of nested blocks (a one-element list of blocks at the end is unwrapped too). */
export function at(block: unknown, ...path: string[]): unknown {
  let current: unknown = block;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Raw)[key];
  }
  return Array.isArray(current) && path.length > 0 && current.length === 1 && typeof current[0] === "object"
    ? current[0]
    : current;
}

/** Every item of a repeated nested block (a list, or one object). */
export function each(value: unknown): Raw[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (item): item is Raw => typeof item === "object" && item !== null,
  );
}

/** A boolean attribute: cdktf writes `true`, or `"true"` when it came from a token. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

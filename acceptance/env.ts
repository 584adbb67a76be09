/** The environment the runner reads (process.env, or a test's own). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The value when it is a non-empty string: an unset variable and an empty one mean the same. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

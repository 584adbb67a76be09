/** The handlers' environment variables (the stack sets them from validated settings). */

/** A positive integer from the environment, or `fallback` when unset or not a positive integer. */
export function positiveIntegerFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

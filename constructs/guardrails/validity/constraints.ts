/**
 * What a value sent to AWS must satisfy: the provider's validators (`validation.StringLenBetween`,
 * `StringMatch`, `StringInSlice`, `IntBetween`, ...) and the API shapes' `min`/`max`/`pattern`/`enum`.
 * A constraint says in words what it requires, for the synth error, and tests one known value.
 */
export interface Constraint {
  /** What is required, e.g. `1-256 characters`. */
  readonly describe: string;
  /** Looks only at how many items a list has, so a list with values known only at apply can be tested. */
  readonly countsOnly?: boolean;
  test(value: unknown): boolean;
}

/** String length in characters (the API models count Unicode characters, as JavaScript's code points). */
export function length(min: number, max: number): Constraint {
  return {
    describe: min === max ? `exactly ${min} characters` : `${min}-${max} characters`,
    test: (value) => typeof value === "string" && between(min, max).test([...value].length),
  };
}

/** A whole-string pattern. `what` says it in words; the pattern itself is shown too. */
export function pattern(regex: RegExp, what: string): Constraint {
  return {
    describe: `${what} (pattern ${regex.source})`,
    test: (value) => typeof value === "string" && regex.test(value),
  };
}

export function oneOf(values: readonly (string | number | boolean)[]): Constraint {
  return {
    describe: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    test: (value) => values.includes(value as string),
  };
}

/** A number in a closed range; an integer when `integer` is set. */
export function between(min: number, max: number, integer = true): Constraint {
  return {
    describe: `${integer ? "an integer" : "a number"} from ${min} to ${max}`,
    test: (value) =>
      typeof value === "number" && value >= min && value <= max && (!integer || Number.isInteger(value)),
  };
}

/** How many items a list may hold. */
export function count(min: number, max: number): Constraint {
  return {
    describe: `a list of ${min}-${max} items`,
    countsOnly: true,
    test: (value) => Array.isArray(value) && value.length >= min && value.length <= max,
  };
}

/** Every constraint holds. */
export function all(...constraints: Constraint[]): Constraint {
  return {
    describe: constraints.map((c) => c.describe).join(", and "),
    test: (value) => constraints.every((c) => c.test(value)),
  };
}

/** A JSON document (IAM and resource policies, Lambda environment maps written as JSON). */
export const json: Constraint = {
  describe: "valid JSON",
  test: (value) => {
    if (typeof value !== "string") return false;
    try {
      JSON.parse(value);
      return true;
    } catch {
      return false;
    }
  },
};

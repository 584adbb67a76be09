/** One acceptance case: a name for the report and a check that throws with what it expected and got. */
export interface AcceptanceCase {
  readonly name: string;
  run(): Promise<void>;
}

/** A failed expectation; the message is the whole story (request, expected and actual answer). */
export class CaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaseFailure";
  }
}

export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new CaseFailure(message());
}

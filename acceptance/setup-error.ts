/** Something the user must set or do before the cases can run: every problem found, each saying the fix. */
export class SetupError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "SetupError";
  }
}

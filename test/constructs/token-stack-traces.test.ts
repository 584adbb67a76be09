/** Tokens created inside withoutTokenStackTraces carry no creation stack; errors keep theirs; the hook is scoped. */
import { Lazy, Tokenization } from "cdktf";
import { withoutTokenStackTraces } from "../../constructs/token-stack-traces";

function lazyCreationStack(): string[] {
  const token = Lazy.stringValue({ produce: () => "value" });
  const resolvable = Tokenization.reverseString(token).firstToken;
  if (!resolvable) throw new Error("not a token");
  return resolvable.creationStack;
}

describe("withoutTokenStackTraces", () => {
  test("tokens created inside have an empty creation stack, outside a full one", () => {
    expect(withoutTokenStackTraces(lazyCreationStack)).toEqual([]);
    expect(lazyCreationStack().length).toBeGreaterThan(0);
  });

  test("an Error created inside keeps its message and call sites", () => {
    const stack = withoutTokenStackTraces(() => new Error("boom").stack ?? "");
    expect(stack.split("\n")[0]).toBe("Error: boom");
    expect(stack).toMatch(/\n {4}at .*token-stack-traces\.test\.ts/);
  });

  test("returns the result and removes the hook, also when the build throws", () => {
    const before = Error.prepareStackTrace;
    expect(withoutTokenStackTraces(() => 42)).toBe(42);
    expect(Error.prepareStackTrace).toBe(before);
    expect(() =>
      withoutTokenStackTraces(() => {
        throw new Error("failed build");
      }),
    ).toThrow("failed build");
    expect(Error.prepareStackTrace).toBe(before);
  });
});

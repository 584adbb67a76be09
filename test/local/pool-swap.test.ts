/**
 * A function pool given new code (a reload): the new code loads on a new instance before anything switches to
 * it; the invocation running finishes on the old code, one handed to the old instance ahead of time runs on
 * the new code instead; code that fails to load (or takes too long to) changes nothing. And a pool run for a
 * debugger: neither the function's timeout nor the caller's deadline ends an invocation.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FunctionPool, type FunctionSpec } from "../../local/functions/pool";

function code(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "apigw-pool-swap-"));
  writeFileSync(join(dir, "index.mjs"), source);
  return dir;
}

const version = (v: number) =>
  code(`
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const handler = async (event) => { await sleep(event.ms ?? 0); return { v: ${v}, n: event.n }; };`);

function spec(dir: string, over: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    dir,
    handler: "index.handler",
    functionName: "swapped",
    functionArn: "arn:aws:lambda:us-east-1:123456789012:function:swapped",
    memoryMb: 128,
    logGroupName: "/aws/lambda/swapped",
    env: {},
    timeoutMs: 10_000,
    maxInstances: 1,
    ...over,
  };
}

const payload = async (outcome: Promise<import("../../local/functions/pool").InvokeOutcome>) => {
  const result = await outcome;
  return result.kind === "ok" ? JSON.parse(result.payload) : result;
};

describe("FunctionPool with new code", () => {
  test("the running invocation ends on the old code; the one handed ahead and later ones run the new code", async () => {
    const pool = new FunctionPool(spec(version(1)), { output: () => undefined });
    try {
      await payload(pool.invoke(JSON.stringify({ n: 0 }), "warm", 10_000)); // one warm instance
      // Long enough for the new code to load meanwhile, even on a busy machine.
      const running = pool.invoke(JSON.stringify({ n: 1, ms: 3_000 }), "r1", 10_000);
      const handedAhead = pool.invoke(JSON.stringify({ n: 2 }), "r2", 10_000); // the cap is 1: it waits in it
      const next = version(2);
      expect(await pool.prepare(spec(next))).toBeUndefined();
      expect(pool.spec.dir).toBe(next);
      await expect(payload(running)).resolves.toEqual({ v: 1, n: 1 });
      await expect(payload(handedAhead)).resolves.toEqual({ v: 2, n: 2 });
      await expect(payload(pool.invoke(JSON.stringify({ n: 3 }), "r3", 10_000))).resolves.toEqual({
        v: 2,
        n: 3,
      });
      // The old instance stopped after its invocation: only the new one is left.
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  test("code that does not load, or loads too slowly, changes nothing", async () => {
    const pool = new FunctionPool(spec(version(1)), { output: () => undefined });
    try {
      const throws = await pool.prepare(spec(code(`throw new Error("init boom");`)));
      expect(throws).toMatchObject({
        errorType: "Runtime.ImportModuleError",
        errorMessage: expect.stringContaining("init boom"),
      });
      const missing = await pool.prepare(spec(code(`export const other = 1;`)));
      expect(missing).toMatchObject({ errorType: "Runtime.HandlerNotFound" });
      const slow = await pool.prepare(
        spec(code(`await new Promise((r) => setTimeout(r, 5000)); export const handler = () => 1;`)),
        200,
      );
      expect(slow?.errorMessage).toContain("did not finish within 0.2 s");
      await expect(payload(pool.invoke(JSON.stringify({ n: 4 }), "r4", 10_000))).resolves.toEqual({
        v: 1,
        n: 4,
      });
    } finally {
      await pool.close();
    }
  });
});

describe("FunctionPool for a debugger", () => {
  test("an invocation outlives the function's timeout and the caller's deadline", async () => {
    const short = { timeoutMs: 100 };
    const plain = new FunctionPool(spec(version(1), short), { output: () => undefined });
    const debugging = new FunctionPool(spec(version(1), short), { output: () => undefined, debugging: true });
    try {
      const event = JSON.stringify({ n: 5, ms: 400 });
      await expect(payload(plain.invoke(event, "p", 10_000))).resolves.toMatchObject({
        kind: "error",
        error: { errorType: "Sandbox.Timedout" },
      });
      await expect(payload(debugging.invoke(event, "d", 150))).resolves.toEqual({ v: 1, n: 5 });
    } finally {
      await plain.close();
      await debugging.close();
    }
  });
});

describe("FunctionPool dropped by a reload", () => {
  test("closeWhenIdle lets the running call finish, within its grace", async () => {
    const finishing = new FunctionPool(spec(version(1)), { output: () => undefined });
    const cut = new FunctionPool(spec(version(1)), { output: () => undefined });
    const finished = finishing.invoke(JSON.stringify({ n: 1, ms: 300 }), "f", 10_000);
    const longer = cut.invoke(JSON.stringify({ n: 2, ms: 5_000 }), "c", 10_000);
    await Promise.all([finishing.closeWhenIdle(5_000), cut.closeWhenIdle(100)]);
    await expect(payload(finished)).resolves.toEqual({ v: 1, n: 1 });
    await expect(payload(longer)).resolves.toMatchObject({
      kind: "error",
      error: { errorType: "Local.GatewayClosed" },
    });
    // Closed: a later call is refused, not run.
    await expect(payload(finishing.invoke("{}", "late", 10_000))).resolves.toMatchObject({ kind: "error" });
  });
});

/**
 * The function pool on its own: one invocation at a time per instance, also with invocations handed to busy
 * instances ahead of time (and taken back by an instance that becomes free first); instances started for a
 * burst stop after the surplus idle TTL while the most recently used one stays warm.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FunctionPool, type InvokeOutcome } from "../../local/functions/pool";

const SLEEPY = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let active = 0;
export const handler = async (event, context) => {
  if (event.report) {
    active++;
    const report = { n: event.n, active, remainingMs: context.getRemainingTimeInMillis() };
    await sleep(event.ms);
    active--;
    return report;
  }
  await sleep(event.ms);
  return event.n;
};`;

function poolFor(idleTtlMs: number, surplusIdleTtlMs: number): FunctionPool {
  const dir = mkdtempSync(join(tmpdir(), "apigw-pool-test-"));
  writeFileSync(join(dir, "index.mjs"), SLEEPY);
  return new FunctionPool(
    {
      dir,
      handler: "index.handler",
      functionName: "sleepy",
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:sleepy",
      memoryMb: 128,
      logGroupName: "/aws/lambda/sleepy",
      env: {},
      timeoutMs: 10_000,
      maxInstances: 2,
    },
    { output: () => undefined, idleTtlMs, surplusIdleTtlMs },
  );
}

const call = (pool: FunctionPool, n: number, ms = 0, report = false): Promise<InvokeOutcome> =>
  pool.invoke(JSON.stringify({ n, ms, report }), `request-${n}`, 10_000);

const waitFor = async (condition: () => boolean, withinMs: number): Promise<void> => {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("FunctionPool queueing", () => {
  test("at the cap, each instance runs one invocation at a time, each with its whole timeout", async () => {
    const pool = poolFor(60_000, 60_000);
    try {
      const outcomes = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => call(pool, n, 50, true)));
      const reports = outcomes.map((outcome) =>
        outcome.kind === "ok" ? JSON.parse(outcome.payload) : outcome,
      );
      expect(reports.map((report) => report.n)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const report of reports) {
        expect(report.active).toBe(1);
        // The timeout counts from the start of the invocation, not from when it was handed over.
        expect(report.remainingMs).toBeGreaterThan(9_000);
      }
      expect(pool.size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  test("an invocation waiting behind a long one moves to the instance that becomes free first", async () => {
    const pool = poolFor(60_000, 60_000);
    try {
      const finished: number[] = [];
      const track = (promise: Promise<InvokeOutcome>, n: number) => promise.then(() => finished.push(n));
      const slow = track(call(pool, 1, 1_500), 1);
      const fast = track(call(pool, 2, 100), 2);
      await new Promise((resolve) => setTimeout(resolve, 30));
      // Both instances are busy: 3 is handed to one of them ahead of time.
      const third = track(call(pool, 3), 3);
      await Promise.all([slow, fast, third]);
      expect(finished).toEqual([2, 3, 1]);
      expect(pool.coldStarts).toBe(2);
    } finally {
      await pool.close();
    }
  });

  test("an invocation handed ahead behind a long one runs before later ones (first in, first out)", async () => {
    const pool = poolFor(60_000, 60_000);
    try {
      const finished: number[] = [];
      const track = (promise: Promise<InvokeOutcome>, n: number) => promise.then(() => finished.push(n));
      const calls = [track(call(pool, 1, 1_500), 1), track(call(pool, 2, 100), 2)];
      await new Promise((resolve) => setTimeout(resolve, 30));
      // 3 and 4 are handed to the two busy instances ahead of time; 5 waits in the queue.
      for (const n of [3, 4, 5]) calls.push(track(call(pool, n), n));
      await Promise.all(calls);
      expect(finished.indexOf(3)).toBeLessThan(finished.indexOf(5));
      expect(finished.at(-1)).toBe(1);
    } finally {
      await pool.close();
    }
  });
});

describe("FunctionPool scale-in", () => {
  test("a burst's extra instance stops after the surplus TTL; the most recently used one stays warm", async () => {
    const pool = poolFor(60_000, 300);
    try {
      const burst = await Promise.all([call(pool, 1, 200), call(pool, 2, 200)]);
      expect(burst.map((outcome) => outcome.kind)).toEqual(["ok", "ok"]);
      expect(pool.size).toBe(2);
      // Keep one instance in use: only the other one is surplus.
      const kept = await call(pool, 3);
      expect(kept).toEqual({ kind: "ok", payload: "3", cold: false });
      await waitFor(() => pool.size === 1, 5_000);
      const after = await call(pool, 4);
      expect(after).toEqual({ kind: "ok", payload: "4", cold: false });
      expect(pool.coldStarts).toBe(2);
    } finally {
      await pool.close();
    }
  });

  test("a busy instance is never stopped, however long the others are idle", async () => {
    const pool = poolFor(60_000, 150);
    try {
      await Promise.all([call(pool, 1, 50), call(pool, 2, 50)]);
      const long = call(pool, 3, 1_000);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(pool.size).toBe(1);
      expect(await long).toEqual({ kind: "ok", payload: "3", cold: false });
    } finally {
      await pool.close();
    }
  });

  test("the idle TTL stops the last instance too", async () => {
    const pool = poolFor(300, 300);
    try {
      expect((await call(pool, 1)).cold).toBe(true);
      await waitFor(() => pool.size === 0, 5_000);
      expect((await call(pool, 2)).cold).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

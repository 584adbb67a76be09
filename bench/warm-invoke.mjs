// Warm invocations: import once, answer the event `count` times, report the median per-call time on fd 3.
// Usage: node bench/warm-invoke.mjs <bundle file> <count> [event json]
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";

const module = await import(pathToFileURL(process.argv[2]).href);
const count = Number(process.argv[3]);
const event = JSON.parse(process.argv[4] ?? "{}");
const context = { awsRequestId: "bench", getRemainingTimeInMillis: () => 10_000 };
// Authorizers answer "Unauthorized" by throwing: an answer all the same.
const invoke = () => module.handler(event, context).catch(() => undefined);
for (let i = 0; i < 200; i++) await invoke(); // let the JIT settle
const times = [];
for (let i = 0; i < count; i++) {
  const started = performance.now();
  await invoke();
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
writeSync(
  3,
  `${JSON.stringify({ medianMs: times[Math.floor(count / 2)], p99Ms: times[Math.floor(count * 0.99)] })}\n`,
);

// One cold start: import a Lambda bundle in this fresh process and answer one event, as the runtime does.
// Writes {"initMs", "firstAnswerMs"} on fd 3. Usage: node bench/cold-start.mjs <bundle file> [event json]
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";

const started = performance.now();
const module = await import(pathToFileURL(process.argv[2]).href);
const imported = performance.now();
const context = { awsRequestId: "bench", getRemainingTimeInMillis: () => 10_000 };
try {
  await module.handler(JSON.parse(process.argv[3] ?? "{}"), context);
} catch {
  // Authorizers answer "Unauthorized" by throwing: an answer all the same.
}
const answered = performance.now();
writeSync(3, `${JSON.stringify({ initMs: imported - started, firstAnswerMs: answered - started })}\n`);

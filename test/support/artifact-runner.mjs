// Loads a Lambda artifact the way the Node.js runtime does and invokes it once per JSON line on stdin,
// answering one JSON line per event on file descriptor 3: {"result": ...} or {"error": "..."}.
// stdout and stderr stay the function's own (its logs), as in Lambda.
// Usage: node artifact-runner.mjs <unzipped dir> <handler attribute, e.g. index.handler>
import { createWriteStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const [dir, handlerAttribute] = process.argv.slice(2);
const dot = handlerAttribute.lastIndexOf(".");
const moduleName = handlerAttribute.slice(0, dot);
const exportName = handlerAttribute.slice(dot + 1);
const file = [".js", ".mjs", ".cjs"]
  .map((ext) => join(dir, moduleName + ext))
  .find((path) => existsSync(path));
if (!file) throw new Error(`Runtime.ImportModuleError: cannot find module ${moduleName} in ${dir}`);
const module = await import(pathToFileURL(file).href);
const handler = module[exportName];
if (typeof handler !== "function")
  throw new Error(`Runtime.HandlerNotFound: ${handlerAttribute} is not a function`);

const answers = createWriteStream(null, { fd: 3 });
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === "") continue;
  try {
    const result = await handler(JSON.parse(line), {
      awsRequestId: "test",
      getRemainingTimeInMillis: () => 10_000,
    });
    answers.write(`${JSON.stringify({ result: result ?? null })}\n`);
  } catch (error) {
    answers.write(`${JSON.stringify({ error: String(error?.stack ?? error) })}\n`);
  }
}

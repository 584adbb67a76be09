/**
 * The JavaScript file a function's worker thread runs. From the transpiled gateway (dist/local/functions)
 * that is the sibling `worker.js`; when the gateway runs from TypeScript (the tests), `worker.ts` is built
 * once with esbuild into a cache file.
 */

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let cached: string | undefined;

export function workerFile(): string {
  if (cached) return cached;
  const compiled = join(__dirname, "worker.js");
  if (existsSync(compiled)) {
    cached = compiled;
    return cached;
  }
  const source = join(__dirname, "worker.ts");
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  const result = buildSync({
    entryPoints: [source],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), "apigw-local");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `worker-${hash}.js`);
  if (!existsSync(file) || readFileSync(file).length !== code.length) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, file);
  }
  cached = file;
  return cached;
}
